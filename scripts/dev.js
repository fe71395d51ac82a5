#!/usr/bin/env node
'use strict';
// `npm run dev`: try the nodes in the real n8n against the local sandbox.
// Builds (via npm), starts the sandbox (new records every 30 s), installs the
// newest n8n that `npm run test:matrix` passes (lib.NEWEST_N8N_VERSION; or
// MPSERVICES_N8N_VERSION) once into a cache folder, with the Node.js it needs
// from the npm registry when this machine's is older, installs this package
// into the user folder (.dev/n8n) as n8n installs community packages, and
// starts n8n.
//
// The user folder is kept between runs: the workflows and credentials made in
// the editor stay. Each run reinstalls the package from the fresh build, and
// imports the "MPservices sandbox" credential, the sandbox workflows and the
// examples only where their id is missing (activating "Sandbox: new work
// order" and "Sandbox: work order closed" when it imports them); what is there
// is left as it is. `--fresh` (npm run dev -- --fresh) deletes the folder first.
//
// Environment: MPSERVICES_DEV_FOLDER (the user folder), N8N_PORT (5678),
// N8N_RUNNERS_BROKER_PORT (N8N_PORT + 1), SANDBOX_PORT (5680),
// MPSERVICES_N8N_VERSION. Ctrl-C stops everything.
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const lib = require('./lib/n8n');
const { devWorkflows, DEV_ACTIVE } = require('./lib/workflows');
const { createSandbox } = require('../sandbox/server');

const N8N_PORT = Number(process.env.N8N_PORT || 5678);
const BROKER_PORT = Number(process.env.N8N_RUNNERS_BROKER_PORT || N8N_PORT + 1);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 5680);
const USER_FOLDER = path.resolve(process.env.MPSERVICES_DEV_FOLDER || path.join(lib.REPO, '.dev', 'n8n'));
const FRESH = process.argv.includes('--fresh');
const API_KEY = 'MPSER110_sandbox-key';
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Sandbox-Passw0rd!' };
/** What this script remembers about the user folder (which n8n last opened its database). */
const STATE_FILE = path.join(USER_FOLDER, 'mpservices-dev.json');

/** -1, 0 or 1 as version a is older than, equal to or newer than b (x.y.z). */
function compareVersions(a, b) {
	const pa = a.split('.').map(Number);
	const pb = b.split('.').map(Number);
	for (let i = 0; i < 3; i++) if (pa[i] !== pb[i]) return pa[i] < pb[i] ? -1 : 1;
	return 0;
}

/** The ids of the workflows and credentials already in the folder's database (none for a new folder). */
async function existingIds(runtime) {
	if (!fs.existsSync(path.join(USER_FOLDER, '.n8n', 'database.sqlite'))) return { workflows: new Set(), credentials: new Set() };
	const ids = async (table) => new Set((await lib.sqliteQuery(USER_FOLDER, `SELECT id FROM ${table}`, [], runtime)).map((row) => row.id));
	return { workflows: await ids('workflow_entity'), credentials: await ids('credentials_entity') };
}

async function main() {
	const started = Date.now();
	const cleanups = [];
	let stopping = false;
	const stop = async (code = 0) => {
		if (stopping) return;
		stopping = true;
		lib.log('stopping…');
		while (cleanups.length) await cleanups.pop()().catch((e) => console.error(e.message));
		process.exit(code);
	};
	process.on('SIGINT', () => stop(0));
	process.on('SIGTERM', () => stop(0));

	try {
		const runtime = await lib.ensureN8n(process.env.MPSERVICES_N8N_VERSION || lib.NEWEST_N8N_VERSION);
		lib.log(
			`n8n ${runtime.version} on Node.js ${runtime.node ?? process.versions.node}${runtime.node && runtime.node !== process.versions.node ? ` (from the npm registry, in ${path.dirname(runtime.nodeHome)}; this machine has ${process.versions.node})` : ''}`,
		);

		if (FRESH && fs.existsSync(USER_FOLDER)) {
			fs.rmSync(USER_FOLDER, { recursive: true, force: true });
			lib.log(`--fresh: deleted ${USER_FOLDER}`);
		}
		const state = fs.existsSync(STATE_FILE) ? JSON.parse(fs.readFileSync(STATE_FILE, 'utf8')) : {};
		if (state.n8nVersion && compareVersions(state.n8nVersion, runtime.version) > 0) {
			const error = new Error(
				`${USER_FOLDER} was last opened by n8n ${state.n8nVersion}: its database has that release's migrations, and n8n ${runtime.version} is not made to open it. ` +
					'Start afresh with `npm run dev -- --fresh`, or give this n8n a folder of its own with MPSERVICES_DEV_FOLDER.',
			);
			error.plain = true;
			throw error;
		}
		fs.mkdirSync(USER_FOLDER, { recursive: true });

		// A new seed each run: the triggers remember the ids they have seen, and the same seed would
		// bring back the same ids (the new records of this run would look already seen).
		const sandbox = createSandbox({ apiKey: API_KEY, generateEveryMs: 30_000, recordRequests: false, seed: crypto.randomInt(1, 2 ** 31) });
		const sandboxUrl = await sandbox.start(SANDBOX_PORT);
		cleanups.push(() => sandbox.stop());
		lib.log(`sandbox MPservices API on ${sandboxUrl} (every 30 s a new work order or movement, or a work order closed, reopened or rescheduled)`);

		await lib.installPackage(USER_FOLDER);
		lib.log(`installed n8n-nodes-mpservices (this build) into ${USER_FOLDER}/.n8n/nodes`);

		const env = lib.n8nEnv(USER_FOLDER, { N8N_PORT: String(N8N_PORT), N8N_RUNNERS_BROKER_PORT: String(BROKER_PORT) }, runtime);
		const credential = lib.sandboxCredential(sandboxUrl, API_KEY);
		const existing = await existingIds(runtime);
		// The credential is ours: imported again when the sandbox has moved to another port.
		if (!existing.credentials.has(credential.id) || state.sandboxUrl !== sandboxUrl) {
			await lib.importCredential(env, credential, path.join(USER_FOLDER, 'credential.json'), runtime);
			lib.log(`imported the "MPservices sandbox" credential (${sandboxUrl})`);
		}
		const workflows = [...Object.values(devWorkflows({ pollCron: '0 * * * * *' })), ...lib.exampleWorkflows(credential.id)];
		const missing = workflows.filter((workflow) => !existing.workflows.has(workflow.id));
		if (missing.length) {
			await lib.importWorkflows(env, missing, path.join(USER_FOLDER, 'workflows'), runtime);
			for (const workflow of missing.filter((w) => DEV_ACTIVE.includes(w.id))) await lib.n8nCli(runtime.activate(workflow.id), env, runtime);
		}
		const kept = existing.workflows.size;
		lib.log(
			missing.length === workflows.length
				? `imported ${missing.length} workflows: one per operation and event ("Sandbox: …") and the examples ("MPservices: …")`
				: `kept the ${kept} workflows of the last run; imported ${missing.length ? `the ${missing.length} sandbox or example workflows that were missing: ${missing.map((w) => `"${w.name}"`).join(', ')}` : 'nothing (no sandbox or example workflow is missing)'}`,
		);
		fs.writeFileSync(STATE_FILE, JSON.stringify({ n8nVersion: runtime.version, sandboxUrl }, null, 2));

		const logFile = path.join(USER_FOLDER, 'n8n.log');
		fs.writeFileSync(logFile, '');
		const n8n = await lib.startN8n(env, logFile, {
			runtime,
			onSpawn: ({ pid, stop: stopN8n }) => {
				cleanups.push(stopN8n);
				lib.log(`starting n8n (pid ${pid})…`);
			},
		});
		const baseUrl = `http://127.0.0.1:${N8N_PORT}`;
		const ownerExisted = await lib.hasOwner(baseUrl);
		if (!ownerExisted) await lib.setupOwner(baseUrl, OWNER);
		lib.log(`n8n is up (pid ${n8n.pid}), ${Math.round((Date.now() - started) / 1000)} s after the build`);

		console.log(`
  n8n ${runtime.version} with n8n-nodes-mpservices is running.

    Editor:    http://localhost:${N8N_PORT}
    Login:     ${OWNER.email}${ownerExisted ? ' (set up on the first run)' : ''}
    Password:  ${OWNER.password}

  Open a "Sandbox: …" workflow and click "Execute workflow". "Sandbox: new work
  order" and "Sandbox: work order closed" are active (unless you turned them
  off): they fire within a minute of each new sandbox work order, and of each
  closing. Your workflows stay in ${USER_FOLDER} for the next
  run; \`npm run dev -- --fresh\` starts afresh.
  The sandbox API is at ${sandboxUrl} (token: ${API_KEY}); its records are new
  each run. n8n's log is ${logFile}.

  Press Ctrl-C to stop n8n and the sandbox.
`);
		await new Promise(() => {});
	} catch (error) {
		console.error(error.plain ? `[mpservices] ${error.message}` : error);
		await stop(1);
	}
}

main();
