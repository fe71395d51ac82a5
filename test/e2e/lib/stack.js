'use strict';
// A real n8n wired to the sandbox, as the end-to-end, browser and queue tests
// need it: the sandbox API on a free port, a fresh user
// folder with our packed package installed as a community package, the
// sandbox credential and the workflows imported. Everything it starts or
// creates is registered in `cleanups` and undone by `cleanup()` (last first),
// also on Ctrl-C.
const fs = require('fs');
const os = require('os');
const path = require('path');

const { createSandbox } = require('../../../sandbox/server');
const lib = require('../../../scripts/lib/n8n');
const { sandboxWorkflows } = require('../../../scripts/lib/workflows');

const API_KEY = 'MPSER110_e2e-sandbox-key';

/** A list of undo steps, run last first; on SIGINT/SIGTERM too. */
function createCleanups() {
	const steps = [];
	const cleanup = async () => {
		while (steps.length) await steps.pop()().catch((e) => console.error('cleanup:', e.message));
	};
	const onSignal = async () => {
		await cleanup();
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	return { add: (step) => steps.push(step), cleanup };
}

/**
 * @param {{ name: string, port: number, cleanups: ReturnType<typeof createCleanups>, runtime?: object,
 *   extraEnv?: object, sandboxOptions?: object }} options
 */
async function prepareStack({ name, port, cleanups, runtime = lib.runtimeFor(), extraEnv = {}, sandboxOptions = {} }) {
	await lib.ensureN8n(runtime.version);
	lib.log(`n8n ${runtime.version} on Node.js ${runtime.node ?? process.versions.node}`);
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), `mpservices-${name}-`));
	// KEEP_USER_FOLDER=1 keeps it (n8n's log and database) for a look after the run.
	cleanups.add(async () => (process.env.KEEP_USER_FOLDER ? lib.log(`kept ${userFolder}`) : fs.rmSync(userFolder, { recursive: true, force: true })));

	const sandbox = createSandbox({ apiKey: API_KEY, ...sandboxOptions });
	const sandboxUrl = await sandbox.start(0);
	cleanups.add(() => sandbox.stop());
	lib.log(`sandbox on ${sandboxUrl}, n8n user folder ${userFolder}`);

	await lib.installPackage(userFolder);
	const env = lib.n8nEnv(userFolder, { N8N_PORT: String(port), N8N_RUNNERS_BROKER_PORT: String(port + 1), ...extraEnv }, runtime);
	const credential = lib.sandboxCredential(sandboxUrl, API_KEY);
	await lib.importCredential(env, credential, path.join(userFolder, 'credential.json'), runtime);
	const workflows = sandboxWorkflows({ pollCron: runtime.pollCron.cron });
	const examples = lib.exampleWorkflows(credential.id);
	await lib.importWorkflows(env, [...Object.values(workflows), ...examples], path.join(userFolder, 'workflows'), runtime);

	return {
		runtime,
		userFolder,
		sandbox,
		sandboxUrl,
		env,
		credential,
		workflows,
		examples,
		baseUrl: `http://127.0.0.1:${port}`,
		cli: (args) => lib.n8nCli(args, env, runtime),
		/** Starts `n8n start` (or a worker); stopped by the cleanups. */
		async start({ command = 'start', logName = 'n8n.log', envOverrides = {}, ready } = {}) {
			// SERVER_LOG_LEVEL=debug: the server's log only (the CLI's output is parsed, and must stay plain).
			const logLevel = process.env.SERVER_LOG_LEVEL ? { N8N_LOG_LEVEL: process.env.SERVER_LOG_LEVEL } : {};
			const started = await lib.startN8n({ ...env, ...logLevel, ...envOverrides }, path.join(userFolder, logName), { runtime, command, ready });
			cleanups.add(() => started.stop());
			lib.log(`n8n ${command} started (pid ${started.pid})`);
			return started;
		},
	};
}

module.exports = { API_KEY, createCleanups, prepareStack };
