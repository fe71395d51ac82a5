#!/usr/bin/env node
'use strict';
// `npm run test:dev`: `npm run dev` keeps a user's work between runs. Runs
// scripts/dev.js (after the build) three times on a temporary user folder and
// free ports, as a user runs it, on n8n NEWEST (or MPSERVICES_N8N_VERSION):
// 1. a new folder: the sandbox credential, one workflow per operation and
//    event and the examples are imported (none of the e2e test's fixtures),
//    the owner is set up; through the Public API the test then creates a
//    workflow, edits a sandbox workflow, deactivates one and deletes an
//    example, as a user does in the editor;
// 2. the same folder: the owner exists, the package is reinstalled from the
//    build, the user's workflows are as they were left, the deleted example is
//    back and nothing is imported twice;
// 3. `--fresh`, stopped while n8n starts: the folder starts afresh, and a
//    Ctrl-C during start-up stops n8n too.
// Every process it starts is stopped by its pid (the dev script stops its
// n8n and sandbox; the test kills what is left), also on failure.
const assert = require('assert/strict');
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const { freePort } = require('../../scripts/lib/services');
const { devWorkflows, DEV_ACTIVE } = require('../../scripts/lib/workflows');
const { createChecks } = require('./lib/checks');
const { createCleanups } = require('./lib/stack');

const OWNER = { email: 'demo@example.com', password: 'Sandbox-Passw0rd!' };
const PACKAGE = 'n8n-nodes-mpservices';
const { check, summary } = createChecks();

const alive = (pid) => {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
};

/**
 * Starts scripts/dev.js in its own process group and resolves once its output matches `until`
 * (by default: n8n is running). `stop()` asks it to stop (SIGTERM, as Ctrl-C), then kills what
 * is left: its group and its n8n's.
 */
async function startDev(label, env, args, cleanups, until = /is running\./) {
	const begun = Date.now();
	const child = spawn(process.execPath, [path.join(lib.REPO, 'scripts', 'dev.js'), ...args], {
		cwd: lib.REPO,
		env,
		detached: true,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	let n8nPid;
	let exited = false;
	child.on('exit', () => (exited = true));
	const onData = (data) => {
		output += data;
		for (const line of String(data).split('\n').filter((l) => l.trim())) console.log(`    ${label} │ ${line}`);
		n8nPid ??= Number(output.match(/starting n8n \(pid (\d+)\)/)?.[1]) || undefined;
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let stopped = false;
	const stop = async () => {
		if (stopped) return;
		stopped = true;
		if (!exited) {
			try {
				process.kill(-child.pid, 'SIGTERM');
			} catch {
				// gone
			}
			const deadline = Date.now() + 30_000;
			while (!exited && Date.now() < deadline) await lib.sleep(200);
		}
		// What did not stop: the script's group (an n8n CLI command it ran) and its n8n's.
		for (const pid of [child.pid, n8nPid].filter(Boolean)) {
			try {
				process.kill(-pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	cleanups.add(stop);
	const deadline = Date.now() + 10 * 60_000;
	while (!until.test(output)) {
		if (exited) throw new Error(`${label}: scripts/dev.js exited before its output matched ${until}:\n${output.slice(-3000)}`);
		if (Date.now() > deadline) throw new Error(`${label}: no ${until} in its output after 10 minutes`);
		await lib.sleep(200);
	}
	return { output: () => output, n8nPid: () => n8nPid, stop, seconds: (Date.now() - begun) / 1000, exited: () => exited };
}

async function main() {
	const started = Date.now();
	const cleanups = createCleanups();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-dev-'));
	cleanups.add(async () => (process.env.KEEP_USER_FOLDER ? lib.log(`kept ${userFolder}`) : fs.rmSync(userFolder, { recursive: true, force: true })));
	const runtime = lib.runtimeFor(process.env.MPSERVICES_N8N_VERSION || lib.NEWEST_N8N_VERSION);
	const timings = [];
	let fatal;
	try {
		const [n8nPort, brokerPort, sandboxPort] = [await freePort(), await freePort(), await freePort()];
		const env = {
			...process.env,
			MPSERVICES_DEV_FOLDER: userFolder,
			N8N_PORT: String(n8nPort),
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
			SANDBOX_PORT: String(sandboxPort),
		};
		const base = `http://127.0.0.1:${n8nPort}`;
		lib.log(`user folder ${userFolder}; n8n on ${n8nPort} (task broker ${brokerPort}), sandbox on ${sandboxPort}`);
		const dev = [...Object.values(devWorkflows()), ...lib.exampleWorkflows('mpservicesSandbox1')];
		let apiKey;
		const api = async (method, route, body) => {
			const response = await fetch(`${base}/api/v1${route}`, {
				method,
				headers: { 'X-N8N-API-KEY': apiKey, ...(body ? { 'content-type': 'application/json' } : {}) },
				body: body && JSON.stringify(body),
			});
			const text = await response.text();
			if (!response.ok) throw new Error(`${method} ${route}: ${response.status} ${text.slice(0, 1000)}`);
			return text ? JSON.parse(text) : undefined;
		};
		const listWorkflows = async () => (await api('GET', '/workflows?limit=250')).data;
		const installedFile = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'dist', 'nodes', 'MpServices', 'MpServices.node.js');
		const builtFile = path.join(lib.REPO, 'dist', 'nodes', 'MpServices', 'MpServices.node.js');
		const staleMarker = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE, 'STALE');

		// 1. A new user folder.
		lib.log('run 1: npm run dev on a new user folder');
		let run = await startDev('run 1', env, [], cleanups);
		timings.push(['first run, to the editor (runtime cached)', run.seconds]);
		const cookie = await lib.login(base, OWNER);
		apiKey = await lib.createApiKey(base, cookie, [
			'workflow:create',
			'workflow:read',
			'workflow:update',
			'workflow:delete',
			'workflow:list',
			'workflow:activate',
			'workflow:deactivate',
		]);
		let workflows = await listWorkflows();
		check(`run 1: the ${dev.length} sandbox workflows and examples are imported, once each`, () => {
			assert.deepEqual(workflows.map((w) => w.id).sort(), dev.map((w) => w.id).sort());
		});
		check("run 1: none of the real-app tests' fixtures (their workflows, the SKU-E2E products, their poll paths)", () => {
			const text = JSON.stringify(workflows);
			assert.doesNotMatch(text, /activated at start-up|1\.5 s, 1 MB|E2E|\?trigger=/);
		});
		check('run 1: "Sandbox: new work order" and "Sandbox: work order closed" are active, no other', () => {
			assert.deepEqual(workflows.filter((w) => w.active).map((w) => w.id).sort(), [...DEV_ACTIVE].sort());
		});

		// What a user does in the editor, through the Public API.
		const mine = await api('POST', '/workflows', {
			name: 'My open work orders at Hotel Las Palmas',
			nodes: [
				{ id: 'my-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
				{
					id: 'my-node',
					name: 'MPservices',
					type: `${PACKAGE}.mpServices`,
					typeVersion: 1,
					position: [220, 0],
					parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true, filters: { status: 'open', clientName: 'Hotel Las Palmas' } },
					credentials: { mpServicesApi: { id: 'mpservicesSandbox1', name: 'MPservices sandbox' } },
				},
			],
			connections: { Start: { main: [[{ node: 'MPservices', type: 'main', index: 0 }]] } },
			settings: { executionOrder: 'v1' },
		});
		const edited = await api('GET', '/workflows/sbGetWorkOrders');
		edited.nodes.find((n) => n.name === 'MPservices').parameters.filters = { status: 'closed' };
		await api('PUT', '/workflows/sbGetWorkOrders', {
			name: 'Closed work orders (edited)',
			nodes: edited.nodes,
			connections: edited.connections,
			settings: { executionOrder: 'v1' },
		});
		await api('POST', '/workflows/sbWoClosed/deactivate');
		await api('DELETE', '/workflows/exMovesToSheets');
		fs.writeFileSync(staleMarker, 'written by test/e2e/dev.js after run 1: the next run must reinstall the package');
		lib.log(`run 1: created "${mine.name}" (${mine.id}), edited sbGetWorkOrders, deactivated sbWoClosed, deleted exMovesToSheets`);

		await run.stop();
		const firstN8n = run.n8nPid();
		check('run 1: Ctrl-C (SIGTERM) stops the dev script and its n8n', () => {
			assert.ok(run.exited(), 'the dev script is still running');
			assert.ok(firstN8n && !alive(firstN8n), `n8n (pid ${firstN8n}) is still running`);
		});

		// 2. The same folder again.
		lib.log('run 2: npm run dev on the same user folder');
		run = await startDev('run 2', env, [], cleanups);
		timings.push(['second run, to the editor', run.seconds]);
		const output = run.output();
		workflows = await listWorkflows();
		const byId = new Map(workflows.map((w) => [w.id, w]));
		check('run 2: the owner of run 1 is kept (no new set-up), and its API key still works', () => {
			assert.match(output, /\(set up on the first run\)/);
		});
		check("run 2: the workflow the user made is there, as it was", () => {
			const again = byId.get(mine.id);
			assert.ok(again, `no workflow ${mine.id}`);
			assert.equal(again.name, mine.name);
			assert.deepEqual(again.nodes.find((n) => n.name === 'MPservices').parameters.filters, { status: 'open', clientName: 'Hotel Las Palmas' });
		});
		check('run 2: the sandbox workflow the user edited keeps the edit (not imported again)', () => {
			const again = byId.get('sbGetWorkOrders');
			assert.equal(again.name, 'Closed work orders (edited)');
			assert.deepEqual(again.nodes.find((n) => n.name === 'MPservices').parameters.filters, { status: 'closed' });
		});
		check('run 2: what the user deactivated stays inactive; what was active stays active', () => {
			assert.equal(byId.get('sbWoClosed').active, false);
			assert.equal(byId.get('sbWoTrigger').active, true);
		});
		check('run 2: the example the user deleted is imported again (it was missing), and the output says so', () => {
			assert.ok(byId.has('exMovesToSheets'));
			assert.match(output, /imported the 1 sandbox or example workflows that were missing: "MPservices: inventory movement lines → Google Sheets"/);
		});
		check('run 2: nothing imported twice: every sandbox workflow and example once, plus the user\'s, no two of a name', () => {
			assert.deepEqual(workflows.map((w) => w.id).sort(), [...dev.map((w) => w.id), mine.id].sort());
			const names = workflows.map((w) => w.name);
			assert.deepEqual(names.filter((name, i) => names.indexOf(name) !== i), []);
		});
		const credentials = await lib.sqliteQuery(userFolder, 'SELECT id, name FROM credentials_entity', [], runtime);
		check('run 2: one "MPservices sandbox" credential', () => {
			assert.deepEqual(credentials, [{ id: 'mpservicesSandbox1', name: 'MPservices sandbox' }]);
		});
		check('run 2: the package is reinstalled from the build', () => {
			assert.ok(!fs.existsSync(staleMarker), 'the copy installed in run 1 is still there');
			assert.ok(fs.readFileSync(installedFile).equals(fs.readFileSync(builtFile)), 'the installed node differs from dist/');
		});
		await run.stop();

		// 3. --fresh, stopped as soon as n8n is starting.
		lib.log('run 3: npm run dev -- --fresh, Ctrl-C while n8n starts');
		run = await startDev('run 3', env, ['--fresh'], cleanups, /starting n8n \(pid \d+\)/);
		timings.push(['a --fresh run, to the start of n8n', run.seconds]);
		await run.stop();
		const thirdN8n = run.n8nPid();
		check('run 3: Ctrl-C while n8n starts stops the dev script and its n8n', () => {
			assert.ok(run.exited(), 'the dev script is still running');
			assert.ok(thirdN8n && !alive(thirdN8n), `n8n (pid ${thirdN8n}) is still running`);
		});
		const fresh = await lib.sqliteQuery(userFolder, 'SELECT id FROM workflow_entity', [], runtime);
		check("run 3 (--fresh): a new folder, as on a first run: the sandbox workflows and examples, nothing of the user's", () => {
			assert.match(run.output(), /--fresh: deleted/);
			assert.match(run.output(), new RegExp(`imported ${dev.length} workflows: one per operation`));
			assert.deepEqual(fresh.map((w) => w.id).sort(), dev.map((w) => w.id).sort());
		});
	} catch (error) {
		fatal = error;
		console.error(error);
	}
	await cleanups.cleanup();
	for (const [what, seconds] of timings) lib.log(`${what}: ${seconds.toFixed(1)} s`);
	lib.log(`test:dev finished in ${Math.round((Date.now() - started) / 1000)} s`);
	if (summary('test:dev', fatal ? 1 : 0)) process.exit(1);
	process.exit(0);
}

main();
