import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { inventoryMovement } from './inventoryMovement';
import type { Operation, Resource } from './operation';
import { product } from './product';
import { workOrder } from './workOrder';

/**
 * Every resource of the MPservices node, in the order the editor lists them. A new operation is its own file plus one line
 * in its resource's index.ts; everything below (the parameters, the router's dispatch, the subtitle and the AI tool's
 * description) is derived from this list.
 */
export const RESOURCES: Resource[] = [inventoryMovement, product, workOrder];

/** The Operation selector of a resource and every operation's parameters, each shown for its own operation. */
function resourceProperties(resource: Resource): INodeProperties[] {
	// The first operation of the resource's list: saved workflows that left Operation at its default depend on it.
	const defaultOperation = resource.operations[0].value;
	const operation: INodeProperties = {
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: [resource.value] } },
		options: resource.operations
			.map(({ name, value, description, action }) => ({ name, value, description, action }))
			.sort((a, b) => a.name.localeCompare(b.name)),
		default: defaultOperation,
	};
	const shownFor = (value: string) => ({ show: { resource: [resource.value], operation: [value] } });
	return [operation, ...resource.operations.flatMap(({ value, properties }) => updateDisplayOptions(shownFor(value), properties))];
}

/** The node's parameters: Resource, then each resource's Operation and each operation's own. */
export const properties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: RESOURCES.map(({ name, value }) => ({ name, value })),
		default: 'workOrder',
	},
	...RESOURCES.flatMap(resourceProperties),
];

/** The operation a resource and operation value stand for, if there is one. */
export function findOperation(resource: string, operation: string): Operation | undefined {
	return RESOURCES.find((r) => r.value === resource)?.operations.find((o) => o.value === operation);
}

/** The canvas subtitle: the labels picked ("Update Stock and Cost: Product"), not the stored values. */
export const subtitle = `={{ ${JSON.stringify(
	Object.fromEntries(RESOURCES.flatMap((r) => r.operations.map((o) => [`${r.value}:${o.value}`, `${o.name}: ${r.name}`]))),
)}[$parameter["resource"] + ":" + $parameter["operation"]] }}`;

/** What an AI Agent's model is told of the tool when its description is set manually (prefilled with this). */
export const TOOL_DESCRIPTION = ['MPservices, a maintenance-management system (CMMS).', ...RESOURCES.map((r) => r.toolHint)].join(' ');
