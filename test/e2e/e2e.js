#!/usr/bin/env node
'use strict';
// `npm run test:e2e`: the end-to-end test in the real n8n (pinned, see
// scripts/lib/n8n.js). From an empty user folder: install our packed package
// as a community package, import the sandbox credential, the workflows of
// every operation and every example, run the operations with `n8n execute`,
// then start n8n: one trigger workflow activated at start-up (the CLI before
// `n8n start`), two activated in the running n8n through the Public API as
// users do; records are created right after that activation (before the first
// scheduled poll), after it, while n8n is down and after the restart, and each
// phase is checked to have produced exactly one item per record in executions
// of the right workflow. Every process it starts is stopped by its own pid,
// also on failure.
const assert = require('assert/strict');

const fs = require('fs');

const lib = require('../../scripts/lib/n8n');
const { createChecks } = require('./lib/checks');
const { API_KEY, createCleanups, prepareStack } = require('./lib/stack');
const { createSandbox } = require('../../sandbox/server');
const { POLL_PATHS } = require('../../scripts/lib/workflows');
const N8N_PORT = Number(process.env.E2E_N8N_PORT || 5688);
const BASE = `http://127.0.0.1:${N8N_PORT}`;
const OWNER = { email: 'owner@example.com', firstName: 'Maria', lastName: 'Tester', password: 'Sandbox-Passw0rd!' };

/** Checks are recorded and the run goes on after a failed one, so the version matrix sees them all. */
const { results, check, summary } = createChecks();

/** Writes the results for scripts/matrix.js (E2E_RESULT_FILE) and prints the closing line; returns the failures. */
function report(fatal) {
	if (process.env.E2E_RESULT_FILE) {
		fs.writeFileSync(process.env.E2E_RESULT_FILE, JSON.stringify({ results, fatal: fatal ? String(fatal.message ?? fatal).slice(0, 2000) : undefined }, null, 2));
	}
	return summary('e2e', fatal ? 1 : 0);
}

async function main() {
	const started = Date.now();
	const cleanups = createCleanups();
	const cleanup = cleanups.cleanup;

	try {
		// Extra settings for every n8n process (the matrix's scheduler variants), as JSON.
		const extraEnv = JSON.parse(process.env.E2E_N8N_ENV || '{}');
		const stack = await prepareStack({ name: 'e2e', port: N8N_PORT, cleanups, extraEnv });
		const { sandbox, sandboxUrl, credential, workflows, examples } = stack;
		const POLL = stack.runtime.pollCron;
		const listed = await stack.cli(['list:workflow']);
		check(`every workflow and all ${examples.length} examples imported`, () => {
			for (const workflow of [...Object.values(workflows), ...examples]) assert.match(listed, new RegExp(`^${workflow.id}\\|`, 'm'));
		});

		// The four operations, each with `n8n execute`.
		const execute = async (workflow) => {
			sandbox.requests.length = 0;
			const run = lib.parseRawOutput(await stack.cli(['execute', `--id=${workflow.id}`, '--rawOutput']));
			// n8n 1.85's CLI prints a finished run with status "running": finished without an error is success.
			const succeeded = run.status === 'success' || (run.finished === true && !run.data.resultData.error);
			assert.ok(succeeded, JSON.stringify(run.data.resultData.error ?? run, null, 2).slice(0, 2000));
			return run.data.resultData.runData.MPservices[0].data.main[0];
		};

		let items = await execute(workflows.getWorkOrders);
		check('Work Order → Get Many returns the open work orders of the last two days', () => {
			const since = sandbox.now() - 2 * 86400_000;
			const expected = sandbox.state.workOrders
				.filter((r) => r.open && Date.parse(r.createdAt) >= since)
				.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
			assert.deepEqual(items.map((i) => i.json), expected);
			assert.equal(sandbox.requests.length, 1);
			assert.equal(sandbox.requests[0].headers.token, API_KEY);
		});

		items = await execute(workflows.getMovementLines);
		check('Inventory Movement → Get Many splits lines', () => {
			assert.equal(items.length, 5);
			for (const { json } of items) assert.ok(json.movementId && json.item_external_id && json.reference && json.type);
		});

		items = await execute(workflows.createProduct);
		check('Product → Create sends one form-encoded POST per item', () => {
			assert.deepEqual(
				sandbox.requests.map((r) => [r.method, r.path, r.headers['content-type'], r.form.external_id, r.form.product_stock]),
				[
					['POST', '/CreateProduct', 'application/x-www-form-urlencoded', 'SKU-E2E-1', '12'],
					['POST', '/CreateProduct', 'application/x-www-form-urlencoded', 'SKU-E2E-2', '7.5'],
				],
			);
			assert.deepEqual(items.map((i) => i.json.product.external_id), ['SKU-E2E-1', 'SKU-E2E-2']);
			assert.deepEqual(items.map((i) => i.pairedItem), [{ item: 0 }, { item: 1 }]);
		});

		items = await execute(workflows.updateStockCost);
		check('Product → Update Stock and Cost sends one PATCH per item', () => {
			assert.deepEqual(sandbox.requests.map((r) => r.body), [
				'external_id=SKU-1000&new_stock=40&new_cost=12.75',
				'external_id=SKU-1001&new_stock=3&new_cost=19.5',
			]);
			assert.equal(sandbox.state.products.get('SKU-1000').product_stock, '40');
			assert.deepEqual(items.map((i) => i.json.message), ['Stock and cost updated', 'Stock and cost updated']);
		});

		items = await execute(workflows.upsertProducts);
		check('Product → Create or Update updates what MPservices has and creates what it has not', () => {
			assert.deepEqual(
				sandbox.requests.map((r) => [r.method, r.path, r.form.external_id]),
				[
					['PATCH', '/UpdateProductStockCost', 'SKU-1002'],
					['PATCH', '/UpdateProductStockCost', 'SKU-E2E-NEW'],
					['POST', '/CreateProduct', 'SKU-E2E-NEW'],
				],
			);
			assert.deepEqual(items.map((i) => i.json.outcome), ['updated', 'created']);
			assert.deepEqual(sandbox.requests[2].form, { bar_code: '7509990000035', product_name: 'Relay 24V', product_unit: 'Pieces', external_id: 'SKU-E2E-NEW', product_stock: '4', weighted_average: '11', category: 'Spare parts' });
		});

		// The network boundary, in this n8n's own request helper: a redirect to another host, a
		// trickling answer, a runaway answer (the sandbox answers so once each).
		const otherHost = createSandbox({ apiKey: API_KEY });
		await otherHost.start(0, '127.0.0.2');
		cleanups.add(() => otherHost.stop());
		const failing = async (workflow, fault) => {
			sandbox.inject({ path: '/FetchTenantsWorkOrders', ...fault });
			const output = await stack.cli(['execute', `--id=${workflow.id}`, '--rawOutput']).catch((error) => error.output ?? error.message);
			const run = lib.parseRawOutput(output);
			const task = run.data.resultData.runData.MPservices?.[0];
			return { error: task?.error ?? run.data.resultData.error, executionTime: task?.executionTime };
		};
		let failure = await failing(workflows.getWorkOrdersBounded, { status: 302, headers: { location: `${otherHost.url}/FetchTenantsWorkOrders` } });
		check('a redirect to another host is not followed: the other host gets nothing, and the error names it', () => {
			assert.equal(otherHost.requests.length, 0);
			assert.match(failure.error?.message ?? '', new RegExp(`redirect \\(302\\) to another host, 127\\.0\\.0\\.2:\\d+; the node did not follow it, and the API key was not sent there`));
		});
		failure = await failing(workflows.getWorkOrdersBounded, { trickleMs: 200 });
		check('an answer that trickles fails at the Timeout (1.5 s), not when the server stops', () => {
			assert.match(failure.error?.message ?? '', /did not complete within 1500 ms/);
			assert.ok(failure.executionTime < 5000, `ran ${failure.executionTime} ms`);
		});
		failure = await failing(workflows.getWorkOrdersBounded, { trickleHeadersMs: 200 });
		check('headers that never end fail at the Timeout (1.5 s): this n8n puts its Stop signal on the request, and the node races its deadline', () => {
			assert.match(failure.error?.message ?? '', /did not answer GET \/FetchTenantsWorkOrders within 1500 ms/);
			assert.ok(failure.executionTime < 5000, `ran ${failure.executionTime} ms`);
		});
		failure = await failing(workflows.getWorkOrdersBounded, { flood: true });
		check('a runaway answer stops at Max Response Size (1 MB)', () => {
			assert.match(failure.error?.message ?? '', /is more than 1 MB, over the 1 MB limit; the node stopped reading it/);
		});

		// As a node added in the editor has it: Simplify on (the default), Sort, Work Order → Get with Include Parts.
		const added = (id, parameters) => ({
			id,
			name: `MPservices as added (${id})`,
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{ id: `${id}-node`, name: 'MPservices', type: 'n8n-nodes-mpservices.mpServices', typeVersion: 1, position: [220, 0], parameters, credentials: { mpServicesApi: { id: credential.id, name: credential.name } } },
			],
			connections: { Start: { main: [[{ node: 'MPservices', type: 'main', index: 0 }]] } },
		});
		const window = () => {
			const since = sandbox.now() - 2 * 86400_000;
			return sandbox.state.workOrders.filter((r) => Date.parse(r.createdAt) >= since);
		};
		const target = window()[0];
		const parts = [
			sandbox.addMovement({ reference: `Folio-${target.folio}`, type: 'Outbound', movements: [{ item: 'Filter', quantity: 2, cost: '12.5', unit: 'Pieces', item_id: '1', item_external_id: 'SKU-1000' }] }),
			sandbox.addMovement({ reference: `Folio-${target.folio}0`, type: 'Outbound', movements: [{ item: 'Oil', quantity: 1, cost: '6.75', unit: 'Liters', item_id: '3', item_external_id: 'SKU-1002' }] }),
		];
		const addedWorkflows = {
			sorted: added('e2eAddedSorted', { resource: 'workOrder', operation: 'getAll', limit: 3, sort: { field: 'scheduleDate', direction: 'asc' } }),
			get: added('e2eAddedGet', { resource: 'workOrder', operation: 'get', workOrder: { __rl: true, mode: 'folio', value: String(target.folio) }, options: { includeParts: true } }),
		};
		await lib.importWorkflows(stack.env, Object.values(addedWorkflows), `${stack.userFolder}/added-workflows`, stack.runtime);
		items = await execute(addedWorkflows.sorted);
		check('as added in the editor: Get Many simplified (ten fields), sorted by schedule date, Limit after sorting', () => {
			const expected = [...window()].sort((a, b) => Date.parse(a.scheduleDate) - Date.parse(b.scheduleDate)).slice(0, 3);
			assert.deepEqual(items.map((i) => i.json.id), expected.map((r) => r.id));
			for (const { json } of items) assert.deepEqual(Object.keys(json), ['folio', 'title', 'status', 'scheduleDate', 'client', 'asset', 'assetCode', 'assignees', 'createdAt', 'id']);
		});
		items = await execute(addedWorkflows.get);
		check('as added in the editor: Work Order → Get by folio, with Include Parts (Folio-<folio> exactly; one movements request)', () => {
			assert.deepEqual(items.map((i) => [i.json.id, i.json.folio]), [[target.id, target.folio]]);
			const own = sandbox.state.movements.filter((m) => m.reference === `Folio-${target.folio}`);
			assert.ok(own.includes(parts[0]) && !own.includes(parts[1]));
			assert.deepEqual(items[0].json.parts.map((p) => p.movementId).sort(), own.flatMap((m) => m.movements.map(() => m.id)).sort());
			const cost = own.reduce((sum, m) => sum + (m.type === 'Outbound' ? 1 : -1) * m.movements.reduce((s, l) => s + l.quantity * Number(l.cost), 0), 0);
			assert.equal(items[0].json.partsCost, Math.round(cost * 1e6) / 1e6);
			assert.deepEqual(sandbox.requests.map((r) => r.path).sort(), ['/FetchTenantsInventoryMovements', '/FetchTenantsWorkOrders']);
		});

		// n8n's HTTP Request node with our credential (Authentication → Predefined Credential Type):
		// it sends through n8n's older request helper (`uri`, request-library redirect options). Two
		// versions of the node: the one this n8n gives a new HTTP Request node (4.4 and later send no
		// credentials across origins on a redirect by default), and 4.2, which saved workflows keep
		// (n8n never upgrades a saved node's version) and which sends them by default
		// (n8n-nodes-base HttpRequestV3: defaultSendCredentialsOnCrossOriginRedirect = nodeVersion < 4.4).
		const httpRequestVersions = [...new Set([4.2, lib.defaultNodeVersion(stack.runtime, 'HttpRequest/HttpRequest.node.js')])];
		lib.log(`HTTP Request node ${httpRequestVersions.join(' and ')}`);
		const httpRequest = (id, url, typeVersion) => ({
			id,
			name: `HTTP Request ${typeVersion} with the MPservices credential (${id})`,
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: `${id}-start`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: `${id}-http`,
					name: 'HTTP Request',
					type: 'n8n-nodes-base.httpRequest',
					typeVersion,
					position: [220, 0],
					parameters: { method: 'GET', url, authentication: 'predefinedCredentialType', nodeCredentialType: 'mpServicesApi', options: {} },
					credentials: { mpServicesApi: { id: credential.id, name: credential.name } },
				},
			],
			connections: { Start: { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] } },
		});
		/** The same case at each version: { 4.2: workflow, 4.5: workflow }. */
		const httpCase = (id, url) => Object.fromEntries(httpRequestVersions.map((v) => [v, httpRequest(`${id}${String(v).replace('.', '')}`, url, v)]));
		const httpWorkflows = {
			call: httpCase('e2eHttpCall', `${sandboxUrl}/FetchTenantsInventoryMovements`),
			redirected: httpCase('e2eHttpRedirect', `${sandboxUrl}/FetchTenantsWorkOrders`),
			elsewhere: httpCase('e2eHttpElsewhere', `${otherHost.url}/FetchTenantsWorkOrders`),
		};
		await lib.importWorkflows(stack.env, Object.values(httpWorkflows).flatMap(Object.values), `${stack.userFolder}/http-workflows`, stack.runtime);
		const executeHttp = async (workflow) => {
			sandbox.requests.length = 0;
			const output = await stack.cli(['execute', `--id=${workflow.id}`, '--rawOutput']).catch((error) => error.output ?? error.message);
			const run = lib.parseRawOutput(output);
			const task = run.data.resultData.runData['HTTP Request']?.[0];
			return { items: task?.data?.main?.[0] ?? [], error: task?.error ?? run.data.resultData.error, sent: [...sandbox.requests] };
		};
		/** Runs a case at every version, `before` each run; returns { version: result }. */
		const executeHttpCase = async (workflows, before = () => {}) => {
			const results = {};
			for (const [version, workflow] of Object.entries(workflows)) {
				before();
				results[version] = await executeHttp(workflow);
			}
			return results;
		};
		let http = await executeHttpCase(httpWorkflows.call);
		check('HTTP Request node with the MPservices credential: a call to the Base URL works, the key in the token header', () => {
			for (const [version, result] of Object.entries(http)) {
				assert.equal(result.error, undefined, `${version}: ${JSON.stringify(result.error)}`);
				assert.ok(result.items.length > 0, version);
				assert.equal(result.sent.length, 1, version);
				assert.equal(result.sent[0].headers.token, API_KEY, version);
			}
		});
		http = await executeHttpCase(httpWorkflows.redirected, () =>
			sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: `${otherHost.url}/FetchTenantsWorkOrders` } }),
		);
		check('HTTP Request node with the MPservices credential: a redirect to another host (127.0.0.2) is not followed with the key', () => {
			assert.equal(otherHost.requests.length, 0);
			for (const [version, result] of Object.entries(http)) {
				assert.equal(result.sent.length, 1, version);
				assert.ok(result.error, `${version}: the node should stop with the 302`);
			}
		});
		http = await executeHttpCase(httpWorkflows.elsewhere);
		check('HTTP Request node with the MPservices credential: a URL on another origin is refused before anything is sent', () => {
			assert.equal(otherHost.requests.length, 0);
			for (const [version, result] of Object.entries(http)) {
				assert.match(JSON.stringify(result.error ?? {}), /The MPservices API key is sent only to the credential's Base URL/, version);
			}
		});

		// The triggers. One work-order trigger is activated as imports and queue-mode deployments
		// do it, with the CLI before n8n starts (n8n activates it while it starts); the other two
		// the way users do, in the running n8n through the Public API (what the editor's Publish /
		// Active control asks n8n for too).
		await stack.cli(stack.runtime.activate(workflows.startupTrigger.id));
		sandbox.requests.length = 0;
		const n8n = await stack.start();
		const cookie = await lib.setupOwner(BASE, OWNER);

		const types = async (kind) => (await (await fetch(`${BASE}/types/${kind}.json`, { headers: { cookie } })).json()).map((t) => t.name);
		const nodeTypes = await types('nodes');
		const credentialTypes = await types('credentials');
		check('n8n loaded both nodes, the AI tool variant and the credential', () => {
			for (const name of ['n8n-nodes-mpservices.mpServices', 'n8n-nodes-mpservices.mpServicesTrigger', 'n8n-nodes-mpservices.mpServicesTool']) {
				assert.ok(nodeTypes.includes(name), `${name} not loaded`);
			}
			assert.ok(credentialTypes.includes('mpServicesApi'));
		});

		const testConnection = async (key) => {
			const response = await fetch(`${BASE}/rest/credentials/test`, {
				method: 'POST',
				headers: { 'content-type': 'application/json', cookie },
				body: JSON.stringify({ credentials: { id: credential.id, name: credential.name, type: 'mpServicesApi', data: { apiKey: key, baseUrl: sandboxUrl } } }),
			});
			assert.equal(response.status, 200, await response.clone().text());
			return (await response.json()).data;
		};
		const good = await testConnection(API_KEY);
		const bad = await testConnection('MPSER110_wrong-key');
		check('"Test connection" in n8n tells a good key from a bad one', () => {
			assert.equal(good.status, 'OK', JSON.stringify(good));
			assert.equal(bad.status, 'Error', JSON.stringify(bad));
			// Where this n8n ignores the credential's responseCode rules, it shows its own words.
			assert.match(bad.message, stack.runtime.testRulesIgnored ? /^Authorization failed - please check your credentials$/ : /^MPservices rejected the API key \(401\)/);
			assert.ok(!JSON.stringify(bad).includes('MPSER110_wrong-key'));
		});
		const pasted = await testConnection(` token:${API_KEY}\n`);
		sandbox.inject({ status: 302, headers: { location: `${otherHost.url}/FetchTenantsInventoryMovements` } });
		const redirected = await testConnection(API_KEY);
		check('"Test connection" takes the key as MPservices prints it ("token:…"), and reports a redirect without following it', () => {
			assert.equal(pasted.status, 'OK', JSON.stringify(pasted));
			assert.equal(redirected.status, 'Error', JSON.stringify(redirected));
			assert.match(redirected.message, stack.runtime.testRulesIgnored ? /^Request failed with status code 302$/ : /^The Base URL answered with a redirect \(302\)/);
			assert.equal(otherHost.requests.length, 0);
		});

		const apiKey = await lib.createApiKey(BASE, cookie);
		// Each trigger's polls, told apart by what it requests (the start-up trigger adds a query string).
		const pollsOf = {
			runtimeWorkOrders: () => sandbox.requests.filter((r) => r.url === '/FetchTenantsWorkOrders').length,
			startupWorkOrders: () => sandbox.requests.filter((r) => r.url === POLL_PATHS.startup).length,
			closedWorkOrders: () => sandbox.requests.filter((r) => r.url === POLL_PATHS.closed).length,
			dueWorkOrders: () => sandbox.requests.filter((r) => r.url === POLL_PATHS.due).length,
			assignedWorkOrders: () => sandbox.requests.filter((r) => r.url === POLL_PATHS.assigned).length,
			runtimeMovements: () => sandbox.requests.filter((r) => r.path === '/FetchTenantsInventoryMovements').length,
		};
		const counts = (which) => Object.fromEntries(which.map((name) => [name, pollsOf[name]()]));
		/**
		 * Waits until every trigger named has polled once more than `since` (a poll received after
		 * the records were created sees them), then lets n8n store the executions.
		 */
		const waitForPolls = async (which = Object.keys(pollsOf), since = counts(which), settleMs = 2000) => {
			const deadline = Date.now() + 90_000 + 2 * POLL.everyMs;
			const waiting = () => which.filter((name) => pollsOf[name]() <= since[name]);
			while (waiting().length) {
				assert.ok(Date.now() < deadline, `no poll came from ${waiting().join(', ')}`);
				await lib.sleep(50);
			}
			await lib.sleep(settleMs);
		};
		await waitForPolls(['startupWorkOrders']); // the start-up activation: its baseline

		// Activation in the running n8n. n8n 2.41 activates in the background (its publication
		// outbox): the call returns before the trigger's activation poll, where it takes its
		// baseline. Records are made once each trigger has taken it, before its first scheduled poll.
		const runtime = ['runtimeWorkOrders', 'runtimeMovements', 'closedWorkOrders', 'dueWorkOrders', 'assignedWorkOrders'];
		const beforeActivation = counts(runtime);
		const activated = [workflows.workOrderTrigger, workflows.movementTrigger, workflows.closedTrigger, workflows.dueTrigger, workflows.assignedTrigger];
		for (const workflow of activated) await lib.activateWorkflow(BASE, apiKey, workflow.id);
		const returnedAt = Date.now();
		await waitForPolls(runtime, beforeActivation, 0);
		lib.log(`${activated.length} triggers activated through the Public API; their activation polls had all come ${Date.now() - returnedAt} ms after the last call returned; creating records before their first scheduled poll`);

		/** What was created in each phase of the run, to check each phase on its own. */
		const phases = [];
		/** Each closing the Work Order Closed trigger must emit once: work orders new and already closed, and those closed later. */
		const closings = [];
		/** Each work order Work Order Due must emit once: open, and due (a minute ago) when first seen. */
		const dues = [];
		/** Each assignment Work Order Assigned must emit once: the users of every new work order, and users added later. */
		const assignments = [];
		const createPhase = (name, workOrders, movements) => {
			const phase = { name, workOrders: workOrders.map((o) => sandbox.addWorkOrder(o)), movements: Array.from({ length: movements }, () => sandbox.addMovement()) };
			for (const record of phase.workOrders) {
				if (record.closed) closings.push(record.id);
				if (record.open && Date.parse(record.scheduleDate) < Date.now()) dues.push(record.id);
				for (const user of record.users) assignments.push(`${record.id}/${user.email}`);
			}
			phases.push(phase);
			return phase;
		};
		const assign = (record, user) => {
			sandbox.updateWorkOrder(record.id, { users: [...record.users, user] });
			assignments.push(`${record.id}/${user.email}`);
		};
		const tie = new Date(sandbox.now()).toISOString();
		const open = { open: true, closed: false };
		const dueNow = () => ({ ...open, scheduleDate: new Date(Date.now() - 60_000).toISOString() });
		const first = createPhase('right after activation, before the first scheduled poll', [{ createdAt: tie, ...open }, { createdAt: tie, ...open }, {}, { open: false, closed: true }, dueNow()], 2);
		await waitForPolls();
		createPhase('after the first scheduled poll', [{}, { createdAt: new Date(sandbox.now() - 3600_000).toISOString() }, dueNow()], 1);
		closings.push(sandbox.closeWorkOrder(first.workOrders[0].id).id);
		assign(first.workOrders[1], { username: 'Marta', email: 'marta@mail.com' });
		await waitForPolls();

		// A restart: n8n stops with every trigger active, records are created while it is down,
		// and it starts again from its database. They come out once; nothing is replayed.
		await n8n.stop();
		lib.log('n8n stopped; creating records while it is down');
		createPhase('while n8n was down', [{}, { createdAt: new Date(sandbox.now() - 60_000).toISOString() }, dueNow()], 1);
		closings.push(sandbox.closeWorkOrder(first.workOrders[1].id).id);
		assign(first.workOrders[2], { username: 'Pedro', email: 'pedro@mail.com' });
		await lib.sleep(1000);
		await stack.start();
		await waitForPolls();
		createPhase('after the restart', [{}], 1);
		await waitForPolls();

		const emitted = async (workflowId) => {
			const response = await fetch(`${BASE}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=250`, {
				headers: { 'X-N8N-API-KEY': apiKey },
			});
			assert.equal(response.status, 200, await response.clone().text());
			const { data } = await response.json();
			// n8n 1.85's Public API has no status on an execution, only finished.
			for (const execution of data) assert.ok(execution.status === 'success' || (execution.status === undefined && execution.finished === true), JSON.stringify(execution).slice(0, 1000));
			return data.flatMap((execution) => execution.data.resultData.runData['MPservices Trigger'][0].data.main[0].map((i) => i.json));
		};
		const lineKey = (j) => `${j.movementId}/${j.item_id}/${j.quantity}`;
		const linesOf = (movements) => movements.flatMap((m) => m.movements.map((line) => lineKey({ ...line, movementId: m.id })));
		const count = (list, key) => list.filter((k) => k === key).length;
		const workOrderIds = (await emitted(workflows.workOrderTrigger.id)).map((j) => j.id);
		const movementLines = (await emitted(workflows.movementTrigger.id)).map(lineKey);
		const startupIds = (await emitted(workflows.startupTrigger.id)).map((j) => j.id);
		const closedItems = await emitted(workflows.closedTrigger.id);
		const dueItems = await emitted(workflows.dueTrigger.id);
		const assignedItems = (await emitted(workflows.assignedTrigger.id)).map((j) => `${j.id}/${j._assignee.email}`);
		const created = { workOrders: phases.flatMap((p) => p.workOrders.map((r) => r.id)), lines: linesOf(phases.flatMap((p) => p.movements)) };
		/** Which of `expected` did not come out exactly once. */
		const notOnce = (expected, got) => expected.filter((key) => count(got, key) !== 1).map((key) => `${key} came out ${count(got, key)} times`);
		for (const phase of phases) {
			check(`activated in the running n8n: the work orders created ${phase.name} came out once each`, () => {
				assert.deepEqual(notOnce(phase.workOrders.map((r) => r.id), workOrderIds), []);
			});
			check(`activated in the running n8n: the movement lines created ${phase.name} came out once each`, () => {
				assert.deepEqual(notOnce(linesOf(phase.movements), movementLines), []);
			});
		}
		check('activated in the running n8n: nothing else came out, nothing twice', () => {
			assert.deepEqual([...workOrderIds].sort(), [...new Set(workOrderIds)].filter((id) => created.workOrders.includes(id)).sort());
			assert.deepEqual([...movementLines].sort(), [...new Set(movementLines)].filter((key) => created.lines.includes(key)).sort());
		});
		check('Work Order Closed: each closing came out once (new and closed, closed after a poll, closed while n8n was down), and nothing else', () => {
			assert.deepEqual(closedItems.map((j) => j.id).sort(), [...closings].sort());
			for (const item of closedItems) assert.equal(item.status, 'closed');
		});
		check('Work Order Due: each open work order due when first seen came out once, with _due, across the restart; nothing twice, nothing not due', () => {
			const dueIds = dueItems.map((j) => j.id);
			assert.deepEqual(notOnce(dues, dueIds), []);
			// A seeded work order may come due during the run, and rightly come out: once, and when due.
			assert.equal(new Set(dueIds).size, dueIds.length);
			for (const item of dueItems) {
				assert.equal(item._due.fieldTime, new Date(Date.parse(item.scheduleDate)).toISOString());
				assert.ok(Date.parse(item.scheduleDate) <= Date.now() && item.status === 'open', JSON.stringify(item));
			}
		});
		check('Work Order Assigned: each user of a new work order and each user added later (also while n8n was down) came out once, and nothing else', () => {
			assert.deepEqual([...assignedItems].sort(), [...assignments].sort());
		});
		check('activated at start-up: every work order created since came out once, across the restart, and nothing else', () => {
			assert.deepEqual(notOnce(created.workOrders, startupIds), []);
			assert.equal(startupIds.length, created.workOrders.length);
		});

		if (process.env.KEEP_USER_FOLDER) {
			// What the sandbox received and when, next to when the records were made: for reading a failure.
			const timeline = sandbox.requests.filter((r) => r.method === 'GET').map((r) => `${new Date(r.receivedAt).toISOString()} ${r.url}`);
			const made = phases.flatMap((p) => [...p.workOrders, ...p.movements].map((r) => `${r.createdAt} created ${r.id} (${p.name})`));
			fs.writeFileSync(`${stack.userFolder}/timeline.txt`, [...timeline, ...made].sort().join('\n'));
		}
		await cleanup();
		lib.log(`e2e finished in ${Math.round((Date.now() - started) / 1000)} s`);
		if (report()) process.exit(1);
	} catch (error) {
		console.error(error);
		await cleanup();
		report(error);
		process.exit(1);
	}
}

main();
