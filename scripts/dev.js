#!/usr/bin/env node
'use strict';
// `npm run dev`: try the nodes in the real n8n against the local sandbox.
// Builds (via npm), starts the sandbox (new records every 30 s), installs the
// newest n8n that `npm run test:matrix` passes (lib.NEWEST_N8N_VERSION; or
// MPSERVICES_N8N_VERSION) once into a cache folder, with the Node.js it needs
// from the npm registry when this machine's is older, installs this package into a fresh
// user folder (.dev/n8n) as n8n installs community packages, imports the
// "MPservices sandbox" credential, a workflow per operation and the examples,
// activates the sandbox trigger workflow, creates the owner and starts n8n.
// Ctrl-C stops everything.
const fs = require('fs');
const path = require('path');

const lib = require('./lib/n8n');
const { sandboxWorkflows } = require('./lib/workflows');
const { createSandbox } = require('../sandbox/server');

const N8N_PORT = Number(process.env.N8N_PORT || 5678);
const SANDBOX_PORT = Number(process.env.SANDBOX_PORT || 5680);
const API_KEY = 'MPSER110_sandbox-key';
const OWNER = { email: 'demo@example.com', firstName: 'Demo', lastName: 'User', password: 'Sandbox-Passw0rd!' };

async function main() {
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

		const sandbox = createSandbox({ apiKey: API_KEY, generateEveryMs: 30_000, recordRequests: false });
		const sandboxUrl = await sandbox.start(SANDBOX_PORT);
		cleanups.push(() => sandbox.stop());
		lib.log(`sandbox MPservices API on ${sandboxUrl} (every 30 s a new work order or movement, or a work order closed, reopened or rescheduled)`);

		const userFolder = path.join(lib.REPO, '.dev', 'n8n');
		fs.rmSync(userFolder, { recursive: true, force: true });
		fs.mkdirSync(userFolder, { recursive: true });
		await lib.installPackage(userFolder);
		lib.log(`installed n8n-nodes-mpservices into ${userFolder}/.n8n/nodes`);

		const env = lib.n8nEnv(userFolder, { N8N_PORT: String(N8N_PORT), N8N_RUNNERS_BROKER_PORT: String(N8N_PORT + 1) }, runtime);
		const credential = lib.sandboxCredential(sandboxUrl, API_KEY);
		await lib.importCredential(env, credential, path.join(userFolder, 'credential.json'), runtime);
		const workflows = sandboxWorkflows({ pollCron: '0 * * * * *' });
		await lib.importWorkflows(env, [...Object.values(workflows), ...lib.exampleWorkflows(credential.id)], path.join(userFolder, 'workflows'), runtime);
		for (const workflow of [workflows.workOrderTrigger, workflows.closedTrigger]) await lib.n8nCli(runtime.activate(workflow.id), env, runtime);
		lib.log('imported the "MPservices sandbox" credential, a workflow per operation and the examples');

		lib.log('starting n8n…');
		const n8n = await lib.startN8n(env, path.join(userFolder, 'n8n.log'), { runtime });
		cleanups.push(() => n8n.stop());
		await lib.setupOwner(`http://127.0.0.1:${N8N_PORT}`, OWNER);

		console.log(`
  n8n ${runtime.version} with n8n-nodes-mpservices is running.

    Editor:    http://localhost:${N8N_PORT}
    Login:     ${OWNER.email}
    Password:  ${OWNER.password}

  Open a "Sandbox: …" workflow and click "Execute workflow". "Sandbox: new work
  order" and "Sandbox: work order closed" are active: they fire within a minute
  of each new sandbox work order, and of each closing.
  The sandbox API is at ${sandboxUrl} (token: ${API_KEY}); n8n's log is
  ${path.join(userFolder, 'n8n.log')}.

  Press Ctrl-C to stop n8n and the sandbox.
`);
		await new Promise(() => {});
	} catch (error) {
		console.error(error);
		await stop(1);
	}
}

main();
