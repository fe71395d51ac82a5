#!/usr/bin/env node
'use strict';
// `npm run sandbox`: a local MPservices API with realistic data that keeps
// changing. Options through the environment:
//   SANDBOX_PORT (5680), SANDBOX_API_KEY, SANDBOX_GENERATE_EVERY_MS (30000, 0 = off), SANDBOX_LATENCY_MS
const { createSandbox } = require('./server');

async function main() {
	const sandbox = createSandbox({
		apiKey: process.env.SANDBOX_API_KEY || undefined,
		generateEveryMs: Number(process.env.SANDBOX_GENERATE_EVERY_MS ?? 30_000) || undefined,
		latencyMs: Number(process.env.SANDBOX_LATENCY_MS ?? 0),
		recordRequests: process.env.SANDBOX_RECORD_REQUESTS !== 'false',
	});
	const url = await sandbox.start(Number(process.env.SANDBOX_PORT ?? 5680));
	console.log(`MPservices sandbox listening on ${url}`);
	console.log(`API key (token header): ${sandbox.apiKey}`);
	const stop = async () => {
		await sandbox.stop();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
