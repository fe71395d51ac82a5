#!/usr/bin/env node
'use strict';
// `npm run test:matrix`: the end-to-end test (e2e.js: community package
// install, every operation, the network boundary, Test connection, triggers
// activated at start-up and in the running n8n, exactly once across a
// restart) on every n8n that users run, each on the Node.js it needs, and on
// n8n 2.41's new poll scheduler with and without durable cursors. Prints a
// table (checks × variants); keeps each variant's latest result in
// test/e2e/compatibility.json, writes the table of all of them into
// docs/compatibility.md and a one-line summary into the README. MATRIX_ONLY
// picks variants by label (a regular expression): a re-run updates only its
// own columns.
const { spawn } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const lib = require('../../scripts/lib/n8n');
const { replaceSection } = require('../../scripts/lib/pages');

// n8n 2.41.0 runs poll triggers on the new scheduler when all three are on (the third is on by default)
// (isDurablePollerChainEnabled); without the publication service it keeps the classic engine, with a warning.
const SCHEDULER = { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true', N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true' };
const VARIANTS = [
	{ label: 'n8n 1.82.3 (below the floor)', n8n: '1.82.3', expect: 'refusal' },
	{ label: 'n8n 1.85.4, Node 20 (the floor)', n8n: '1.85.4' },
	{ label: 'n8n 1.123.81, Node 22', n8n: '1.123.81' },
	{ label: 'n8n 2.8.4, Node 20', n8n: '2.8.4' },
	{ label: 'n8n 2.41.0, Node 24', n8n: '2.41.0' },
	{ label: 'n8n 2.41.0 + poll scheduler', n8n: '2.41.0', env: SCHEDULER },
	{
		label: 'n8n 2.41.0 + scheduler + durable cursors',
		n8n: '2.41.0',
		env: { ...SCHEDULER, N8N_POLLER_DURABLE_CURSORS_ENABLED: 'true' },
	},
];

/**
 * Below the floor: n8n starts, says in its log why it did not load the
 * package (the message of nodes/shared/compat.ts), and offers none of its
 * nodes. Recorded like an e2e run, with its own checks.
 */
async function runRefusal(variant, port) {
	const started = Date.now();
	const { createCleanups, prepareStack } = require('./lib/stack');
	const cleanups = createCleanups();
	const results = [];
	let fatal;
	try {
		const stack = await prepareStack({ name: 'floor', port, cleanups, runtime: lib.runtimeFor(variant.n8n) });
		await stack.start();
		const logText = fs.readFileSync(path.join(stack.userFolder, 'n8n.log'), 'utf8');
		results.push({ name: 'an n8n below the floor says why it does not load the package', ok: /n8n-nodes-mpservices needs n8n \d+\.\d+\.\d+ or newer/.test(logText), error: logText.slice(-1500) });
		const cookie = await lib.setupOwner(stack.baseUrl, { email: 'owner@example.com', firstName: 'A', lastName: 'B', password: 'Sandbox-Passw0rd!' });
		const types = await (await fetch(`${stack.baseUrl}/types/nodes.json`, { headers: { cookie } })).json();
		const ours = types.map((t) => t.name).filter((name) => name.startsWith('n8n-nodes-mpservices.'));
		results.push({ name: 'and offers none of its nodes', ok: ours.length === 0, error: ours.join(', ') });
	} catch (error) {
		fatal = String(error.message ?? error);
	} finally {
		await cleanups.cleanup();
	}
	const ok = !fatal && results.every((r) => r.ok);
	return { results, fatal, code: ok ? 0 : 1, seconds: Math.round((Date.now() - started) / 1000) };
}

function runE2e(variant, port) {
	const resultFile = path.join(os.tmpdir(), `mpservices-matrix-${process.pid}-${port}.json`);
	const logFile = path.join(os.tmpdir(), `mpservices-matrix-${process.pid}-${port}.log`);
	const started = Date.now();
	return new Promise((resolve) => {
		const out = fs.openSync(logFile, 'w');
		const child = spawn(process.execPath, [path.join(__dirname, 'e2e.js')], {
			env: {
				...process.env,
				MPSERVICES_N8N_VERSION: variant.n8n,
				E2E_N8N_PORT: String(port),
				E2E_RESULT_FILE: resultFile,
				E2E_N8N_ENV: JSON.stringify(variant.env ?? {}),
			},
			stdio: ['ignore', out, out],
		});
		fs.closeSync(out);
		process.once('SIGINT', () => child.kill('SIGINT'));
		child.on('close', (code) => {
			let result = { results: [], fatal: `no result (exit ${code}); see ${logFile}` };
			try {
				result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
				fs.rmSync(resultFile, { force: true });
			} catch {
				// the e2e died before writing its results: the fatal message above says where to look
			}
			resolve({ ...result, code, seconds: Math.round((Date.now() - started) / 1000), logFile });
		});
	});
}

const RESULTS_FILE = path.join(__dirname, 'compatibility.json');

/** The table as Markdown: one row per variant, from its latest run (every check by name: test/e2e/compatibility.json). */
function table(variants, runs) {
	return [
		'| n8n | whole run | checks passed | seconds | date | failed checks |',
		'| --- | :---: | ---: | ---: | --- | --- |',
		...variants.map((variant, i) => {
			const run = runs[i];
			const failed = run.results.filter((r) => !r.ok).map((r) => r.name);
			const verdict = run.code === 0 ? '✓' : '✗';
			return `| ${variant.label} | ${verdict} | ${run.results.length - failed.length} of ${run.results.length} | ${run.seconds} | ${run.date} | ${failed.join('; ') || (run.fatal ?? '')} |`;
		}),
	].join('\n');
}

/**
 * Keeps each variant's latest result in test/e2e/compatibility.json, rewrites
 * docs/compatibility.md's table from all of them, and the README's one-line
 * summary of which n8n passed.
 */
function record(runsByLabel) {
	const saved = fs.existsSync(RESULTS_FILE) ? JSON.parse(fs.readFileSync(RESULTS_FILE, 'utf8')) : {};
	for (const [label, run] of Object.entries(runsByLabel)) {
		saved[label] = { code: run.code, seconds: run.seconds, date: run.date, results: run.results.map(({ name, ok }) => ({ name, ok })), fatal: run.fatal?.split('\n')[0] };
	}
	fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
	fs.writeFileSync(RESULTS_FILE, `${JSON.stringify(saved, null, 2)}\n`);
	const known = VARIANTS.filter((v) => saved[v.label]);
	const markdown = table(known, known.map((v) => saved[v.label]));
	replaceSection('docs/compatibility.md', 'compatibility', `From \`npm run test:matrix\` on this project's 2-core machine (n8n installs cached), each row its latest run; every check by name is in [test/e2e/compatibility.json](../test/e2e/compatibility.json):\n\n${markdown}`);
	replaceSection('README.md', 'compatibility-summary', summary(known, known.map((v) => saved[v.label])));
	return markdown;
}

/** One line for the README: the n8n releases whose whole run passed, and those that did not. */
function summary(variants, runs) {
	const passed = variants.filter((v, i) => v.expect !== 'refusal' && runs[i].code === 0).map((v) => v.label.replace(/^n8n /, ''));
	const failed = variants.filter((v, i) => v.expect !== 'refusal' && runs[i].code !== 0).map((v) => v.label.replace(/^n8n /, ''));
	const dates = runs.map((run) => run.date).sort();
	const range = dates[0] === dates[dates.length - 1] ? dates[0] : `${dates[0]} to ${dates[dates.length - 1]}`;
	return `Tested end to end (${range}) on n8n ${passed.join('; ')}${failed.length ? `; **failing on ${failed.join('; ')}**` : ''}. The full table: [docs/compatibility.md](docs/compatibility.md).`;
}

async function main() {
	const only = process.env.MATRIX_ONLY ? new RegExp(process.env.MATRIX_ONLY) : undefined;
	const variants = VARIANTS.filter((v) => !only || only.test(v.label));
	const started = Date.now();
	const runs = [];
	for (const [i, variant] of variants.entries()) {
		lib.log(`matrix: ${variant.label}…`);
		const run = await (variant.expect === 'refusal' ? runRefusal : runE2e)(variant, 5740 + i * 10);
		run.date = new Date().toISOString().slice(0, 10);
		runs.push(run);
		const failed = run.results.filter((r) => !r.ok);
		lib.log(`matrix: ${variant.label}: ${run.code === 0 ? 'pass' : 'FAIL'} in ${run.seconds} s${failed.length ? ` (${failed.map((f) => f.name).join('; ')})` : ''}${run.fatal ? `; stopped: ${run.fatal.split('\n')[0]}` : ''}`);
		for (const f of failed) lib.log(`    ✗ ${f.name}: ${String(f.error ?? '').split('\n').slice(0, 6).join(' ')}`);
	}
	const markdown = record(Object.fromEntries(variants.map((v, i) => [v.label, runs[i]])));
	console.log(`\n${markdown}\n`);
	const passed = runs.filter((run) => run.code === 0).length;
	lib.log(`matrix finished in ${Math.round((Date.now() - started) / 1000)} s`);
	console.log(`matrix: ${passed} passed, ${runs.length - passed} failed`);
	process.exit(passed === runs.length ? 0 : 1);
}

main();
