#!/usr/bin/env node
'use strict';
// `npm run bench`: throughput and memory figures (a script, not a test).
//
// 1. Update Stock and Cost for 1,000 and 10,000 items against the sandbox
//    with a fixed added latency per request, run in the real n8n (pinned,
//    installed as for the e2e test) with `n8n execute`, timed by n8n's own
//    per-node executionTime:
//      - our node at its default and at a few concurrency levels;
//      - n8n's HTTP Request node making the same calls: without batching (it
//        sends everything at once), batch size N every <latency> ms (about N
//        in flight), and Loop Over Items with batch size N in front of it;
//      - the No Operation node, whose CPU is subtracted as the cost of
//        the workflow around the node under test;
//      - a bare loop of HTTP requests at the same concurrency, no n8n, a new
//        connection per request as n8n's helper makes them.
//    Peak memory is the n8n process's peak RSS (VmHWM); CPU is the n8n
//    process's user + system time (/proc), per item as the slope between
//    the two sizes minus the No Operation node's. The sandbox counts the
//    requests in flight: each variant's peak is printed, as proof of its
//    politeness.
// 2. Get Many over a 10,000-record window (filters, Split Lines) in the real
//    n8n, and the pure filtering/splitting cost.
// 3. One trigger poll over a 10,000-record window through n8n-core's
//    PollContext, for each work-order event (New, Closed, Updated): time,
//    and the saved state in bytes per work order.
//
// 4. Ours ÷ the thinnest node (`npm run bench:engine` runs only this, without the real n8n;
//    a full `npm run bench` runs it last): in this process through n8n-core's engine
//    (scripts/lib/engine.js), our Update Stock and Cost beside scripts/lib/thin-node.js, a node
//    that sends the same PATCHes through httpRequestWithAuthentication with our credential at
//    the same concurrency and does nothing else (no validation, guards, retries or limits). The
//    sandbox runs in a process of its own, so that only the client side is measured. Runs
//    alternate (ours, thin, thin, ours…) after one warm-up each; prints items per second (n8n's
//    executionTime of the node) and ours ÷ thin, the ratio of the medians and the range of the
//    ratios of each pair of neighbouring runs. BENCH_ENGINE_ITEMS (1000), BENCH_ENGINE_RUNS (7),
//    BENCH_LATENCY_MS (20), Concurrency 5 (our default).
//
// Environment: BENCH_RUNS (3), BENCH_SIZES (1000,5000), BENCH_LATENCY_MS (20),
// BENCH_CONCURRENCY (5,50,200), BENCH_ONLY (a pattern: only the variants whose label matches),
// BENCH_WINDOW (1: also the 10,000-record window figures; default on), BENCH_BASELINE (a git
// ref, say main~3: that commit's package is built in a git worktree and measured in the same
// run, its runs interleaved with this checkout's, with a table of the ratios; nothing is written
// to docs/performance.md then).
//
// Variants run interleaved (run 1 of every variant, then run 2…), so that a slow minute of the
// machine falls on all of them alike.
const fs = require('fs');
const os = require('os');
const path = require('path');
const { spawn } = require('child_process');

const lib = require('./lib/n8n');
const { bareLoop } = require('./lib/bare');
const { UPDATE_FROM_ITEM } = require('./lib/workflows');
const { createEngine } = require('./lib/engine');
const { startSandboxProcess } = require('./lib/services');
const { ThinUpdateStockCost, THIN_UPDATE } = require('./lib/thin-node');
const { createSandbox } = require('../sandbox/server');
const { replaceSection } = require('./lib/pages');

const RUNS = Number(process.env.BENCH_RUNS || 3);
const SIZES = (process.env.BENCH_SIZES || '1000,5000').split(',').map(Number);
const LATENCY = Number(process.env.BENCH_LATENCY_MS || 20);
const LEVELS = (process.env.BENCH_CONCURRENCY || '5,50,200').split(',').map(Number);
const DEFAULT_CONCURRENCY = 5;
const API_KEY = 'MPSER110_bench-sandbox-key';
const PRODUCTS = 50;

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const fmt = (n, digits = 0) => (n === undefined || Number.isNaN(n) ? '—' : n.toFixed(digits));
const MB = 1024 * 1024;

function inputWorkflow(id, size, node, loopBatch) {
	const code = `const items = [];\nfor (let i = 0; i < ${size}; i++) items.push({ json: { sku: 'BENCH-' + (i % ${PRODUCTS}), stock: i % 100, cost: ((i % 40) / 4).toFixed(2) } });\nreturn items;`;
	const workflow = {
		id,
		name: id,
		active: false,
		settings: { executionOrder: 'v1', saveManualExecutions: false },
		nodes: [
			{ id: `${id}-1`, name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{ id: `${id}-2`, name: 'Items', type: 'n8n-nodes-base.code', typeVersion: 2, position: [200, 0], parameters: { jsCode: code } },
			{ id: `${id}-3`, name: 'Under Test', position: [400, 0], ...node },
		],
		connections: {
			Start: { main: [[{ node: 'Items', type: 'main', index: 0 }]] },
			Items: { main: [[{ node: 'Under Test', type: 'main', index: 0 }]] },
		},
	};
	if (loopBatch) {
		// Items → Loop Over Items (N) → Under Test → back to the loop: at most N in flight.
		workflow.nodes.push({ id: `${id}-4`, name: 'Loop', type: 'n8n-nodes-base.splitInBatches', typeVersion: 3, position: [300, 0], parameters: { batchSize: loopBatch, options: {} } });
		workflow.connections.Items = { main: [[{ node: 'Loop', type: 'main', index: 0 }]] };
		workflow.connections.Loop = { main: [[], [{ node: 'Under Test', type: 'main', index: 0 }]] };
		workflow.connections['Under Test'] = { main: [[{ node: 'Loop', type: 'main', index: 0 }]] };
	}
	return workflow;
}

const ourNode = (concurrency) => ({
	type: 'n8n-nodes-mpservices.mpServices',
	typeVersion: 1,
	parameters: { ...UPDATE_FROM_ITEM, options: concurrency ? { concurrency } : {} },
	credentials: { mpServicesApi: { id: 'mpservicesSandbox1', name: 'MPservices sandbox' } },
});

const httpRequestNode = (sandboxUrl, batchSize, batchInterval = LATENCY) => ({
	type: 'n8n-nodes-base.httpRequest',
	typeVersion: 4.4,
	parameters: {
		method: 'PATCH',
		url: `${sandboxUrl}/UpdateProductStockCost`,
		sendHeaders: true,
		headerParameters: { parameters: [{ name: 'token', value: API_KEY }] },
		sendBody: true,
		contentType: 'form-urlencoded',
		bodyParameters: {
			parameters: [
				{ name: 'external_id', value: '={{ $json.sku }}' },
				{ name: 'new_stock', value: '={{ String($json.stock) }}' },
				{ name: 'new_cost', value: '={{ $json.cost }}' },
			],
		},
		options: batchSize ? { batching: { batch: { batchSize, batchInterval } } } : {},
	},
});

const noOpNode = () => ({ type: 'n8n-nodes-base.noOp', typeVersion: 1, parameters: {} });

/** The `n8n execute` process running now, stopped with the benchmark on Ctrl-C. */
let current;

/**
 * Runs `n8n execute`; returns the time the node under test ran (with the
 * loop around it where there is one: from the loop's first start to the last
 * end), the items it output, and the n8n process's peak RSS and CPU time.
 */
function executeInN8n(env, workflowId) {
	return new Promise((resolve, reject) => {
		// Output to a file, not a pipe: n8n exits before a large pipe is drained.
		const outFile = path.join(os.tmpdir(), `mpservices-bench-${process.pid}-${workflowId}.out`);
		const out = fs.openSync(outFile, 'w');
		const child = spawn(lib.runtimeFor().bin, ['execute', `--id=${workflowId}`, '--rawOutput'], { env, stdio: ['ignore', out, out], detached: true });
		fs.closeSync(out);
		current = child;
		let peakRss = 0;
		let cpuMs = 0;
		const watch = setInterval(() => {
			try {
				const status = fs.readFileSync(`/proc/${child.pid}/status`, 'utf8');
				const hwm = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
				peakRss = Math.max(peakRss, hwm);
				// utime and stime, fields 14 and 15, in clock ticks (100 per second on Linux).
				const fields = fs.readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
				cpuMs = (Number(fields[11]) + Number(fields[12])) * 10;
			} catch {
				// the process has just exited: keep the last reading
			}
		}, 50);
		child.on('close', (code) => {
			clearInterval(watch);
			current = undefined;
			try {
				const output = fs.readFileSync(outFile, 'utf8');
				fs.rmSync(outFile, { force: true });
				if (code !== 0) throw new Error(`n8n execute ${workflowId} failed (${code}):\n${output.slice(-3000)}`);
				const run = lib.parseRawOutput(output);
				const { runData } = run.data.resultData;
				const tasks = runData['Under Test'];
				if (run.status !== 'success' || !tasks?.length) throw new Error(`${workflowId}: ${JSON.stringify(run.data.resultData.error ?? run.status).slice(0, 2000)}`);
				const items = tasks.flatMap((task) => task.data.main[0]);
				const errors = items.filter((i) => i.json.error).length;
				// From the first start to the last end of the node under test (and of the loop around it).
				const measured = [...tasks, ...(runData.Loop ?? [])];
				const first = Math.min(...measured.map((task) => task.startTime));
				const last = Math.max(...measured.map((task) => task.startTime + task.executionTime));
				resolve({ ms: last - first, items: items.length, errors, peakRss, cpuMs });
			} catch (error) {
				reject(error);
			}
		});
	});
}

/** The floor: a bare loop of HTTP requests at a given concurrency, no n8n. */
async function floor(sandboxUrl, size, concurrency, keepAlive = true) {
	const ms = await bareLoop({ baseUrl: sandboxUrl, apiKey: API_KEY, count: size, concurrency, keepAlive, sku: (i) => `BENCH-${i % PRODUCTS}` });
	return { ms, items: size, errors: 0 };
}

async function main() {
	if (process.argv.includes('--engine')) return await engineComparison();
	await lib.ensureN8n();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-bench-'));
	const onSignal = () => {
		if (current) process.kill(-current.pid, 'SIGKILL');
		fs.rmSync(userFolder, { recursive: true, force: true });
		process.exit(130);
	};
	process.on('SIGINT', onSignal);
	process.on('SIGTERM', onSignal);
	const sandbox = createSandbox({ apiKey: API_KEY, recordRequests: false, seedData: false, latencyMs: LATENCY });
	const sandboxUrl = await sandbox.start(0);
	for (let i = 0; i < PRODUCTS; i++) {
		sandbox.state.products.set(`BENCH-${i}`, { id: String(i), external_id: `BENCH-${i}`, product_name: `Part ${i}`, product_unit: 'Pieces', product_stock: '0', weighted_average: '1' });
	}
	const baseline = process.env.BENCH_BASELINE ? await prepareBaseline(process.env.BENCH_BASELINE, sandboxUrl) : undefined;
	try {
		await lib.installPackage(userFolder);
		const env = lib.n8nEnv(userFolder, { N8N_PORT: '5698', N8N_RUNNERS_BROKER_PORT: '5699', N8N_LOG_LEVEL: 'info' });
		await lib.importCredential(env, lib.sandboxCredential(sandboxUrl, API_KEY), path.join(userFolder, 'credential.json'));

		// `concurrency`: the requests the variant may have in flight by its settings (the sandbox counts the real peak).
		const variants = [
			{ label: `MPservices node, default (${DEFAULT_CONCURRENCY})`, kind: 'ours', concurrency: DEFAULT_CONCURRENCY, node: () => ourNode(undefined) },
			...LEVELS.filter((c) => c !== DEFAULT_CONCURRENCY).map((c) => ({ label: `MPservices node, concurrency ${c}`, kind: 'ours', concurrency: c, node: () => ourNode(c) })),
			{ label: 'HTTP Request, no batching (all at once)', kind: 'http', concurrency: Infinity, node: () => httpRequestNode(sandboxUrl) },
			...LEVELS.map((c) => ({ label: `HTTP Request, batch ${c} / ${LATENCY} ms`, kind: 'http', concurrency: c, node: () => httpRequestNode(sandboxUrl, c) })),
			...LEVELS.map((c) => ({ label: `Loop Over Items ${c} → HTTP Request`, kind: 'http', concurrency: c, loop: c, node: () => httpRequestNode(sandboxUrl) })),
			{ label: 'No Operation node (the workflow around)', kind: 'noop', concurrency: 0, node: noOpNode },
			// A new connection per request, as n8n's helper makes them.
			...LEVELS.map((c) => ({ label: `bare loop, concurrency ${c}`, kind: 'floor', concurrency: c })),
		];
		if (baseline) {
			const ours = variants.filter((v) => v.kind === 'ours');
			variants.splice(variants.indexOf(ours[ours.length - 1]) + 1, 0, ...ours.map((v) => ({ ...v, label: `${v.label} at ${baseline.ref}`, kind: 'baseline', of: v.label, env: baseline.env })));
		}
		if (process.env.BENCH_ONLY) {
			const only = new RegExp(process.env.BENCH_ONLY, 'i');
			for (let i = variants.length - 1; i >= 0; i--) if (!only.test(variants[i].label)) variants.splice(i, 1);
		}
		const workflows = [];
		for (const size of SIZES) {
			variants.forEach((variant, index) => {
				if (variant.node) workflows.push(inputWorkflow(`bench${size}v${index}`, size, variant.node(), variant.loop));
			});
		}
		await lib.importWorkflows(env, workflows, path.join(userFolder, 'workflows'));
		if (baseline) await lib.importWorkflows(baseline.env, workflows, path.join(baseline.userFolder, 'workflows'));

		lib.log(`Update Stock and Cost: ${SIZES.join(' and ')} items, ${LATENCY} ms added per request, ${RUNS} run(s) each (medians)`);
		const results = {};
		for (const size of SIZES) {
			const runsOf = variants.map(() => []);
			const failed = new Set();
			for (let run = 0; run < RUNS; run++) {
				for (const [index, variant] of variants.entries()) {
					if (failed.has(index)) continue;
					try {
						const before = sandbox.stats.requests;
						sandbox.stats.peakInFlight = sandbox.stats.inFlight;
						const result = variant.node
							? await executeInN8n(variant.env ?? env, `bench${size}v${index}`)
							: await floor(sandboxUrl, size, variant.concurrency, false);
						const sent = sandbox.stats.requests - before;
						result.peakInFlight = sandbox.stats.peakInFlight;
						if (variant.kind === 'noop') {
							if (result.items !== size || sent !== 0) throw new Error(`${variant.label} at ${size}: ${result.items} items, ${sent} requests`);
						} else if (result.items !== size || result.errors || sent !== size) {
							throw new Error(`${variant.label} at ${size}: ${result.items} items, ${result.errors} errors, ${sent} requests`);
						}
						runsOf[index].push(result);
					} catch (error) {
						lib.log(`  ${String(size).padStart(5)} items  ${variant.label.padEnd(44)} failed: ${error.message.split('\n')[0].slice(0, 200)}`);
						results[`${size}/${index}`] = { ms: NaN, ips: NaN, peak: undefined, failed: true };
						failed.add(index);
					}
				}
			}
			for (const [index, variant] of variants.entries()) {
				if (failed.has(index)) continue;
				const runs = runsOf[index];
				const ms = median(runs.map((r) => r.ms));
				const peak = runs[0].peakRss === undefined ? undefined : median(runs.map((r) => r.peakRss));
				const cpuMs = runs[0].cpuMs === undefined ? undefined : median(runs.map((r) => r.cpuMs));
				const inFlight = Math.max(...runs.map((r) => r.peakInFlight));
				results[`${size}/${index}`] = { ms, ips: size / (ms / 1000), peak, cpuMs, inFlight, all: runs.map((r) => size / (r.ms / 1000)) };
				lib.log(`  ${String(size).padStart(5)} items  ${variant.label.padEnd(44)} ${fmt(size / (ms / 1000)).padStart(6)} items/s  ${String(inFlight).padStart(5)} in flight${peak ? `  peak RSS ${fmt(peak / MB)} MB  CPU ${fmt(cpuMs)} ms` : ''}`);
			}
		}

		report(variants, results);
		if (baseline) compareWithBaseline(variants, results, baseline.ref);

		if (process.env.BENCH_WINDOW !== '0') await windowFigures(env, sandbox, sandboxUrl, userFolder, baseline);
		if (!process.env.BENCH_ONLY) await engineComparison();
		if (!baseline && !process.env.BENCH_ONLY && process.env.BENCH_WINDOW !== '0') {
			writePage(
				`Run by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: n8n ${lib.runtimeFor().version} on Node.js ${lib.runtimeFor().node ?? process.versions.node}, this project's 2-core machine, the sandbox answering every request after ${LATENCY} ms, ${SIZES.join(' and ')} items, medians of ${RUNS} runs. Peak in flight is what the sandbox counted.`,
			);
		}
	} finally {
		await sandbox.stop();
		fs.rmSync(userFolder, { recursive: true, force: true });
		await baseline?.cleanup();
	}
}

/**
 * Another commit's package, measured beside this checkout's: a git worktree
 * at `ref` (sharing this checkout's node_modules), built, and installed into
 * a user folder of its own with the same sandbox credential.
 */
async function prepareBaseline(ref, sandboxUrl) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-baseline-'));
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-bench-baseline-'));
	const cleanup = async () => {
		await lib.run('git', ['worktree', 'remove', '--force', dir], { cwd: lib.REPO }).catch(() => fs.rmSync(dir, { recursive: true, force: true }));
		fs.rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		const commit = (await lib.run('git', ['rev-parse', '--short', ref], { cwd: lib.REPO })).trim();
		await lib.run('git', ['worktree', 'add', '--detach', dir, commit], { cwd: lib.REPO });
		fs.symlinkSync(path.join(lib.REPO, 'node_modules'), path.join(dir, 'node_modules'));
		lib.log(`Baseline: ${ref} (${commit}) built in ${dir}`);
		await lib.run('npm', ['run', 'build'], { cwd: dir });
		await lib.installPackage(userFolder, dir);
		const env = lib.n8nEnv(userFolder, { N8N_PORT: '5696', N8N_RUNNERS_BROKER_PORT: '5697', N8N_LOG_LEVEL: 'info' });
		await lib.importCredential(env, lib.sandboxCredential(sandboxUrl, API_KEY), path.join(userFolder, 'credential.json'));
		return { ref: `${ref} (${commit})`, env, userFolder, dir, cleanup };
	} catch (error) {
		await cleanup();
		throw error;
	}
}

/** This checkout against the baseline, variant by variant: medians, every run, and the ratio. */
function compareWithBaseline(variants, results, ref) {
	print(`\n## This checkout against ${ref} (same run, interleaved)\n`);
	print('| items | variant | this checkout items/s (runs) | baseline items/s (runs) | ratio |');
	print('| ---: | --- | ---: | ---: | ---: |');
	const runs = (r) => (r?.all ?? []).map((n) => fmt(n)).join(', ');
	for (const size of SIZES) {
		variants.forEach((variant, index) => {
			if (variant.kind !== 'baseline') return;
			const mine = results[`${size}/${variants.findIndex((v) => v.label === variant.of)}`];
			const theirs = results[`${size}/${index}`];
			if (!mine || !theirs || mine.failed || theirs.failed) return;
			print(`| ${size} | ${variant.of} | ${fmt(mine.ips)} (${runs(mine)}) | ${fmt(theirs.ips)} (${runs(theirs)}) | ${fmt((100 * mine.ips) / theirs.ips, 1)} % |`);
		});
	}
}

/**
 * Ours ÷ the thinnest node that sends the same PATCHes (scripts/lib/thin-node.js), in this
 * process through n8n-core's engine, the sandbox in a process of its own (see the header, 4.).
 */
async function engineComparison() {
	const items = Number(process.env.BENCH_ENGINE_ITEMS || 1000);
	const runs = Number(process.env.BENCH_ENGINE_RUNS || 7);
	const dist = path.join(lib.REPO, 'dist');
	const engine = createEngine(
		{
			MpServices: require(path.join(dist, 'nodes/MpServices/MpServices.node')).MpServices,
			MpServicesTrigger: require(path.join(dist, 'nodes/MpServicesTrigger/MpServicesTrigger.node')).MpServicesTrigger,
			MpServicesApi: require(path.join(dist, 'credentials/MpServicesApi.credentials')).MpServicesApi,
		},
		{ defaultApiKey: API_KEY, extraTypes: { [THIN_UPDATE]: new ThinUpdateStockCost() } },
	);
	const { sandbox, url } = await startSandboxProcess({ apiKey: API_KEY, latencyMs: LATENCY });
	const stats = async () => await (await fetch(`${url}/__sandbox/stats`)).json();
	try {
		const skus = (await (await fetch(`${url}/__sandbox/products`)).json()).map((p) => p.external_id);
		const input = Array.from({ length: items }, (_, i) => ({ sku: skus[i % skus.length], stock: i % 100, cost: ((i % 40) / 4).toFixed(2) }));
		const variants = [
			{ label: `MPservices node, Update Stock and Cost, default (${DEFAULT_CONCURRENCY})`, parameters: { ...UPDATE_FROM_ITEM, options: {} } },
			{ label: `thin node (scripts/lib/thin-node.js), ${DEFAULT_CONCURRENCY}`, type: THIN_UPDATE, parameters: { ...UPDATE_FROM_ITEM, concurrency: DEFAULT_CONCURRENCY } },
		];
		const once = async ({ label, type, parameters }) => {
			const before = (await stats()).requests;
			const cpuBefore = process.cpuUsage();
			const result = await engine.runAction({ type, parameters, input, credentials: { baseUrl: url } });
			const cpu = process.cpuUsage(cpuBefore);
			const sent = (await stats()).requests - before;
			if (result.error || result.items.length !== items || sent !== items) {
				throw new Error(`${label}: ${result.error?.message ?? `${result.items.length} items, ${sent} requests`}`);
			}
			return { ips: items / (result.executionTime / 1000), cpuUs: (cpu.user + cpu.system) / items };
		};
		lib.log(`Ours ÷ the thin node in n8n-core's engine: ${items} items, ${LATENCY} ms added per request, ${runs} runs each after a warm-up`);
		for (const variant of variants) await once(variant);
		const results = variants.map(() => []);
		for (let run = 0; run < runs; run++) {
			// ours, thin, then thin, ours: neither always goes first.
			const order = run % 2 ? [1, 0] : [0, 1];
			for (const index of order) results[index].push(await once(variants[index]));
		}
		const { peakInFlight } = await stats();
		const ips = results.map((list) => list.map((r) => r.ips));
		const cpuUs = results.map((list) => median(list.map((r) => r.cpuUs)));
		const ratios = ips[0].map((ours, run) => ours / ips[1][run]);
		print(`\n## Ours ÷ the thinnest node, in n8n-core's engine (${items} items, ${LATENCY} ms per request)\n`);
		print('| variant | items/s, median | runs | CPU µs per item, median (this process: node and engine) |');
		print('| --- | ---: | --- | ---: |');
		variants.forEach((variant, index) => print(`| ${variant.label} | ${fmt(median(ips[index]))} | ${ips[index].map((n) => fmt(n)).join(', ')} | ${fmt(cpuUs[index])} |`));
		print(
			`\nOurs ÷ thin: ${fmt(median(ips[0]) / median(ips[1]), 3)} (medians); run by run ${fmt(Math.min(...ratios), 3)} to ${fmt(Math.max(...ratios), 3)}. Our CPU per item ${fmt(cpuUs[0] - cpuUs[1])} µs above the thin node's. Peak in flight at the sandbox: ${peakInFlight}. \`npm run bench:engine\`, Node.js ${process.versions.node}, n8n-core ${require('n8n-core/package.json').version}.`,
		);
	} finally {
		sandbox.kill('SIGTERM');
	}
}

/** What the benchmark printed: docs/performance.md's generated section is made of it. */
const printed = [];
const print = (line) => {
	console.log(line);
	printed.push(line);
};

/** Rewrites docs/performance.md's benchmark section (between its markers) from a full run. */
function writePage(intro) {
	// The tables' own headings become third-level ones inside the page's section.
	replaceSection('docs/performance.md', 'bench', [intro, ...printed.map((line) => line.replace(/^(\n?)## /, '$1### '))].join('\n'));
}

/** The tables and the issue's targets, from the medians. */
function report(variants, results) {
	const at = (size, index) => results[`${size}/${index}`];
	const large = Math.max(...SIZES);
	const small = Math.min(...SIZES);
	const find = (test) => variants.findIndex(test);

	print('\n## Update Stock and Cost throughput (medians)\n');
	print('| items | variant | items/s | peak in flight (measured) | ours ÷ bare loop (same concurrency) | peak RSS MB |');
	print('| ---: | --- | ---: | ---: | ---: | ---: |');
	for (const size of SIZES) {
		variants.forEach((variant, index) => {
			if (variant.kind === 'noop') return;
			const r = at(size, index);
			let ratio = '';
			if (variant.kind === 'ours') {
				const floorIndex = find((v) => v.kind === 'floor' && v.concurrency === variant.concurrency);
				if (floorIndex !== -1) ratio = `${fmt((100 * r.ips) / at(size, floorIndex).ips)} %`;
			}
			print(`| ${size} | ${variant.label} | ${r.failed ? 'failed' : fmt(r.ips)} | ${r.failed ? '' : r.inFlight} | ${ratio} | ${r.peak ? fmt(r.peak / MB) : ''} |`);
		});
	}

	// CPU per item: the slope between the two sizes, less the No Operation node's (the workflow around).
	const noop = find((v) => v.kind === 'noop');
	const cpuPerItem = (index) => {
		if (SIZES.length < 2 || noop === -1 || index === -1) return undefined;
		const slope = (i) => (at(large, i).cpuMs - at(small, i).cpuMs) / (large - small);
		return at(large, index).failed || at(small, index).failed ? undefined : (slope(index) - slope(noop)) * 1000;
	};

	print(`\n## At equal politeness (${large} items)\n`);
	print('| in flight | MPservices | HTTP Request, batch N every ' + LATENCY + ' ms | Loop Over Items N → HTTP Request | bare loop | MPservices CPU µs/item | HTTP Request (batch N / ' + LATENCY + ' ms) CPU µs/item |');
	print('| ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
	const targets = [];
	for (const n of LEVELS) {
		const ours = find((v) => v.kind === 'ours' && v.concurrency === n);
		const paced = find((v) => v.kind === 'http' && !v.loop && v.concurrency === n);
		const loop = find((v) => v.loop === n);
		const bare = find((v) => v.kind === 'floor' && v.concurrency === n);
		const cell = (i) => (i === -1 || at(large, i).failed ? '—' : `${fmt(at(large, i).ips)}/s (${at(large, i).inFlight})`);
		print(`| ${n} | ${cell(ours)} | ${cell(paced)} | ${cell(loop)} | ${cell(bare)} | ${fmt(cpuPerItem(ours))} | ${fmt(cpuPerItem(paced))} |`);
		if (ours === -1) continue;
		const mine = at(large, ours);
		// Equal politeness: the HTTP Request set up for at most n in flight, as measured.
		const rivals = [paced, loop].filter((i) => i !== -1 && !at(large, i).failed && at(large, i).inFlight <= n);
		for (const rival of rivals) {
			targets.push([`${n} in flight: MPservices ahead of ${variants[rival].label}`, mine.ips > at(large, rival).ips, `${fmt(mine.ips)} vs ${fmt(at(large, rival).ips)} /s`]);
		}
		if (paced !== -1 && cpuPerItem(ours) !== undefined && cpuPerItem(paced) !== undefined) {
			targets.push([`${n} in flight: n8n CPU per item no higher than the HTTP Request node's`, cpuPerItem(ours) <= cpuPerItem(paced), `${fmt(cpuPerItem(ours))} vs ${fmt(cpuPerItem(paced))} µs`]);
		}
	}
	print('\nHTTP Request without batching sends every item at once (n8n-nodes-base HttpRequestV3 pauses between batches only when the interval is above 0); its measured peak in flight shows it. The bare loop opens a new connection per request, as n8n\'s helper does; how close our node comes to the node that only sends is `npm run bench:engine`\'s figure.');

	print('\n## Targets\n');
	for (const [what, ok, figures] of targets) print(`- ${ok ? '✓' : '✗'} ${what}: ${figures}`);

	if (SIZES.length >= 2) {
		print('\n## Memory per item (peak RSS slope between the two sizes)\n');
		print('| variant | bytes per item |');
		print('| --- | ---: |');
		variants.forEach((variant, index) => {
			const a = at(small, index).peak;
			const b = at(large, index).peak;
			if (a && b) print(`| ${variant.label} | ${fmt((b - a) / (large - small))} |`);
		});
	}
}

/** Get Many and the trigger over a window of 10,000 records. */
async function windowFigures(env, sandbox, sandboxUrl, userFolder, baseline) {
	const WINDOW = 10_000;
	sandbox.setLatency(0);
	sandbox.reset({ seedData: false });
	const now = sandbox.now();
	for (let i = 0; i < WINDOW; i++) {
		const createdAt = new Date(now - Math.floor((i / WINDOW) * 40 * 3600_000)).toISOString();
		sandbox.addWorkOrder({ createdAt });
		sandbox.addMovement({ createdAt });
	}
	const lines = sandbox.state.movements.reduce((n, m) => n + m.movements.length, 0);

	const getMany = (id, parameters) => {
		const workflow = inputWorkflow(id, 1, ourNode());
		workflow.nodes[2].parameters = parameters;
		return workflow;
	};
	const workflows = [
		getMany('windowWorkOrders', { resource: 'workOrder', operation: 'getAll', returnAll: true, filters: { status: 'open', clientName: 'a' } }),
		getMany('windowMovementLines', { resource: 'inventoryMovement', operation: 'getAll', returnAll: true, filters: { type: 'outbound' }, options: { splitLines: true } }),
	];
	await lib.importWorkflows(env, workflows, path.join(userFolder, 'window-workflows'));
	print(`\n## A window of ${WINDOW} work orders and ${WINDOW} movements (${lines} lines)\n`);
	print('| what | median ms | items out |');
	print('| --- | ---: | ---: |');
	for (const workflow of workflows) {
		const runs = [];
		for (let run = 0; run < RUNS; run++) runs.push(await executeInN8n(env, workflow.id));
		print(`| Get Many in n8n: ${workflow.id === 'windowWorkOrders' ? 'work orders, status + client filters' : 'movements, type filter + Split Lines'} (request included) | ${fmt(median(runs.map((r) => r.ms)))} | ${runs[0].items} |`);
	}

	// The pure filtering and splitting, without HTTP.
	const { selectRecords } = require('../dist/nodes/shared/records');
	const { RECORD_KINDS } = require('../dist/nodes/shared/kinds');
	const records = { workOrder: [...sandbox.state.workOrders], inventoryMovement: [...sandbox.state.movements] };
	const pure = (kind, { filters, splitLines }) => {
		const times = [];
		let out = 0;
		for (let run = 0; run < 20; run++) {
			const started = process.hrtime.bigint();
			const filter = RECORD_KINDS[kind].filter(filters);
			out = selectRecords(records[kind], { filter, splitLines, limit: Infinity }).length;
			times.push(Number(process.hrtime.bigint() - started) / 1e6);
		}
		return { ms: median(times), out };
	};
	const wo = pure('workOrder', { filters: { status: 'open', clientName: 'a' }, splitLines: false });
	const mv = pure('inventoryMovement', { filters: { type: 'outbound' }, splitLines: true });
	print(`| filters alone (pure): work orders | ${fmt(wo.ms, 2)} | ${wo.out} |`);
	print(`| filters + Split Lines alone (pure): movements | ${fmt(mv.ms, 2)} | ${mv.out} |`);

	// One trigger poll through n8n-core's PollContext, as an active workflow runs it; with
	// BENCH_BASELINE, the baseline's trigger polls the same window beside it, run by run.
	const engineOf = (dist) =>
		createEngine(
			{
				MpServices: require(path.join(dist, 'nodes/MpServices/MpServices.node')).MpServices,
				MpServicesTrigger: require(path.join(dist, 'nodes/MpServicesTrigger/MpServicesTrigger.node')).MpServicesTrigger,
				MpServicesApi: require(path.join(dist, 'credentials/MpServicesApi.credentials')).MpServicesApi,
			},
			{ defaultApiKey: API_KEY },
		);
	const packages = [{ label: 'this checkout', engine: engineOf(path.join(lib.REPO, 'dist')) }];
	if (baseline) packages.push({ label: baseline.ref, engine: engineOf(path.join(baseline.dir, 'dist')) });
	// Each work-order event over the same window: 100 changes a poll (new work orders, or closings
	// and reschedulings for the events that watch those).
	print(`\n## One trigger poll over a window of ${WINDOW} work orders (n8n-core PollContext, request included)\n`);
	print('| event | first poll (baseline) ms | steady poll ms (median) | items a steady poll | saved state bytes per work order in the window |');
	print('| --- | ---: | ---: | ---: | ---: |');
	const events = [
		['workOrderCreated', 'New Work Order', () => sandbox.addWorkOrder()],
		['workOrderClosed', 'Work Order Closed', (n) => (n % 2 ? sandbox.addWorkOrder({ open: false, closed: true }) : closeOne())],
		['workOrderUpdated', 'Work Order Updated', () => rescheduleOne()],
	];
	const openOnes = () => sandbox.state.workOrders.filter((r) => r.open);
	const closeOne = () => sandbox.closeWorkOrder(openOnes()[Math.floor(Math.random() * openOnes().length)].id);
	const rescheduleOne = () => {
		const list = sandbox.state.workOrders;
		const record = list[Math.floor(Math.random() * list.length)];
		sandbox.updateWorkOrder(record.id, { scheduleDate: new Date(Date.parse(record.scheduleDate) + 3600_000).toISOString() });
	};
	const comparisons = [];
	for (const [event, label, change] of events) {
		const pollers = packages.map(({ engine }) => engine.createPoller({ parameters: { event }, credentials: { baseUrl: sandboxUrl } }));
		const measure = async (poller) => {
			const started = process.hrtime.bigint();
			const items = await poller.poll();
			return { ms: Number(process.hrtime.bigint() - started) / 1e6, items: items.length };
		};
		const first = [];
		for (const poller of pollers) first.push(await measure(poller));
		const steady = pollers.map(() => []);
		for (let run = 0; run < Math.max(RUNS, 5); run++) {
			for (let n = 0; n < 100; n++) change(n);
			// Both packages poll the same changes; which goes first alternates from run to run.
			const order = run % 2 ? [...pollers.keys()].reverse() : [...pollers.keys()];
			for (const i of order) steady[i].push(await measure(pollers[i]));
		}
		const inWindow = sandbox.state.workOrders.length;
		const stateBytes = Buffer.byteLength(JSON.stringify(pollers[0].nodeState()));
		print(`| ${label} | ${fmt(first[0].ms)} | ${fmt(median(steady[0].map((r) => r.ms)))} | ${steady[0][0].items} | ${fmt(stateBytes / inWindow, 1)} |`);
		if (baseline) {
			// The same changes, so the same items, run by run (a random pick can reschedule one work order twice).
			const counts = steady.map((runs) => runs.map((r) => r.items).join(', '));
			if (counts[1] !== counts[0]) throw new Error(`${label}: this checkout emitted ${counts[0]} items, ${baseline.ref} ${counts[1]}`);
			comparisons.push({ label, ours: steady[0].map((r) => r.ms), theirs: steady[1].map((r) => r.ms) });
		}
	}
	if (baseline) {
		print(`\n### The steady poll beside ${baseline.ref}\n`);
		print('| event | this checkout ms (runs) | baseline ms (runs) | this checkout ÷ baseline |');
		print('| --- | ---: | ---: | ---: |');
		for (const { label, ours, theirs } of comparisons) {
			const list = (runs) => `${fmt(median(runs))} (${runs.map((ms) => fmt(ms)).join(', ')})`;
			print(`| ${label} | ${list(ours)} | ${list(theirs)} | ${fmt((100 * median(ours)) / median(theirs), 1)} % |`);
		}
	}
	const sample = Buffer.byteLength(JSON.stringify(sandbox.state.workOrders[0]));
	print(`\nA work order of the sandbox is ${sample} bytes of JSON (the vendor's sample is about 400). Process RSS after the polls: ${fmt(process.memoryUsage().rss / MB)} MB.`);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
