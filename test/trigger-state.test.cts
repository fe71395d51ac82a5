/**
 * The trigger against n8n as it runs a poll trigger (read in n8n 2.8.4's
 * code; see scripts/lib/engine.js for the citations):
 * - polls overlap: n8n-core's ScheduledTaskManager.registerCron starts a
 *   poll on every tick, whether or not the previous one has ended, and both
 *   polls share the node's static data;
 * - the classic engine saves the static data at activation (and n8n's
 *   start-up, which activates again) and when a poll emits; a poll that
 *   emits nothing changes memory only, and a restart brings back what was
 *   saved (`poller.restart()`);
 * - with durable cursors (n8n 2.36+), a scheduled poll commits its state
 *   whether it emits or not (createDurablePoller).
 */
import type { IDataObject } from 'n8n-workflow';

import type { Poller } from './harness.cjs';
import { createDurablePoller, createPoller, logs, useSandbox } from './harness.cjs';

const env = useSandbox();
const HOUR = 3600_000;
const ids = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.id);
const trigger = (event: string) => createPoller({ parameters: { event }, credentials: env.credentials });
const until = async (check: () => boolean) => {
	while (!check()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/**
 * Two polls of one trigger at once: the first one's answer is what the API
 * said when its request arrived, held back; `change` happens after that,
 * and the second poll, started then, answers at once. Returns what each
 * emitted, and what the next poll emits.
 */
async function overlapping(poller: Poller, change: () => void) {
	const sent = env.sandbox.requests.length;
	env.sandbox.inject({ path: '/FetchTenantsWorkOrders', holdMs: 300 });
	const slow = poller.poll();
	await until(() => env.sandbox.requests.length === sent + 1);
	change();
	const fast = await poller.poll();
	return { fast, slow: await slow, next: await poller.poll() };
}

describe('overlapping polls: an older answer never overwrites a newer one', () => {
	test('Work Order Closed: a closing seen by the fast poll is emitted once, not again after the slow one', async () => {
		const poller = trigger('workOrderClosed');
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		await poller.poll();
		const { fast, slow, next } = await overlapping(poller, () => env.sandbox.closeWorkOrder(order.id));
		expect({ fast: ids(fast), slow: ids(slow), next: ids(next) }).toEqual({ fast: [order.id], slow: [], next: [] });
	});

	test('Work Order Updated: one edit is one item, not the edit, the edit undone and the edit again', async () => {
		const poller = trigger('workOrderUpdated');
		const order = env.sandbox.addWorkOrder({ title: 'Before' });
		await poller.poll();
		const { fast, slow, next } = await overlapping(poller, () => env.sandbox.updateWorkOrder(order.id, { title: 'After' }));
		expect([...fast, ...slow, ...next].map((i) => [i.json.title, (i.json._changes as IDataObject).previous])).toEqual([['After', { title: 'Before' }]]);
	});

	test('New Work Order: a record both polls see is emitted once; one only the slow poll saw comes out next', async () => {
		const poller = trigger('workOrderCreated');
		await poller.poll();
		const early = env.sandbox.addWorkOrder();
		let late: IDataObject = {};
		const { fast, slow, next } = await overlapping(poller, () => (late = env.sandbox.addWorkOrder()));
		expect([...fast, ...slow, ...next].map((i) => i.json.id).sort()).toEqual([early.id, late.id].sort());
	});

	test('a later poll that fails does not hold back the earlier one', async () => {
		const poller = trigger('workOrderCreated');
		await poller.poll();
		const order = env.sandbox.addWorkOrder();
		const sent = env.sandbox.requests.length;
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', holdMs: 300 });
		const slow = poller.poll();
		await until(() => env.sandbox.requests.length === sent + 1);
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 403 });
		await expect(poller.poll()).rejects.toThrow(/403/);
		expect(ids(await slow)).toEqual([order.id]);
	});
});

describe("n8n saves the state only at activation and when a poll emits (classic engine)", () => {
	test('New Work Order: a restart after polls that emitted nothing loses nothing and replays nothing', async () => {
		let poller = trigger('workOrderCreated');
		await poller.poll();
		const first = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll())).toEqual([first.id]);
		for (let i = 0; i < 3; i++) expect(await poller.poll()).toEqual([]);
		const whileDown = env.sandbox.addWorkOrder();
		poller = poller.restart();
		expect(ids(await poller.poll())).toEqual([whileDown.id]);
		expect(poller.stats).toMatchObject({ polls: 1, saves: 1 });
	});

	test('Work Order Updated: a work order first seen by a poll that emitted nothing and edited while n8n restarts is lost; with durable cursors it is not', async () => {
		const classic = trigger('workOrderUpdated');
		const durable = createDurablePoller({ parameters: { event: 'workOrderUpdated' }, credentials: env.credentials });
		await classic.poll();
		await durable.poll('activation');
		const order = env.sandbox.addWorkOrder({ title: 'First' });
		expect(await classic.poll()).toEqual([]);
		expect(await durable.poll('scheduled')).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { title: 'Second' });
		expect(await classic.restart().poll()).toEqual([]);
		expect(ids(await durable.poll('scheduled'))).toEqual([order.id]);
	});

	test('Work Order Assigned: a user taken off, n8n restarts, the user put back: the re-assignment is lost; with durable cursors it is not', async () => {
		const ana = { username: 'Ana', email: 'ana.ruiz@mail.com' };
		const luis = { username: 'Luis', email: 'luis.m@mail.com' };
		const order = env.sandbox.addWorkOrder({ users: [ana, luis] });
		const classic = trigger('workOrderAssigned');
		const durable = createDurablePoller({ parameters: { event: 'workOrderAssigned' }, credentials: env.credentials });
		await classic.poll();
		await durable.poll('activation');
		env.sandbox.updateWorkOrder(order.id, { users: [ana] });
		expect(await classic.poll()).toEqual([]);
		expect(await durable.poll('scheduled')).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: [ana, luis] });
		expect(await classic.restart().poll()).toEqual([]);
		expect((await durable.poll('scheduled')).map((i) => i.json._assignee)).toEqual([luis]);
	});

	test('Work Order Closed: closed, reopened, n8n restarts, closed again: the second closing is lost; with durable cursors it is not', async () => {
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		const classic = trigger('workOrderClosed');
		const durable = createDurablePoller({ parameters: { event: 'workOrderClosed' }, credentials: env.credentials });
		await classic.poll();
		await durable.poll('activation');
		env.sandbox.closeWorkOrder(order.id);
		expect(ids(await classic.poll())).toEqual([order.id]);
		expect(ids(await durable.poll('scheduled'))).toEqual([order.id]);
		env.sandbox.reopenWorkOrder(order.id);
		expect(await classic.poll()).toEqual([]);
		expect(await durable.poll('scheduled')).toEqual([]);
		env.sandbox.closeWorkOrder(order.id);
		expect(await classic.restart().poll()).toEqual([]);
		expect(ids(await durable.poll('scheduled'))).toEqual([order.id]);
	});

	test('a reopening held in memory only is logged (debug), since a restart would forget it', async () => {
		const order = env.sandbox.addWorkOrder({ open: false, closed: true });
		const poller = trigger('workOrderClosed');
		await poller.poll();
		env.sandbox.reopenWorkOrder(order.id);
		await poller.poll();
		expect(logs.some((l) => l.level === 'debug' && l.message.includes('holds 1 change(s) in memory only'))).toBe(true);
	});

	test('after a restart on a quiet account the warning says that the saved state can be old without a loss', async () => {
		const poller = trigger('workOrderCreated');
		await poller.poll();
		for (let i = 0; i < 3; i++) expect(await poller.poll()).toEqual([]);
		expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
		// What n8n saved is the activation poll's state; say it was three days ago, with quiet polls since.
		const saved = poller.savedStaticData();
		const state = (saved['node:MPservices Trigger'] as IDataObject).mpServices as IDataObject;
		state.lastPollAt = (state.lastPollAt as number) - 3 * 24 * HOUR;
		await poller.restart({ staticData: saved }).poll();
		const warning = logs.find((l) => l.level === 'warn')?.message ?? '';
		expect(warning).toMatch(/polls from a state saved at .*, more than two days ago\. If n8n or this workflow was stopped since then/);
		expect(warning).toContain("on a quiet account, after a restart or on n8n 2.41's poll scheduler, this can appear with nothing missed");
	});

	test("on 2.41's poll scheduler every poll starts from the saved state: the gap warning is given once, not at every poll", async () => {
		const first = trigger('workOrderCreated');
		await first.poll();
		const saved = first.savedStaticData();
		const state = (saved['node:MPservices Trigger'] as IDataObject).mpServices as IDataObject;
		state.lastPollAt = (state.lastPollAt as number) - 3 * 24 * HOUR;
		const scheduler = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials, engine: 'scheduler', staticData: saved, activated: true });
		for (let i = 0; i < 4; i++) expect(await scheduler.poll()).toEqual([]);
		expect(logs.filter((l) => l.level === 'warn' && l.message.includes('more than two days ago'))).toHaveLength(1);
	});
});

describe("n8n 2.41's poll budget", () => {
	test('a Retry-After that would outlast the budget is not waited for: the poll ends in time, and the next poll emits what it missed', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials, pollBudgetMs: 1_500 });
		await poller.poll();
		const order = env.sandbox.addWorkOrder();
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 503, headers: { 'retry-after': '5' } });
		await expect(poller.poll()).rejects.toThrow(/could not answer GET \/FetchTenantsWorkOrders \(503\)/);
		// The activation poll's request, and one for the poll that got the 503: no retry.
		expect(env.sandbox.requests.filter((r: IDataObject) => r.path === '/FetchTenantsWorkOrders')).toHaveLength(2);
		expect(ids(await poller.poll())).toEqual([order.id]);
	});

	test("a 429 in the trigger advises polling less often, not Concurrency (an option only the product operations have)", async () => {
		const poller = trigger('workOrderCreated');
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 429, headers: { 'retry-after': '0' }, times: 10 });
		await expect(poller.poll()).rejects.toMatchObject({ description: expect.stringContaining("Poll less often ('Poll Times')") });
	});
});

describe('a state saved by a newer version of the package (a downgrade)', () => {
	test.each(['classic', 'scheduler'] as const)('the %s engine: the trigger stops with a message that says what to do, and leaves the state as it was', async (engine) => {
		const newer = { 'node:MPservices Trigger': { mpServices: { version: 99, event: 'workOrderCreated', cursor: 'opaque' } } };
		const poller = createPoller({ parameters: { event: 'workOrderCreated', options: { emitExisting: true } }, credentials: env.credentials, engine, staticData: newer, activated: engine === 'scheduler' });
		for (let i = 0; i < 2; i++) {
			await expect(poller.poll()).rejects.toMatchObject({
				message: "The trigger's saved state comes from a newer version of n8n-nodes-mpservices (state version 99)",
				description: expect.stringContaining('rename this trigger node'),
			});
		}
		expect(poller.nodeState()).toEqual(newer['node:MPservices Trigger'].mpServices);
		expect(poller.savedStaticData()['node:MPservices Trigger']).toEqual(newer['node:MPservices Trigger']);
	});
});
