/**
 * The action node as an AI Agent tool (issue 18): what n8n's tool wrapper
 * tells the model, built the way n8n builds the "MPservices Tool" variant
 * (n8n/dist/tool-generation/ai-tools.js: the node's description with
 * usableAsTool.replacements, plus Tool Description) and described with
 * n8n-workflow's own getToolDescriptionForNode; the arguments' schema with
 * its $fromAI parsing, as n8n-core's createNodeAsTool does.
 */
import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';
import { deepCopy, generateZodSchema, NodeHelpers, traverseNodeParameters } from 'n8n-workflow';
import type { FromAIArgument } from 'n8n-workflow';

import { MpServices, TOOL_DESCRIPTION } from '../nodes/MpServices/MpServices.node';

function toolVariant(): INodeTypeDescription {
	const base = new MpServices().description;
	const usable = base.usableAsTool;
	const description = { ...deepCopy(base), ...(typeof usable === 'object' ? usable.replacements : {}) } as INodeTypeDescription;
	const toolDescription: INodeProperties = { displayName: 'Description', name: 'toolDescription', type: 'string', default: description.description, displayOptions: { show: { descriptionType: ['manual'] } } };
	const descriptionType: INodeProperties = { displayName: 'Tool Description', name: 'descriptionType', type: 'options', options: [{ name: 'Set Automatically', value: 'auto' }, { name: 'Set Manually', value: 'manual' }], default: 'auto' };
	return { ...description, displayName: `${base.displayName} Tool`, properties: [descriptionType, toolDescription, ...description.properties] };
}

const nodeWith = (parameters: INode['parameters']): INode => ({ id: 't', name: 'MPservices', type: 'n8n-nodes-mpservices.mpServicesTool', typeVersion: 1, position: [0, 0], parameters });
const tool = { description: toolVariant() } as never;

test('set automatically, each operation tells the model what it returns; the lists say they hold only two days', () => {
	const describe = (resource: string, operation: string) => NodeHelpers.getToolDescriptionForNode(nodeWith({ resource, operation, descriptionType: 'auto' }), tool);
	expect(describe('workOrder', 'getAll')).toBe('Get many work orders created in the last two days in MPservices');
	expect(describe('inventoryMovement', 'getAll')).toBe('Get many inventory movements created in the last two days in MPservices');
	expect(describe('product', 'upsert')).toBe('Create or update a product by its external ID in MPservices');
	expect(describe('product', 'updateStockCost')).toBe('Update stock and cost of a product in MPservices');
	expect(describe('product', 'create')).toBe('Create a product in MPservices');
});

test('set manually, Tool Description is prefilled with the whole picture: the two-day window and what each filter means', () => {
	const toolDescription = tool as { description: INodeTypeDescription };
	const prefilled = toolDescription.description.properties.find((p) => p.name === 'toolDescription')!.default as string;
	expect(prefilled).toBe(TOOL_DESCRIPTION);
	for (const phrase of ['only those created in the last two days', 'nothing older can be read', 'folio (the work order number, exact)', 'item external ID', 'create or update']) {
		expect(prefilled).toContain(phrase);
	}
	expect(NodeHelpers.getToolDescriptionForNode(nodeWith({ resource: 'workOrder', operation: 'getAll', descriptionType: 'manual', toolDescription: prefilled }), tool)).toBe(TOOL_DESCRIPTION);
	// The regular node keeps its own description in the nodes panel.
	expect(new MpServices().description.description).toBe('Read work orders and inventory movements from MPservices, and create products or update their stock and cost');
});

test("a parameter filled by the model with $fromAI reaches the tool's schema with its description", () => {
	const node = nodeWith({
		resource: 'workOrder',
		operation: 'getAll',
		returnAll: true,
		filters: { folio: "={{ $fromAI('folio', 'The work order number (folio), as the client says it', 'string') }}", status: "={{ $fromAI('status', 'any, open or closed', 'string') }}" },
	});
	const collected: FromAIArgument[] = [];
	traverseNodeParameters(node.parameters, collected);
	const schema = Object.fromEntries(collected.map((argument) => [argument.key, generateZodSchema(argument).description]));
	expect(schema).toEqual({ folio: 'The work order number (folio), as the client says it', status: 'any, open or closed' });
});
