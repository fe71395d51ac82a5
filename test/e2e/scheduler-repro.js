#!/usr/bin/env node
'use strict';
// `npm run repro:scheduler`: does a poll trigger lose what is created right
// after activation under n8n 2.41's poll scheduler? Our MPservices Trigger and
// n8n's own RSS Feed Read Trigger side by side, each polling every minute,
// with the scheduler on (N8N_SCHEDULER_ENABLED, N8N_SCHEDULER_POLL_TRIGGERS_ENABLED,
// N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 2.41.0 needs all three; the third is on by default)
// or off (SCHEDULER=off). Right after activation a work order and a feed item
// are created; a minute later another of each. Prints which came out. The
// findings are in docs/compatibility.md (n8n 2.41's poll scheduler) and docs/upstream.md.
// SCENARIO picks how the workflows are activated:
// - startup (the default): with the CLI before `n8n start`, so n8n activates them while it starts
//   (how imports and queue-mode deployments activate);
// - runtime: in the running n8n, through the Public API, as a user does from the editor;
// - restart: at start-up, then n8n is stopped right after activation (before either trigger
//   has emitted anything), a record and a feed item are created while it is down, and it starts
//   again.
// After each step it prints what n8n has stored as each trigger's static data (from its SQLite
// database), so the reproduction shows where a baseline goes missing.
const lib = require('../../scripts/lib/n8n');
const { createCleanups, prepareStack } = require('./lib/stack');

const OWNER = { email: 'owner@example.com', firstName: 'Maria', lastName: 'Tester', password: 'Sandbox-Passw0rd!' };

async function main() {
	const cleanups = createCleanups();
	const scheduler = process.env.SCHEDULER !== 'off';
	const runtime = lib.runtimeFor(process.env.MPSERVICES_N8N_VERSION || '2.41.0');
	try {
		// All three are needed for the poll-trigger scheduler in 2.41.0 (isDurablePollerChainEnabled).
		const extraEnv = scheduler ? { N8N_SCHEDULER_ENABLED: 'true', N8N_SCHEDULER_POLL_TRIGGERS_ENABLED: 'true', N8N_USE_WORKFLOW_PUBLICATION_SERVICE: 'true' } : {};
		if (process.env.N8N_POLLER_DURABLE_CURSORS_ENABLED) extraEnv.N8N_POLLER_DURABLE_CURSORS_ENABLED = process.env.N8N_POLLER_DURABLE_CURSORS_ENABLED;
		const stack = await prepareStack({ name: 'scheduler', port: 5858, cleanups, runtime, extraEnv });
		const { sandbox, workflows } = stack;
		const rss = {
			id: 'rssRepro1',
			name: 'RSS Feed Read Trigger (n8n)',
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{
					id: 'rssRepro1-node',
					name: 'RSS Feed Trigger',
					type: 'n8n-nodes-base.rssFeedReadTrigger',
					typeVersion: 1,
					position: [0, 0],
					parameters: { pollTimes: { item: [{ mode: 'custom', cronExpression: runtime.pollCron.cron }] }, feedUrl: `${stack.sandboxUrl}/__sandbox/feed.xml` },
				},
			],
			connections: {},
		};
		sandbox.addFeedItem();
		await lib.importWorkflows(stack.env, [rss], `${stack.userFolder}/repro`, runtime);
		const scenario = process.env.SCENARIO || 'startup';
		const triggers = [workflows.workOrderTrigger.id, rss.id];
		if (scenario !== 'runtime') for (const id of triggers) await stack.cli(runtime.activate(id));
		const n8n = await stack.start({ envOverrides: { N8N_LOG_LEVEL: 'debug' } });
		const cookie = await lib.setupOwner(stack.baseUrl, OWNER);
		const apiKey = await lib.createApiKey(stack.baseUrl, cookie);
		const polls = (p) => sandbox.requests.filter((r) => r.path === p).length;
		const waitForPoll = async () => {
			const before = [polls('/FetchTenantsWorkOrders'), polls('/__sandbox/feed.xml')];
			const deadline = Date.now() + 3 * runtime.pollCron.everyMs + 30_000;
			while (polls('/FetchTenantsWorkOrders') <= before[0] || polls('/__sandbox/feed.xml') <= before[1]) {
				if (Date.now() > deadline) throw new Error('no poll came');
				await lib.sleep(250);
			}
			await lib.sleep(2000);
		};
		/** What n8n stored for each trigger: ours (ids seen) and the RSS trigger's dates. */
		const stored = async (when) => {
			const staticData = async (id) => await lib.storedStaticData(stack.userFolder, id, runtime);
			// With durable cursors a poll node's static data lives in poller_state, one row per node.
			const cursor = async (id) => {
				const rows = await lib.sqliteQuery(stack.userFolder, 'SELECT cursor FROM poller_state WHERE workflowId = ?', [id], runtime).catch(() => []);
				return rows[0] ? JSON.parse(rows[0].cursor) : undefined;
			};
			const describe = (state) => (state ? `baseline with ${Object.keys(state.seen).length} id(s)` : 'none');
			const oursStatic = await staticData(workflows.workOrderTrigger.id);
			const oursCursor = await cursor(workflows.workOrderTrigger.id);
			const theirsStatic = (await staticData(rss.id))?.['node:RSS Feed Trigger'];
			const theirsCursor = await cursor(rss.id);
			const copy = oursStatic?.global?.mpServicesActivation?.['MPservices Trigger'];
			const polled = `${polls('/FetchTenantsWorkOrders')} poll(s) of ours, ${polls('/__sandbox/feed.xml')} of the RSS trigger`;
			console.log(
				`  ${when} (${polled}): MPservices static data ${describe(oursStatic?.['node:MPservices Trigger']?.mpServices)}${copy ? ', activation copy in global static data' : ''}` +
					`${oursCursor !== undefined ? `, durable cursor ${describe(oursCursor.mpServices)}` : ''}; RSS static data ${theirsStatic ? JSON.stringify(theirsStatic) : 'none'}` +
					`${theirsCursor !== undefined ? `, durable cursor ${JSON.stringify(theirsCursor)}` : ''}`,
			);
		};
		if (scenario === 'runtime') {
			await stored('before activation');
			const before = [polls('/FetchTenantsWorkOrders'), polls('/__sandbox/feed.xml')];
			for (const id of triggers) await lib.activateWorkflow(stack.baseUrl, apiKey, id);
			// n8n 2.41 activates in the background: wait for each trigger's activation poll (its baseline).
			while (polls('/FetchTenantsWorkOrders') <= before[0] || polls('/__sandbox/feed.xml') <= before[1]) await lib.sleep(50);
			await lib.sleep(500);
			await stored('right after activation through the Public API');
		}
		const restart = scenario === 'restart';
		let early;
		if (restart) {
			await waitForPoll(); // the activation poll of each trigger
			lib.log('activated; stopping n8n before anything was emitted, creating a work order and a feed item while it is down');
			await n8n.stop();
			early = { workOrder: sandbox.addWorkOrder().id, feed: sandbox.addFeedItem().guid };
			await stack.start();
		} else {
			// Right after the workflows are active, before any scheduled poll.
			const pollsSoFar = polls('/FetchTenantsWorkOrders');
			early = { workOrder: sandbox.addWorkOrder().id, feed: sandbox.addFeedItem().guid };
			lib.log(`active (scheduler ${scheduler ? 'on' : 'off'}, ${pollsSoFar} poll(s) of the work-order trigger so far); created a work order and a feed item`);
		}
		await waitForPoll();
		await stored('after the first scheduled poll');
		await waitForPoll();
		const late = { workOrder: sandbox.addWorkOrder().id, feed: sandbox.addFeedItem().guid };
		await waitForPoll();
		await waitForPoll();
		await stored('at the end');
		const emitted = async (workflowId, nodeName, key) => {
			const response = await fetch(`${stack.baseUrl}/api/v1/executions?workflowId=${workflowId}&includeData=true&limit=100`, { headers: { 'X-N8N-API-KEY': apiKey } });
			const { data } = await response.json();
			return data.flatMap((e) => e.data?.resultData?.runData?.[nodeName]?.[0]?.data?.main?.[0]?.map((i) => key(i.json)) ?? []);
		};
		const ours = await emitted(workflows.workOrderTrigger.id, 'MPservices Trigger', (j) => j.id);
		const theirs = await emitted(rss.id, 'RSS Feed Trigger', (j) => j.guid);
		const first = restart ? 'created while n8n was down, before the first emission' : 'created right after activation, before the first scheduled poll';
		const line = (name, list, ids) => `${name}: ${first} ${list.includes(ids[0]) ? 'EMITTED' : 'LOST'}; created a poll later ${list.includes(ids[1]) ? 'EMITTED' : 'LOST'}`;
		console.log(`n8n ${runtime.version}, poll scheduler ${scheduler ? 'on' : 'off'}${process.env.N8N_POLLER_DURABLE_CURSORS_ENABLED === 'true' ? ' with durable cursors' : ''}, activated ${{ startup: 'at start-up', runtime: 'in the running n8n (Public API)', restart: 'at start-up, restart before the first emission' }[scenario]}`);
		const kept = require('path').join(require('os').tmpdir(), `mpservices-scheduler-${scenario}-${Date.now()}.log`);
		require('fs').copyFileSync(`${stack.userFolder}/n8n.log`, kept);
		console.log(`  n8n's log (debug level): ${kept}`);
		console.log(line('MPservices Trigger', ours, [early.workOrder, late.workOrder]));
		console.log(line('RSS Feed Read Trigger', theirs, [early.feed, late.feed]));
		await cleanups.cleanup();
	} catch (error) {
		console.error(error);
		await cleanups.cleanup();
		process.exit(1);
	}
}

main();
