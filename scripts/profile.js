#!/usr/bin/env node
'use strict';
// `npm run profile`: where the CPU time of one item of a bulk Update Stock and
// Cost goes, through n8n's own engine (n8n-core's WorkflowExecute, in this
// process) against the sandbox (its own process) on 127.0.0.1 with no added
// latency, so that only the client side is profiled. V8's
// sampling profiler runs around the execution; each sample's self time is
// attributed to the code it was in: our node (dist/), n8n-workflow (parameter
// and expression evaluation), n8n-core (the request helper, the engine), axios
// and Node's HTTP stack, other packages by name, garbage collection, and idle
// (waiting for the sandbox and the network). Prints a table in
// microseconds per item; no timing is asserted anywhere.
const fs = require('fs');
const inspector = require('inspector');
const path = require('path');

const { bareLoop } = require('./lib/bare');
const { createEngine } = require('./lib/engine');
const { startSandboxProcess } = require('./lib/services');
const { UPDATE_FROM_ITEM } = require('./lib/workflows');
const { replaceSection } = require('./lib/pages');

const ITEMS = Number(process.env.PROFILE_ITEMS || 2000);
const CONCURRENCY = Number(process.env.PROFILE_CONCURRENCY || 5);
const API_KEY = 'MPSER110_profile-key';
const DIST = path.join(__dirname, '..', 'dist');

const CATEGORIES = [
	['our node (dist/)', (url) => url.includes('/dist/nodes/') || url.includes('/dist/credentials/')],
	['n8n-workflow: parameters, expressions', (url) => url.includes('/n8n-workflow/')],
	['n8n-core: engine, request helper', (url) => url.includes('/n8n-core/')],
	['axios, form encoding, proxies', (url) => /\/(axios|follow-redirects|form-data|proxy-from-env|https?-proxy-agent|agent-base)\//.test(url)],
	["Node's HTTP, TLS and streams", (url) => url.startsWith('node:') || url === ''],
];

/** A package's name from a file URL in node_modules. */
const packageOf = (url) => /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];

function categorize(profile) {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const totals = new Map();
	const add = (key, us) => totals.set(key, (totals.get(key) ?? 0) + us);
	for (let i = 0; i < profile.samples.length; i++) {
		const node = byId.get(profile.samples[i]);
		const us = profile.timeDeltas[i] ?? 0;
		const { url, functionName } = node.callFrame;
		if (functionName === '(idle)') add('idle: waiting for the network', us);
		else if (functionName === '(garbage collector)') add('garbage collection', us);
		else if (functionName === '(program)') add('V8 and native (program)', us);
		else {
			const category = CATEGORIES.find(([, test]) => test(url))?.[0];
			add(category ?? (packageOf(url) ? `package ${packageOf(url)}` : 'our scripts and the rest'), us);
		}
	}
	return totals;
}

/** A bulk Update Stock and Cost: `count` items over the sandbox's products, three expressions each. */
function bulkUpdate(skus, count, concurrency) {
	return {
		input: Array.from({ length: count }, (_, i) => ({ sku: skus[i % skus.length], stock: i, cost: (i % 100) / 4 })),
		parameters: { ...UPDATE_FROM_ITEM, options: { concurrency } },
	};
}

/** The sandbox in its own process (so that only the client side is profiled), answering after `latencyMs`. */
const startSandbox = (latencyMs) => startSandboxProcess({ apiKey: API_KEY, latencyMs });

/**
 * The client's turnaround, measured by the sandbox: with one request at a
 * time, the time from an answer leaving the sandbox to the next request
 * arriving (reading the answer, preparing and sending the next request).
 * Our node through n8n's engine next to bare loops, keep-alive and with a new
 * connection per request as n8n's request helper opens.
 */
async function turnarounds(engine, skus) {
	const COUNT = 400;
	// An API answering in 20 ms, so that the node reads the next item while it waits, as in a real sync.
	const { sandbox, url } = await startSandbox(20);
	const measure = async (send) => {
		await send();
		const list = (await (await fetch(`${url}/__sandbox/stats`)).json()).turnaroundsMs.slice(-(COUNT - 1));
		return list.sort((a, b) => a - b)[Math.floor(list.length / 2)];
	};
	const bare = (keepAlive) => () => bareLoop({ baseUrl: url, apiKey: API_KEY, count: COUNT, concurrency: 1, keepAlive, sku: (i) => skus[i % skus.length] });
	let ours, newConnection, keepAlive;
	try {
		ours = await measure(async () => {
			const result = await engine.runAction({ ...bulkUpdate(skus, COUNT, 1), credentials: { baseUrl: url } });
			if (result.error) throw result.error;
		});
		newConnection = await measure(bare(false));
		keepAlive = await measure(bare(true));
	} finally {
		sandbox.kill('SIGTERM');
	}
	const ceiling = (latency) => `${((100 * (latency + keepAlive)) / (latency + ours)).toFixed(0)} %`;
	return [
		`The turnaround of one request, measured by the sandbox with one request in flight (from an answer leaving it to the next request arriving; medians of ${COUNT - 1}):`,
		'',
		'| client | turnaround ms |',
		'| --- | ---: |',
		`| a bare loop, keep-alive | ${keepAlive.toFixed(2)} |`,
		`| a bare loop, a new connection per request | ${newConnection.toFixed(2)} |`,
		`| MPservices node in n8n's engine (Update Stock and Cost, three expressions) | ${ours.toFixed(2)} |`,
		'',
		`Each request costs n8n ${(ours - keepAlive).toFixed(1)} ms more than the keep-alive loop, however many are in flight: at an API answering in 20 ms that alone caps one request slot at ${ceiling(20)} of the bare loop's rate (${ceiling(100)} at 100 ms), before any waiting on a busy event loop.`,
	];
}

async function main() {
	const { MpServices } = require(path.join(DIST, 'nodes/MpServices/MpServices.node.js'));
	const { MpServicesTrigger } = require(path.join(DIST, 'nodes/MpServicesTrigger/MpServicesTrigger.node.js'));
	const { MpServicesApi } = require(path.join(DIST, 'credentials/MpServicesApi.credentials.js'));
	const engine = createEngine({ MpServices, MpServicesTrigger, MpServicesApi }, { defaultApiKey: API_KEY });
	const { sandbox, url } = await startSandbox(0);
	const skus = (await (await fetch(`${url}/__sandbox/products`)).json()).map((p) => p.external_id);
	const run = () => engine.runAction({ ...bulkUpdate(skus, ITEMS, CONCURRENCY), credentials: { baseUrl: url } });
	try {
		await run(); // warm-up: JIT, connection setup
		const session = new inspector.Session();
		session.connect();
		const post = (method, params) => new Promise((resolve, reject) => session.post(method, params, (e, r) => (e ? reject(e) : resolve(r))));
		await post('Profiler.enable');
		await post('Profiler.setSamplingInterval', { interval: 100 });
		await post('Profiler.start');
		const started = process.hrtime.bigint();
		const cpuBefore = process.cpuUsage();
		const result = await run();
		const wallUs = Number(process.hrtime.bigint() - started) / 1000;
		const cpu = process.cpuUsage(cpuBefore);
		const { profile } = await post('Profiler.stop');
		session.disconnect();
		if (result.error || result.items.length !== ITEMS) throw new Error(`the run failed: ${result.error?.message ?? result.items.length}`);

		const totals = categorize(profile);
		const rows = [...totals].sort((a, b) => b[1] - a[1]);
		const sampled = rows.reduce((sum, [, us]) => sum + us, 0);
		const lines = [
			`Update Stock and Cost of ${ITEMS} items (three expressions each), Concurrency ${CONCURRENCY}, through n8n-core's engine in one process, the sandbox in another, no added latency (${new Date().toISOString().slice(0, 10)}): ${(wallUs / ITEMS).toFixed(0)} µs of wall time and ${((cpu.user + cpu.system) / ITEMS).toFixed(0)} µs of CPU per item while profiled. Sampling every 100 µs costs time of its own, so read the shares, not the absolute figures (\`npm run bench\` measures the real n8n's CPU per item, unprofiled).`,
			'',
			'| where the CPU time of one item goes | µs per item | share |',
			'| --- | ---: | ---: |',
			...rows.filter(([, us]) => us / ITEMS >= 1).map(([name, us]) => `| ${name} | ${(us / ITEMS).toFixed(0)} | ${((100 * us) / sampled).toFixed(1)} % |`),
			'',
			...(await turnarounds(engine, skus)),
		];
		console.log(lines.join('\n'));
		replaceSection('docs/performance.md', 'profile', lines.join('\n'));
	} finally {
		sandbox.kill('SIGTERM');
	}
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
