#!/usr/bin/env node
'use strict';
// `npm run test:queue`: n8n's queue mode on this machine, no Docker.
// Postgres and Redis (Debian's) on free ports in a temporary folder; one main
// (`n8n start`, EXECUTIONS_MODE=queue) that polls the triggers and serves the
// webhooks, and two workers (`n8n worker`) that run the executions; each of
// the three has the package installed in its own user folder, as n8n
// documents for queue mode (every instance needs the community package).
// Shown and checked: both triggers emit each new record once while workers
// run the executions (which worker ran which); a bulk Update Stock and Cost of
// 5,000 items on a worker; main restarted while records keep arriving; a
// worker killed in the middle of an execution (what n8n does, reported);
// figures: executions per minute with 1 and 2 workers, poll-to-execution
// latency. Every process is stopped by its pid at the end, also on failure.
const assert = require('assert/strict');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const { ensureServicePackages, freePort, startPostgres, startRedis } = require('../../scripts/lib/services');
const { createChecks } = require('./lib/checks');
const { createCleanups, prepareStack } = require('./lib/stack');
const { replaceSection } = require('../../scripts/lib/pages');
const { UPDATE_FROM_ITEM } = require('../../scripts/lib/workflows');

const OWNER = { email: 'owner@example.com', firstName: 'Maria', lastName: 'Tester', password: 'Sandbox-Passw0rd!' };
const BULK_ITEMS = Number(process.env.QUEUE_BULK_ITEMS || 5000);
/** Executions a worker runs at once (n8n worker --concurrency). */
const WORKER_CONCURRENCY = 5;
/** The statuses of an execution that has ended, as n8n stores them. */
const ENDED = ['success', 'error', 'crashed', 'canceled'];
const hasEnded = (execution) => Boolean(execution?.finished || ENDED.includes(execution?.status));

const { results, check, summary } = createChecks();
const figures = [];
const figure = (text) => {
	figures.push(text);
	lib.log(`  • ${text}`);
};

/** Webhook → Code (the items) → Update Stock and Cost: a bulk sync triggered over HTTP, run by a worker. */
function bulkWorkflow(id, path_, credential) {
	return {
		id,
		name: `Queue: ${path_}`,
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: `${id}-hook`, name: 'Webhook', type: 'n8n-nodes-base.webhook', typeVersion: 2, position: [0, 0], webhookId: `${id}-hook`, parameters: { httpMethod: 'POST', path: path_, responseMode: 'onReceived' } },
			{
				id: `${id}-code`,
				name: 'Rows',
				type: 'n8n-nodes-base.code',
				typeVersion: 2,
				position: [220, 0],
				parameters: {
					jsCode:
						"const { prefix, count, stock } = $input.first().json.body;\nreturn Array.from({ length: count }, (_, i) => ({ json: { sku: `${prefix}${String(i).padStart(4, '0')}`, stock: stock + i, cost: (i % 100) / 4 } }));",
				},
			},
			{
				id: `${id}-mps`,
				name: 'MPservices',
				type: 'n8n-nodes-mpservices.mpServices',
				typeVersion: 1,
				position: [440, 0],
				parameters: { ...UPDATE_FROM_ITEM, options: {} },
				credentials: { mpServicesApi: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Webhook: { main: [[{ node: 'Rows', type: 'main', index: 0 }]] },
			Rows: { main: [[{ node: 'MPservices', type: 'main', index: 0 }]] },
		},
	};
}

/** The run's checks and figures into docs/compatibility.md's queue mode section, between its markers. */
function writeFigures(runtime, figureLines, checks) {
	replaceSection(
		'docs/compatibility.md',
		'queue',
		[
			`Run by \`npm run test:queue\` on ${new Date().toISOString().slice(0, 10)} (n8n ${runtime.version}, Postgres 15 and Redis 7 from Debian, one main and two workers on this project's 2-core machine):`,
			'',
			...checks.map((c) => `- ${c.ok ? '✓' : '✗'} ${c.name}`),
			...figureLines.map((f) => `- ${f}`),
		].join('\n'),
	);
}

async function main() {
	const started = Date.now();
	const cleanups = createCleanups();
	try {
		ensureServicePackages();
		const runtime = lib.runtimeFor();
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-queue-'));
		cleanups.add(async () => fs.rmSync(dir, { recursive: true, force: true }));
		const postgres = await startPostgres(dir, cleanups);
		const redis = await startRedis(dir, cleanups);
		const queueEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(postgres.port),
			DB_POSTGRESDB_DATABASE: 'n8n',
			DB_POSTGRESDB_USER: 'postgres',
			DB_POSTGRESDB_PASSWORD: '',
			EXECUTIONS_MODE: 'queue',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			QUEUE_HEALTH_CHECK_ACTIVE: 'false',
			...(process.env.QUEUE_DEBUG ? { N8N_LOG_LEVEL: 'debug' } : {}),
		};

		const port = await freePort();
		const stack = await prepareStack({ name: 'queue-main', port, cleanups, runtime, extraEnv: queueEnv });
		// Main's log outlives the run (the user folder is removed), for a failed check to be read.
		cleanups.add(async () => fs.copyFileSync(path.join(stack.userFolder, 'main.log'), path.join(os.tmpdir(), 'mpservices-queue-main.log')));
		const { sandbox, credential, workflows } = stack;
		const bulk = bulkWorkflow('queueBulk1', 'mps-bulk', credential);
		const many = bulkWorkflow('queueMany1', 'mps-many', credential);
		await lib.importWorkflows(stack.env, [bulk, many], path.join(stack.userFolder, 'queue-workflows'), runtime);
		for (const workflow of [workflows.workOrderTrigger, workflows.movementTrigger, bulk, many]) await stack.cli(runtime.activate(workflow.id));

		// The workers: each with its own user folder and the package installed there.
		const workers = [];
		const startWorker = async (n) => {
			const folder = fs.mkdtempSync(path.join(os.tmpdir(), `mpservices-queue-worker${n}-`));
			cleanups.add(async () => fs.rmSync(folder, { recursive: true, force: true }));
			await lib.installPackage(folder);
			const workerPort = await freePort();
			const env = lib.n8nEnv(folder, { ...queueEnv, N8N_PORT: String(workerPort), QUEUE_HEALTH_CHECK_PORT: String(workerPort), N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, runtime);
			const logFile = path.join(folder, 'worker.log');
			const processHandle = await lib.startN8n(env, logFile, { runtime, command: 'worker', args: [`--concurrency=${WORKER_CONCURRENCY}`], ready: 'worker is now ready' });
			cleanups.add(() => processHandle.stop());
			const worker = { n, ...processHandle, logFile, log: () => fs.readFileSync(logFile, 'utf8') };
			workers[n - 1] = worker;
			lib.log(`worker ${n} started (pid ${worker.pid})`);
			return worker;
		};
		await Promise.all([startWorker(1), startWorker(2)]);
		let mainProcess = await stack.start({ logName: 'main.log' });
		const cookie = await lib.setupOwner(stack.baseUrl, OWNER);
		const apiKey = await lib.createApiKey(stack.baseUrl, cookie);

		/** Execution ids of a workflow as n8n's Public API lists them. */
		const listedIds = async (workflowId) => {
			const ids = [];
			let cursor;
			do {
				const response = await fetch(`${stack.baseUrl}/api/v1/executions?workflowId=${workflowId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { headers: { 'X-N8N-API-KEY': apiKey } });
				const page = await response.json();
				ids.push(...page.data.map((e) => String(e.id)));
				cursor = page.nextCursor;
			} while (cursor);
			return ids;
		};
		/** Executions the list leaves out: n8n 2.8.4 hides those main still counts as running. */
		const hiddenFromList = new Map();
		/**
		 * Every execution of a workflow: the ids from Postgres, each fetched by id from the Public
		 * API. Its list is not enough: it leaves out executions main still counts as running, and
		 * main can miss a worker's "finished" for one started right after main's start-up.
		 */
		const executionsOf = async (workflowId, includeData = true) => {
			const ids = postgres.psql(`select id from execution_entity where "workflowId" = '${workflowId}' order by id`, 'n8n').trim().split('\n').filter(Boolean);
			const listed = new Set(await listedIds(workflowId));
			const all = [];
			for (const id of ids) {
				const response = await fetch(`${stack.baseUrl}/api/v1/executions/${id}?includeData=${includeData}`, { headers: { 'X-N8N-API-KEY': apiKey } });
				assert.equal(response.status, 200, await response.clone().text());
				const execution = await response.json();
				if (!listed.has(id) && hasEnded(execution)) hiddenFromList.set(id, execution.status);
				all.push(execution);
			}
			return all;
		};
		/** Which worker logged the start of each execution. */
		const workerOf = (executionId) => workers.find((w) => w && new RegExp(`execution ${executionId}\\b`).test(w.log()))?.n;

		const polls = (p) => sandbox.requests.filter((r) => r.path === p).length;
		const waitForPolls = async (count) => {
			const wo = polls('/FetchTenantsWorkOrders');
			const mv = polls('/FetchTenantsInventoryMovements');
			const deadline = Date.now() + 60_000 + 2 * runtime.pollCron.everyMs;
			while (polls('/FetchTenantsWorkOrders') < wo + count || polls('/FetchTenantsInventoryMovements') < mv + count) {
				assert.ok(Date.now() < deadline, 'the trigger workflows stopped polling');
				await lib.sleep(250);
			}
		};
		/** Ids of a workflow's ended executions, from Postgres (cheap enough to poll while measuring). */
		const endedIds = (workflowId) =>
			postgres.psql(`select id from execution_entity where "workflowId" = '${workflowId}' and status in (${ENDED.map((status) => `'${status}'`).join(', ')}) order by id`, 'n8n').trim().split('\n').filter(Boolean);
		const waitForExecutions = async (workflowId, count, timeoutMs = 120_000) => {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const done = endedIds(workflowId);
				if (done.length >= count) return done;
				assert.ok(Date.now() < deadline, `only ${done.length} of ${count} executions of ${workflowId} finished`);
				await lib.sleep(500);
			}
		};
		/** Polls the executions until the emitted records equal the expected ones (queued executions finish late), or 90 s pass. */
		const settle = async (expectedWorkOrders, expectedLines_) => {
			const deadline = Date.now() + 90_000;
			for (;;) {
				const wo = await emittedIds(workflows.workOrderTrigger.id, (j) => j.id);
				const mv = await emittedIds(workflows.movementTrigger.id, lineKey);
				const same = (a, b) => JSON.stringify([...a].sort()) === JSON.stringify([...b].sort());
				if ((same(wo.items, expectedWorkOrders) && same(mv.items, expectedLines_)) || Date.now() > deadline) return { wo, mv };
				await lib.sleep(1000);
			}
		};
		const emittedIds = async (workflowId, key) => {
			const executions = await executionsOf(workflowId);
			return {
				executions,
				items: executions.flatMap((e) => e.data?.resultData?.runData?.['MPservices Trigger']?.[0]?.data?.main?.[0]?.map((i) => key(i.json)) ?? []),
			};
		};

		// 1. The triggers on main, the executions on the workers.
		await waitForPolls(1);
		// What activation took as seen; everything created after it must come out once. That includes
		// the movements MPservices records for every Update Stock and Cost below.
		const baseline = { workOrders: new Set(sandbox.state.workOrders.map((r) => r.id)), movements: new Set(sandbox.state.movements.map((r) => r.id)) };
		for (let round = 0; round < 3; round++) {
			sandbox.addWorkOrder();
			sandbox.addWorkOrder();
			sandbox.addMovement();
			await waitForPolls(2);
		}
		const lineKey = (j) => `${j.movementId}/${j.item_id}/${j.quantity}`;
		const newWorkOrders = () => sandbox.state.workOrders.filter((r) => !baseline.workOrders.has(r.id)).map((r) => r.id);
		const expectedLines = () =>
			sandbox.state.movements.filter((m) => !baseline.movements.has(m.id)).flatMap((m) => m.movements.map((line) => lineKey({ ...line, movementId: m.id })));
		let { wo, mv } = await settle(newWorkOrders(), expectedLines());
		check('queue mode: each new work order and movement line came out once, in executions run by the workers', () => {
			assert.deepEqual([...wo.items].sort(), newWorkOrders().sort());
			assert.deepEqual([...mv.items].sort(), expectedLines().sort());
			for (const e of [...wo.executions, ...mv.executions]) assert.equal(e.status, 'success', JSON.stringify(e).slice(0, 500));
		});
		const byWorker = [...wo.executions, ...mv.executions].map((e) => `${e.id}→${workerOf(e.id) ? `worker ${workerOf(e.id)}` : 'main?'}`);
		figure(`trigger executions and the worker that ran each: ${byWorker.join(', ')}`);
		check('no trigger execution ran on main', () => assert.ok(byWorker.every((x) => /worker \d/.test(x)), byWorker.join(', ')));
		/** The work-order trigger's static data as Postgres holds it (QUEUE_DEBUG prints it). */
		const savedState = () => postgres.psql(`select "staticData" from workflow_entity where id = '${workflows.workOrderTrigger.id}'`, 'n8n').trim().slice(0, 300) || '(null)';
		if (process.env.QUEUE_DEBUG) lib.log(`debug: the work-order trigger's static data in Postgres after its worker-run executions: ${savedState()}`);

		// Poll-to-execution latency: from the poll request that found a record to the start of its execution.
		const latencies = [];
		for (const e of wo.executions) {
			const start = Date.parse(e.startedAt);
			const poll = sandbox.requests.filter((r) => r.path === '/FetchTenantsWorkOrders' && r.receivedAt <= start).pop();
			if (poll) latencies.push(start - poll.receivedAt);
		}
		latencies.sort((a, b) => a - b);
		figure(`poll-to-execution latency (poll request → execution start): median ${latencies[Math.floor(latencies.length / 2)]} ms, max ${latencies[latencies.length - 1]} ms over ${latencies.length} executions`);

		// 2. A bulk Update Stock and Cost of 5,000 items, on a worker.
		for (let i = 0; i < BULK_ITEMS; i++) {
			const sku = `BULK-${String(i).padStart(4, '0')}`;
			sandbox.state.products.set(sku, { id: String(100000 + i), external_id: sku, product_name: `Bulk ${i}`, product_unit: 'Pieces', product_stock: '0' });
		}
		sandbox.requests.length = 0;
		const bulkStarted = Date.now();
		const hook = (p, body) => fetch(`${stack.baseUrl}/webhook/${p}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
		assert.equal((await hook('mps-bulk', { prefix: 'BULK-', count: BULK_ITEMS, stock: 7 })).status, 200);
		const [bulkId] = await waitForExecutions(bulk.id, 1, 300_000);
		const bulkSeconds = (Date.now() - bulkStarted) / 1000;
		const [bulkRun] = (await executionsOf(bulk.id)).filter((e) => String(e.id) === bulkId);
		const bulkItems = bulkRun.data.resultData.runData.MPservices[0].data.main[0];
		check(`a bulk Update Stock and Cost of ${BULK_ITEMS} items ran on a worker with the results of one process: one PATCH each, answers in input order, paired`, () => {
			assert.equal(bulkRun.status, 'success');
			assert.ok(workerOf(bulkRun.id), 'no worker logged the bulk execution');
			const patches = sandbox.requests.filter((r) => r.method === 'PATCH');
			assert.equal(patches.length, BULK_ITEMS);
			assert.equal(new Set(patches.map((r) => r.form.external_id)).size, BULK_ITEMS);
			assert.equal(bulkItems.length, BULK_ITEMS);
			bulkItems.forEach((item, i) => {
				assert.equal(item.json.product.external_id, `BULK-${String(i).padStart(4, '0')}`);
				assert.equal(item.json.product.product_stock, String(7 + i));
				assert.deepEqual(item.pairedItem, { item: i });
			});
		});
		figure(`bulk of ${BULK_ITEMS} items on worker ${workerOf(bulkRun.id)}: ${bulkSeconds.toFixed(1)} s from the webhook call to the finished execution (${Math.round(BULK_ITEMS / bulkSeconds)} items/s)`);

		// 3. Executions per minute: 60 webhook executions of 20 items each, the API answering in
		// 100 ms (I/O-bound, as a real API is), with 2 workers and with 1, each running 5 at once.
		sandbox.setLatency(100);
		for (let i = 0; i < 20; i++) sandbox.state.products.set(`MANY-${String(i).padStart(4, '0')}`, { external_id: `MANY-${i}`, product_stock: '0' });
		const throughput = async (label) => {
			const before = endedIds(many.id).length;
			const t0 = Date.now();
			await Promise.all(Array.from({ length: 60 }, (_, i) => hook('mps-many', { prefix: 'MANY-', count: 20, stock: i })));
			await waitForExecutions(many.id, before + 60, 300_000);
			const minutes = (Date.now() - t0) / 60_000;
			figure(`${label} (${WORKER_CONCURRENCY} executions at once each): 60 executions of webhook → Update Stock and Cost (20 items, API answering in 100 ms) in ${(minutes * 60).toFixed(1)} s = ${Math.round(60 / minutes)} executions/min`);
			return 60 / minutes;
		};
		const two = await throughput('2 workers');
		await workers[1].stop();
		workers[1] = undefined;
		const one = await throughput('1 worker');
		figure(`2 workers ÷ 1 worker: ${(two / one).toFixed(2)}×`);
		sandbox.setLatency(0);
		await startWorker(2);

		// 4. Main restarted while records keep arriving: nothing lost, nothing replayed.
		if (process.env.QUEUE_DEBUG) lib.log(`debug: the work-order trigger's static data in Postgres before main stops: ${savedState()}`);
		await mainProcess.stop();
		lib.log('main stopped; records keep arriving');
		const whileDown = [sandbox.addWorkOrder().id];
		sandbox.addMovement();
		await lib.sleep(2000);
		whileDown.push(sandbox.addWorkOrder().id);
		lib.log(`created while main was down: ${whileDown.join(', ')}`);
		if (process.env.QUEUE_DEBUG) lib.log(`debug: … after main stopped: ${savedState()}`);
		mainProcess = await stack.start({ logName: 'main.log' });
		await waitForPolls(2);
		sandbox.addWorkOrder();
		await waitForPolls(2);
		({ wo, mv } = await settle(newWorkOrders(), expectedLines()));
		if (process.env.QUEUE_DEBUG) {
			for (const e of wo.executions) {
				const run = e.data?.resultData?.runData ?? {};
				lib.log(`debug: execution ${e.id} ${e.status} ${e.mode} started ${e.startedAt}: nodes ${Object.keys(run).join(', ')}; trigger items ${JSON.stringify(run['MPservices Trigger']?.[0]?.data?.main?.[0]?.map((i) => i.json.id) ?? null)}; error ${JSON.stringify(e.data?.resultData?.error ?? null).slice(0, 300)}`);
			}
		}
		check('main restarted while records kept arriving (and thousands of movements from the updates): every record came out once, none replayed', () => {
			assert.deepEqual([...wo.items].sort(), newWorkOrders().sort());
			assert.deepEqual([...mv.items].sort(), expectedLines().sort());
		});
		if (hiddenFromList.size) {
			figure(
				`after main's restart, n8n's Public API execution list left out ${[...hiddenFromList].map(([id, status]) => `execution ${id} (${status} in the database)`).join(', ')}: main queued it during its start-up and still holds it as active, and that list leaves active executions out; its records were delivered`,
			);
		}

		// 5. A worker killed in the middle of an execution, then a fresh worker: what n8n does with it.
		// Only worker 1 runs while the bulk starts, so it is the one running it.
		await workers[1].stop();
		workers[1] = undefined;
		sandbox.setLatency(30);
		sandbox.requests.length = 0;
		const patches = () => sandbox.requests.filter((r) => r.method === 'PATCH');
		const killedBefore = new Set((await executionsOf(bulk.id, false)).map((e) => e.id));
		assert.equal((await hook('mps-bulk', { prefix: 'BULK-', count: 2000, stock: 1000 })).status, 200);
		for (const deadline = Date.now() + 60_000; patches().length < 300; await lib.sleep(100)) {
			assert.ok(Date.now() < deadline, 'the bulk execution never started sending');
		}
		const victim = workers[0];
		process.kill(-victim.pid, 'SIGKILL');
		const sentBeforeKill = patches().length;
		lib.log(`worker 1 killed (SIGKILL) after ${sentBeforeKill} of 2000 requests; starting a fresh worker 2`);
		await startWorker(2);
		const outcomeDeadline = Date.now() + 150_000;
		let outcome;
		while (Date.now() < outcomeDeadline) {
			outcome = (await executionsOf(bulk.id, false)).find((e) => !killedBefore.has(e.id));
			if (hasEnded(outcome)) break;
			await lib.sleep(1000);
		}
		await lib.sleep(2000);
		const perSku = new Map();
		for (const r of patches()) perSku.set(r.form.external_id, (perSku.get(r.form.external_id) ?? 0) + 1);
		const twice = [...perSku.values()].filter((n) => n > 1).length;
		figure(
			`worker killed mid-execution (after ${sentBeforeKill} of 2,000 updates), then a fresh worker started: n8n reported the execution as "${outcome?.status ?? 'still running after 150 s'}"; ${patches().length} updates were sent in all, ${twice} products more than once (${twice ? 'the job was run again from the start by the new worker' : 'the job was not run again'})`,
		);
		check('a worker killed mid-execution leaves an execution n8n reports as ended (not stuck running)', () => {
			assert.ok(hasEnded(outcome), JSON.stringify(outcome));
		});
		sandbox.setLatency(0);

		await cleanups.cleanup();
		lib.log(`queue test finished in ${Math.round((Date.now() - started) / 1000)} s`);
		if (process.env.QUEUE_FIGURES_FILE) fs.writeFileSync(process.env.QUEUE_FIGURES_FILE, JSON.stringify({ runtime: runtime.version, figures, results }, null, 2));
		writeFigures(runtime, figures, results);
		process.exit(summary('queue') ? 1 : 0);
	} catch (error) {
		console.error(error);
		await cleanups.cleanup();
		summary('queue', 1);
		process.exit(1);
	}
}

main();
