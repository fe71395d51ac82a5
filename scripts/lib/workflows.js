'use strict';
// Workflows that wire every operation and event of our nodes to the sandbox:
// `devWorkflows` are a user's examples, what `npm run dev` imports into the
// editor; `sandboxWorkflows` are the real-app tests' fixtures (the same
// workflows with the tests' products, plus workflows only a test needs).

const CREDENTIAL = { mpServicesApi: { id: 'mpservicesSandbox1', name: 'MPservices sandbox' } };

/** Update Stock and Cost with each item's sku, stock and cost (three expressions): the e2e, the benchmark, the profile and the queue test use it. */
const UPDATE_FROM_ITEM = Object.freeze({
	resource: 'product',
	operation: 'updateStockCost',
	externalId: '={{ $json.sku }}',
	newStock: '={{ $json.stock }}',
	newCost: '={{ $json.cost }}',
});

/** Create or Update from each item's sku, barCode, name, stock and cost: the e2e test and the engine tests use it. */
const UPSERT_FROM_ITEM = Object.freeze({
	resource: 'product',
	operation: 'upsert',
	externalId: '={{ $json.sku }}',
	barCode: '={{ $json.barCode }}',
	productName: '={{ $json.name }}',
	productUnit: 'Pieces',
	newStock: '={{ $json.stock }}',
	newCost: '={{ $json.cost }}',
});

function manual(id, name, parameters, input) {
	const nodes = [
		{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
	];
	const connections = {};
	let previous = 'Start';
	if (input) {
		// A Code node supplies the input items, as a sheet or an ERP would.
		nodes.push({
			id: `${id}-input`,
			name: 'Input Items',
			type: 'n8n-nodes-base.code',
			typeVersion: 2,
			position: [220, 0],
			parameters: { jsCode: `return ${JSON.stringify(input.map((json) => ({ json })))};` },
		});
		connections.Start = { main: [[{ node: 'Input Items', type: 'main', index: 0 }]] };
		previous = 'Input Items';
	}
	nodes.push({
		id: `${id}-node`,
		name: 'MPservices',
		type: 'n8n-nodes-mpservices.mpServices',
		typeVersion: 1,
		position: [440, 0],
		parameters,
		credentials: CREDENTIAL,
	});
	connections[previous] = { main: [[{ node: 'MPservices', type: 'main', index: 0 }]] };
	return { id, name, active: false, settings: { executionOrder: 'v1' }, nodes, connections };
}

function trigger(id, name, parameters, cronExpression) {
	return {
		id,
		name,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: `${id}-trigger`,
				name: 'MPservices Trigger',
				type: 'n8n-nodes-mpservices.mpServicesTrigger',
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'custom', cronExpression }] }, ...parameters },
				credentials: CREDENTIAL,
			},
		],
		connections: {},
	};
}

/** What the e2e's other work-order triggers poll: the same list, with a query string the sandbox ignores, to tell their polls apart. */
const POLL_PATHS = {
	startup: '/FetchTenantsWorkOrders?trigger=startup',
	closed: '/FetchTenantsWorkOrders?trigger=closed',
	due: '/FetchTenantsWorkOrders?trigger=due',
	assigned: '/FetchTenantsWorkOrders?trigger=assigned',
};

/** One workflow per operation and event against the sandbox. */
function everyOperation({ pollCron }) {
	return {
		getWorkOrders: manual('sbGetWorkOrders', 'Sandbox: get open work orders', {
			resource: 'workOrder',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'open' },
		}),
		getMovementLines: manual('sbGetMovLines', 'Sandbox: get inventory movement lines', {
			resource: 'inventoryMovement',
			operation: 'getAll',
			limit: 5,
			options: { splitLines: true },
		}),
		createProduct: createProducts([
			{ barCode: '7501000000101', name: 'Contactor 32A', sku: 'SKU-2001', stock: '12' },
			{ barCode: '7501000000102', name: 'Capacitor 45uF', sku: 'SKU-2002', stock: 7.5 },
		]),
		updateStockCost: manual('sbUpdateStock', 'Sandbox: update stock and cost', UPDATE_FROM_ITEM, [
			{ sku: 'SKU-1000', stock: 40, cost: '12.75' },
			{ sku: 'SKU-1001', stock: '3', cost: 19.5 },
		]),
		// SKU-1002 is one of the sandbox's products (updated); SKU-2003 is not (created).
		upsertProducts: upsertProducts([
			{ sku: 'SKU-1002', barCode: '7501000000003', name: 'Engine Oil 15W-40', stock: 9, cost: '6.9' },
			{ sku: 'SKU-2003', barCode: '7501000000103', name: 'Relay 24V', stock: 4, cost: 11 },
		]),
		workOrderTrigger: trigger('sbWoTrigger', 'Sandbox: new work order', { event: 'workOrderCreated' }, pollCron),
		closedTrigger: trigger('sbWoClosed', 'Sandbox: work order closed', { event: 'workOrderClosed' }, pollCron),
		movementTrigger: trigger('sbMvTrigger', 'Sandbox: new inventory movement line', { event: 'inventoryMovementCreated', options: { splitLines: true } }, pollCron),
		dueTrigger: trigger('sbWoDue', 'Sandbox: work order due', { event: 'workOrderDue' }, pollCron),
		assignedTrigger: trigger('sbWoAssigned', 'Sandbox: work order assigned', { event: 'workOrderAssigned' }, pollCron),
	};
}

/**
 * A user's examples against the sandbox, one per operation and event, as a node added in the editor
 * has them (Simplify on): what `npm run dev` imports. DEV_ACTIVE lists the trigger workflows it
 * activates when it first imports them.
 */
function devWorkflows({ pollCron = '0 * * * * *' } = {}) {
	return {
		...everyOperation({ pollCron }),
		getWorkOrders: manual('sbGetWorkOrders', 'Sandbox: get open work orders, soonest first', {
			resource: 'workOrder',
			operation: 'getAll',
			returnAll: true,
			filters: { status: 'open' },
			sort: { field: 'scheduleDate', direction: 'asc' },
		}),
		// From List shows the sandbox's work orders: pick one, then Execute.
		getWorkOrder: manual('sbGetWorkOrder', 'Sandbox: get one work order, with its parts and their cost', {
			resource: 'workOrder',
			operation: 'get',
			workOrder: { __rl: true, mode: 'list', value: '' },
			options: { includeParts: true },
		}),
		updatedTrigger: trigger('sbWoUpdated', 'Sandbox: work order rescheduled', { event: 'workOrderUpdated', options: { watchFields: ['scheduleDate'] } }, pollCron),
	};
}

/** The ids of the dev workflows `npm run dev` activates when it imports them. */
const DEV_ACTIVE = ['sbWoTrigger', 'sbWoClosed', 'sbWoDue', 'sbWoAssigned'];

function createProducts(input) {
	return manual(
		'sbCreateProduct',
		'Sandbox: create products',
		{
			resource: 'product',
			operation: 'create',
			barCode: '={{ $json.barCode }}',
			productName: '={{ $json.name }}',
			productUnit: 'Pieces',
			externalId: '={{ $json.sku }}',
			additionalFields: { productStock: '={{ $json.stock }}', weightedAverage: 4.5, minStock: 2, maxStock: 50 },
		},
		input,
	);
}

function upsertProducts(input) {
	return manual('sbUpsert', 'Sandbox: create or update products', { ...UPSERT_FROM_ITEM, additionalFields: { category: 'Spare parts' } }, input);
}

/**
 * The real-app tests' fixtures: the dev workflows with products the tests know (SKU-E2E-*: new to
 * the sandbox), the work-order triggers on their own query strings, and the workflows only a test needs.
 */
function sandboxWorkflows({ pollCron = '0 * * * * *' } = {}) {
	const everything = everyOperation({ pollCron });
	return {
		...everything,
		// Whole work orders, for the e2e to compare with the sandbox's records.
		getWorkOrders: manual('sbGetWorkOrders', 'Sandbox: get open work orders', { ...everything.getWorkOrders.nodes[1].parameters, simplify: false }),
		// Small limits, for the e2e's checks of the network boundary (the sandbox injects a trickle or a flood).
		getWorkOrdersBounded: manual('sbGetWoBounded', 'Sandbox: get work orders (1.5 s, 1 MB)', {
			resource: 'workOrder',
			operation: 'getAll',
			returnAll: true,
			options: { timeout: 1500, maxResponseSize: 1 },
		}),
		createProduct: createProducts([
			{ barCode: '7509990000011', name: 'Contactor 32A', sku: 'SKU-E2E-1', stock: '12' },
			{ barCode: '7509990000028', name: 'Capacitor 45uF', sku: 'SKU-E2E-2', stock: 7.5 },
		]),
		upsertProducts: upsertProducts([
			{ sku: 'SKU-1002', barCode: '7501000000003', name: 'Engine Oil 15W-40', stock: 9, cost: '6.9' },
			{ sku: 'SKU-E2E-NEW', barCode: '7509990000035', name: 'Relay 24V', stock: 4, cost: 11 },
		]),
		// The same event, activated at start-up by the e2e test; its own query string tells its polls apart.
		startupTrigger: trigger(
			'sbWoStartup',
			'Sandbox: new work order (activated at start-up)',
			{ event: 'workOrderCreated', options: { endpointPath: POLL_PATHS.startup } },
			pollCron,
		),
		closedTrigger: trigger('sbWoClosed', 'Sandbox: work order closed', { event: 'workOrderClosed', options: { endpointPath: POLL_PATHS.closed } }, pollCron),
		dueTrigger: trigger('sbWoDue', 'Sandbox: work order due', { event: 'workOrderDue', options: { endpointPath: POLL_PATHS.due } }, pollCron),
		assignedTrigger: trigger('sbWoAssigned', 'Sandbox: work order assigned', { event: 'workOrderAssigned', options: { endpointPath: POLL_PATHS.assigned } }, pollCron),
	};
}

/**
 * The two AI tools the tests set up as a user would, the model filling the
 * parameters with $fromAI: the same in n8n-core's tool path (test/tool.test.cts)
 * and in the real AI Agent and MCP Server Trigger (test/e2e/ai.js).
 */
const AI_TOOLS = {
	getWorkOrders: {
		name: 'Get Work Orders',
		parameters: {
			resource: 'workOrder',
			operation: 'getAll',
			returnAll: false,
			limit: "={{ $fromAI('limit', 'How many work orders to return at most', 'number') }}",
			filters: { status: "={{ $fromAI('status', 'Which work orders: any, open or closed', 'string') }}" },
		},
	},
	updateStockAndCost: {
		name: 'Update Stock and Cost',
		parameters: {
			resource: 'product',
			operation: 'updateStockCost',
			externalId: "={{ $fromAI('externalId', 'The external ID of the product, such as SKU-1000', 'string') }}",
			newStock: "={{ $fromAI('newStock', 'The units in stock from now on', 'number') }}",
			newCost: "={{ $fromAI('newCost', 'The unit cost from now on', 'number') }}",
		},
	},
};

module.exports = { AI_TOOLS, devWorkflows, DEV_ACTIVE, sandboxWorkflows, POLL_PATHS, UPDATE_FROM_ITEM, UPSERT_FROM_ITEM };
