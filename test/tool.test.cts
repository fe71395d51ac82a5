/**
 * The action node as an AI tool, through n8n-core's own code: the
 * engine harness connects our node as `ai_tool` to a host node that asks
 * n8n-core for its tools (getInputConnectionData → createNodeAsTool: the name,
 * description and $fromAI schema an AI Agent or the MCP Server Trigger gets)
 * and calls them (makeHandleToolInvocation: our node runs with the model's
 * arguments, against the sandbox). Nothing of n8n's tool building is copied
 * here. The "MPservices Tool" variant n8n's CLI makes of our description
 * (Tool Description, prefilled) and the real AI Agent and MCP Server Trigger
 * are checked in the real n8n by test/e2e/ai.js.
 */
import type { IDataObject } from 'n8n-workflow';

import { MpServices, TOOL_DESCRIPTION } from '../nodes/MpServices/MpServices.node';
import { simplifyWorkOrder } from '../nodes/shared/kinds/workOrder';

test('the tool description prefilled for Tool Description names Include Parts and what it adds', () => {
	expect(TOOL_DESCRIPTION).toMatch(/Include Parts option on, each work order also has its parts \(parts: .*\) and their cost \(partsCost\)/);
});
import type { OfferedTool, Sandbox } from './harness.cjs';
import { API_KEY, runAsTools, useSandbox } from './harness.cjs';

const env = useSandbox();

const { AI_TOOLS } = require('../scripts/lib/workflows');
const GET_WORK_ORDERS = AI_TOOLS.getWorkOrders;
const UPDATE_STOCK_AND_COST = AI_TOOLS.updateStockAndCost;

/** The open work orders of the sandbox's window, newest first. */
function openWorkOrders(sandbox: Sandbox, limit: number): IDataObject[] {
	const since = sandbox.now() - 2 * 86400_000;
	return (sandbox.state.workOrders as IDataObject[])
		.filter((r) => r.open && Date.parse(r.createdAt as string) >= since)
		.sort((a, b) => Date.parse(b.createdAt as string) - Date.parse(a.createdAt as string))
		.slice(0, limit);
}

/** A tool's schema as the model reads it: each argument's type, description and whether it is required. */
function argumentsOf(tool: OfferedTool) {
	return Object.fromEntries(
		Object.entries(tool.schema.shape).map(([key, value]) => [key, { type: value._def.typeName, description: value.description, required: !value.isOptional() }]),
	);
}

/** Every run of 12 characters of a key that appears in the text. */
const keyPiecesIn = (text: string, key: string) => Array.from({ length: key.length - 11 }, (_, i) => key.slice(i, i + 12)).filter((piece) => text.includes(piece));

test('each operation becomes a tool named after its node and described by its action, which says what it returns', async () => {
	const operations: Array<[string, string, string]> = [
		['Get Work Orders', 'workOrder', 'getAll'],
		['Get Inventory Movements', 'inventoryMovement', 'getAll'],
		['Create Product', 'product', 'create'],
		['Create or Update Product', 'product', 'upsert'],
		['Update Stock and Cost', 'product', 'updateStockCost'],
	];
	const { tools } = await runAsTools({
		credentials: env.credentials,
		tools: operations.map(([name, resource, operation]) => ({ name, parameters: { resource, operation } })),
	});
	expect(Object.fromEntries(tools.map((t) => [t.name, t.description]))).toEqual({
		Get_Work_Orders: 'Get many work orders created in the last two days in MPservices',
		Get_Inventory_Movements: 'Get many inventory movements created in the last two days in MPservices',
		Create_Product: 'Create product in MPservices',
		Create_or_Update_Product: 'Create or update product by external ID in MPservices',
		Update_Stock_and_Cost: 'Update product stock and cost in MPservices',
	});
	expect(env.sandbox.requests).toHaveLength(0);
});

test('n8n prefills Tool Description (set manually) with the whole picture of MPservices; the regular node keeps its own', () => {
	// n8n's CLI builds the tool variant from usableAsTool.replacements; test/e2e/ai.js checks the
	// prefilled Tool Description in the real n8n, and what an MCP client reads when it is kept.
	const { usableAsTool, description } = new MpServices().description;
	expect(usableAsTool).toEqual({ replacements: { description: TOOL_DESCRIPTION } });
	for (const phrase of ['only those created in the last two days', 'nothing older can be read', 'folio (the work order number, exact)', 'item external ID', 'create or update']) {
		expect(TOOL_DESCRIPTION).toContain(phrase);
	}
	expect(description).toBe('Read work orders and inventory movements from MPservices, and create products or update their stock and cost');
});

test("the parameters filled with $fromAI are the tool's arguments: name, type and description, all required", async () => {
	const { tools } = await runAsTools({ credentials: env.credentials, tools: [GET_WORK_ORDERS, UPDATE_STOCK_AND_COST] });
	const byName = Object.fromEntries(tools.map((t) => [t.name, argumentsOf(t)]));
	expect(byName).toEqual({
		Get_Work_Orders: {
			limit: { type: 'ZodNumber', description: 'How many work orders to return at most', required: true },
			status: { type: 'ZodString', description: 'Which work orders: any, open or closed', required: true },
		},
		Update_Stock_and_Cost: {
			externalId: { type: 'ZodString', description: 'The external ID of the product, such as SKU-1000', required: true },
			newStock: { type: 'ZodNumber', description: 'The units in stock from now on', required: true },
			newCost: { type: 'ZodNumber', description: 'The unit cost from now on', required: true },
		},
	});
});

test('a Get Many call runs the node with the arguments against MPservices; the model reads the work orders as JSON (Output: Simplified)', async () => {
	const expected = openWorkOrders(env.sandbox, 2).map(simplifyWorkOrder);
	const { results } = await runAsTools({ credentials: env.credentials, tools: [GET_WORK_ORDERS], calls: [{ tool: 'Get_Work_Orders', args: { limit: 2, status: 'open' } }] });
	expect(results[0].error).toBeUndefined();
	expect(expected).toHaveLength(2);
	expect(JSON.parse(results[0].output!)).toEqual(expected);
	expect(env.sandbox.requests.map((r: IDataObject) => [r.method, r.path, (r.headers as IDataObject).token])).toEqual([['GET', '/FetchTenantsWorkOrders', API_KEY]]);
	expect(keyPiecesIn(results[0].output!, API_KEY)).toEqual([]);
});

test('an Update Stock and Cost call sends the form and answers with what MPservices says', async () => {
	const { results } = await runAsTools({
		credentials: env.credentials,
		tools: [UPDATE_STOCK_AND_COST],
		calls: [{ tool: 'Update_Stock_and_Cost', args: { externalId: 'SKU-1000', newStock: 40, newCost: 12.75 } }],
	});
	expect(results[0].error).toBeUndefined();
	expect(env.sandbox.requests.map((r: IDataObject) => [r.method, r.path, (r.headers as IDataObject)['content-type'], r.body])).toEqual([
		['PATCH', '/UpdateProductStockCost', 'application/x-www-form-urlencoded', 'external_id=SKU-1000&new_stock=40&new_cost=12.75'],
	]);
	const product = env.sandbox.state.products.get('SKU-1000');
	expect(product.product_stock).toBe('40');
	expect(JSON.parse(results[0].output!)).toEqual([{ message: 'Stock and cost updated', product }]);
});

test('a call MPservices refuses comes back to the model as the error, with the cause and what to check', async () => {
	const { results } = await runAsTools({
		credentials: env.credentials,
		tools: [UPDATE_STOCK_AND_COST],
		calls: [{ tool: 'Update_Stock_and_Cost', args: { externalId: 'SKU-NOPE', newStock: 1, newCost: 2 } }],
	});
	expect(results[0].output).toBeUndefined();
	expect(results[0].error?.message).toMatch(/could not find what PATCH \/UpdateProductStockCost refers to \(404\): No product with external_id SKU-NOPE/);
	expect(results[0].error?.message).toMatch(/External ID SKU-NOPE/);
});

test('an argument of the wrong type is refused by the schema, and nothing is sent', async () => {
	const { results } = await runAsTools({
		credentials: env.credentials,
		tools: [UPDATE_STOCK_AND_COST],
		calls: [{ tool: 'Update_Stock_and_Cost', args: { externalId: 'SKU-1000', newStock: 'lots', newCost: 2 } }],
	});
	expect(results[0].error?.message).toMatch(/did not match expected schema[\s\S]*newStock/);
	expect(env.sandbox.requests).toHaveLength(0);
});

test('with a key MPservices rejects, the model reads the refusal and no piece of the key', async () => {
	const wrongKey = 'MPSER110_rejected-key-of-this-test';
	const { results } = await runAsTools({
		credentials: { ...env.credentials, apiKey: wrongKey },
		tools: [GET_WORK_ORDERS],
		calls: [{ tool: 'Get_Work_Orders', args: { limit: 5, status: 'any' } }],
	});
	const message = String(results[0].error?.message);
	expect(message).toMatch(/401/);
	expect(env.sandbox.requests[0].headers.token).toBe(wrongKey);
	expect(keyPiecesIn(message, wrongKey)).toEqual([]);
	expect(keyPiecesIn(JSON.stringify(results), wrongKey)).toEqual([]);
});
