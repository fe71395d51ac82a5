'use strict';
// Postgres and Redis for n8n's queue mode, from Debian's packages, started
// on free local ports in a temporary folder and stopped by their pids (also
// on failure or Ctrl-C, through the caller's cleanups). Postgres refuses to
// run as root, so when this runs as root it runs as Debian's `postgres` user.
const { execFileSync, spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const path = require('path');

const lib = require('./n8n');

/** A port nobody listens on now (127.0.0.1). */
function freePort() {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

function postgresBin() {
	const root = '/usr/lib/postgresql';
	if (!fs.existsSync(root)) return undefined;
	const version = fs.readdirSync(root).sort((a, b) => Number(b) - Number(a))[0];
	const bin = version && path.join(root, version, 'bin');
	return bin && fs.existsSync(path.join(bin, 'initdb')) ? bin : undefined;
}

/** Installs Debian's postgresql and redis-server when missing (root only); says what is missing otherwise. */
function ensureServicePackages() {
	const missing = () => [!postgresBin() && 'postgresql', !fs.existsSync('/usr/bin/redis-server') && 'redis-server'].filter(Boolean);
	if (missing().length && process.getuid?.() === 0) {
		lib.log(`installing ${missing().join(' and ')} with apt-get…`);
		execFileSync('apt-get', ['update'], { stdio: 'ignore' });
		execFileSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing()], {
			stdio: 'ignore',
			env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
		});
	}
	if (missing().length) throw new Error(`queue mode needs Debian's ${missing().join(' and ')} (apt-get install ${missing().join(' ')})`);
}

/** Runs a program as `postgres` when we are root (Postgres will not run as root). */
function asPostgresUser(command, args) {
	return process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
}

async function waitFor(what, test, timeoutMs = 60_000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		if (await test()) return;
		if (Date.now() > deadline) throw new Error(`${what} did not come up within ${timeoutMs / 1000} s`);
		await lib.sleep(250);
	}
}

/** A Postgres cluster in `dir` on a free port, with a database `n8n`; trust auth on 127.0.0.1 only. */
async function startPostgres(dir, cleanups) {
	const bin = postgresBin();
	const data = path.join(dir, 'pgdata');
	fs.mkdirSync(data, { recursive: true });
	if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', dir]);
	const [initCmd, initArgs] = asPostgresUser(path.join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
	execFileSync(initCmd, initArgs, { stdio: 'ignore' });
	const port = await freePort();
	const log = fs.openSync(path.join(dir, 'postgres.log'), 'a');
	const [cmd, args] = asPostgresUser(path.join(bin, 'postgres'), ['-D', data, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off']);
	const child = spawn(cmd, args, { detached: true, stdio: ['ignore', log, log] });
	fs.closeSync(log);
	cleanups.add(() => stopGroup(child, 'SIGINT'));
	const psql = (sql, database = 'postgres') =>
		execFileSync(path.join(bin, 'psql'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', database, '-Atc', sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
	await waitFor('Postgres', () => {
		try {
			psql('select 1');
			return true;
		} catch {
			return false;
		}
	});
	psql('create database n8n');
	lib.log(`Postgres on 127.0.0.1:${port} (pid ${child.pid})`);
	return { port, pid: child.pid, psql };
}

/** A Redis server on a free port, without persistence. */
async function startRedis(dir, cleanups) {
	const port = await freePort();
	const logFile = path.join(dir, 'redis.log');
	const log = fs.openSync(logFile, 'a');
	const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		detached: true,
		stdio: ['ignore', log, log],
	});
	fs.closeSync(log);
	cleanups.add(() => stopGroup(child, 'SIGTERM'));
	await waitFor('Redis', () => fs.readFileSync(logFile, 'utf8').includes('Ready to accept connections'));
	lib.log(`Redis on 127.0.0.1:${port} (pid ${child.pid})`);
	return { port, pid: child.pid };
}

/** Stops a detached process group and waits for it to end (SIGKILL after 15 s). */
async function stopGroup(child, signal) {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	try {
		process.kill(-child.pid, signal);
	} catch {
		return;
	}
	const timeout = lib.sleep(15_000).then(() => 'timeout');
	if ((await Promise.race([exited, timeout])) === 'timeout') {
		try {
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			// already gone
		}
	}
}

/**
 * The sandbox in a process of its own (so that a benchmark or a profile of
 * this process measures only the client side) on a free port, without
 * generated changes, answering every API request after `latencyMs`.
 * Stop it with `sandbox.kill('SIGTERM')`.
 */
async function startSandboxProcess({ apiKey, latencyMs = 0 }) {
	const port = await freePort();
	const sandbox = spawn(process.execPath, [path.join(__dirname, '..', '..', 'sandbox', 'cli.js')], {
		env: { ...process.env, SANDBOX_PORT: String(port), SANDBOX_API_KEY: apiKey, SANDBOX_GENERATE_EVERY_MS: '0', SANDBOX_RECORD_REQUESTS: 'false', SANDBOX_LATENCY_MS: String(latencyMs) },
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	await new Promise((resolve) => sandbox.stdout.on('data', (d) => String(d).includes('listening') && resolve()));
	return { sandbox, url: `http://127.0.0.1:${port}` };
}

module.exports = { freePort, ensureServicePackages, startPostgres, startRedis, startSandboxProcess };
