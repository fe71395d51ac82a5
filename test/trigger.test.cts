import type { IDataObject } from 'n8n-workflow';

import { STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/state';
import { API_WINDOW_MS } from '../nodes/shared/constants';
import { createPoller, logs, runAction, startSandbox, useSandbox } from './harness.cjs';

const HOUR = 3600_000;
const DAY = 24 * HOUR;

const env = useSandbox();

const iso = (ms: number) => new Date(ms).toISOString();
const ids = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.id);
const newWorkOrders = () => createPoller({ parameters: { event: 'workOrderCreated', simplify: false }, credentials: env.credentials });

describe('MPservices Trigger', () => {
	test('the first poll takes a baseline: what is in the window is marked seen, nothing is emitted', async () => {
		const poller = newWorkOrders();
		expect(await poller.poll()).toEqual([]);
		const state = poller.nodeState()!;
		const inWindow = env.sandbox.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= env.sandbox.now() - API_WINDOW_MS);
		expect(Object.keys(state.seen as IDataObject).sort()).toEqual(inWindow.map((r: IDataObject) => r.id).sort());
		expect(await poller.poll()).toEqual([]);
	});

	test('each new record is emitted once, oldest first', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		const t = env.sandbox.now();
		const b = env.sandbox.addWorkOrder({ createdAt: iso(t - 1000) });
		const a = env.sandbox.addWorkOrder({ createdAt: iso(t - 2000) });
		const c = env.sandbox.addWorkOrder({ createdAt: iso(t) });
		const items = await poller.poll();
		expect(ids(items)).toEqual([a.id, b.id, c.id]);
		expect(items.map((i) => i.json)).toEqual([a, b, c]);
		expect(await poller.poll()).toEqual([]);
	});

	test('records sharing a createdAt are all emitted, once each', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		const at = iso(env.sandbox.now());
		const first = [1, 2, 3].map(() => env.sandbox.addWorkOrder({ createdAt: at }));
		// Ties have no order of their own: each of the three, once.
		expect(ids(await poller.poll()).sort()).toEqual(first.map((r: IDataObject) => r.id).sort());
		const late = env.sandbox.addWorkOrder({ createdAt: at });
		expect(ids(await poller.poll())).toEqual([late.id]);
		expect(ids(await poller.poll())).toEqual([]);
	});

	test('a record that shows up later than a newer one is still emitted', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		const t = env.sandbox.now();
		const newer = env.sandbox.addWorkOrder({ createdAt: iso(t) });
		expect(ids(await poller.poll())).toEqual([newer.id]);
		const older = env.sandbox.addWorkOrder({ createdAt: iso(t - 5 * HOUR) });
		expect(ids(await poller.poll())).toEqual([older.id]);
		expect(ids(await poller.poll())).toEqual([]);
	});

	test('state survives a restart (static data saved and reloaded): no replay, nothing missed', async () => {
		const before = newWorkOrders();
		await before.poll();
		const seenBefore = env.sandbox.addWorkOrder();
		expect(ids(await before.poll())).toEqual([seenBefore.id]);
		const whileDown = env.sandbox.addWorkOrder();
		const after = before.restart();
		expect(ids(await after.poll())).toEqual([whileDown.id]);
	});

	test('Fetch Test Event returns the newest matching record and leaves the state alone', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', filters: { status: 'open' } }, credentials: env.credentials });
		await poller.poll();
		const saved = JSON.stringify(poller.staticData());
		const open = env.sandbox.addWorkOrder({ open: true, closed: false, createdAt: iso(env.sandbox.now() - 1000) });
		env.sandbox.addWorkOrder({ open: false, closed: true, createdAt: iso(env.sandbox.now()) });
		expect(ids(await poller.poll('manual'))).toEqual([open.id]);
		expect(JSON.stringify(poller.staticData())).toBe(saved);
		expect(ids(await poller.poll())).toEqual([open.id]);
	});

	test('Fetch Test Event with nothing matching says so clearly', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', filters: { assetCode: 'NONE' } }, credentials: env.credentials });
		await expect(poller.poll('manual')).rejects.toThrow('No work order matching the filters was created in the last two days');
	});

	test('a failed poll throws the NodeApiError, keeps the state, and the next poll emits what was missed', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		const missed = env.sandbox.addWorkOrder();
		const saved = JSON.stringify(poller.nodeState());
		for (const fault of [
			{ status: 500, body: { message: 'Database unavailable' } },
			{ status: 200, body: '<html>oops</html>' },
			{ status: 401, body: { message: 'Invalid token' } },
		]) {
			env.sandbox.inject(fault);
			await expect(poller.poll()).rejects.toMatchObject({ name: 'NodeApiError', httpCode: String(fault.status) });
			expect(JSON.stringify(poller.nodeState())).toBe(saved);
		}
		expect(ids(await poller.poll())).toEqual([missed.id]);
	});

	test('a record without an id is skipped with a warning and does not break the poll', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		env.sandbox.state.workOrders.push({ title: 'no id', createdAt: iso(env.sandbox.now()) });
		const good = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll())).toEqual([good.id]);
		expect(logs.some((l) => l.level === 'warn' && /skipped 1 work order record\(s\) without an id/.test(l.message))).toBe(true);
	});

	test('filters apply after dedupe: a record that does not match is marked seen, never emitted', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', filters: { status: 'open' } }, credentials: env.credentials });
		await poller.poll();
		const closed = env.sandbox.addWorkOrder({ open: false, closed: true });
		const open = env.sandbox.addWorkOrder({ open: true, closed: false });
		expect(ids(await poller.poll())).toEqual([open.id]);
		expect((poller.nodeState()!.seen as IDataObject)[closed.id]).toBeDefined();
		poller.node.parameters.filters = { status: 'any' };
		expect(ids(await poller.poll())).toEqual([]);
	});

	test('switching the event starts a fresh baseline instead of replaying', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		poller.node.parameters.event = 'inventoryMovementCreated';
		expect(await poller.poll()).toEqual([]);
		expect(poller.nodeState()!.event).toBe('inventoryMovementCreated');
		const movement = env.sandbox.addMovement();
		expect(ids(await poller.poll())).toEqual([movement.id]);
	});

	test('items look exactly like Get Many items, with Split Lines and filters', async () => {
		const parameters = { filters: { type: 'outbound' }, options: { splitLines: true } };
		const poller = createPoller({ parameters: { event: 'inventoryMovementCreated', ...parameters }, credentials: env.credentials });
		await poller.poll();
		env.sandbox.state.movements.length = 0;
		env.sandbox.addMovement({ type: 'Outbound' });
		env.sandbox.addMovement({ type: 'Inbound' });
		const emitted = await poller.poll();
		const getMany = await runAction({ parameters: { resource: 'inventoryMovement', operation: 'getAll', returnAll: true, ...parameters }, credentials: env.credentials });
		expect(emitted.length).toBeGreaterThan(0);
		expect(emitted.map((i) => i.json)).toEqual(getMany.items.map((i) => i.json));
	});

	test('Emit Existing on Activation emits the window once, oldest first', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', options: { emitExisting: true } }, credentials: env.credentials });
		const first = await poller.poll();
		const inWindow = env.sandbox.state.workOrders
			.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= env.sandbox.now() - API_WINDOW_MS)
			.sort((a: IDataObject, b: IDataObject) => Date.parse(a.createdAt as string) - Date.parse(b.createdAt as string));
		expect([...ids(first)].sort()).toEqual(inWindow.map((r: IDataObject) => r.id).sort());
		const times = first.map((i) => Date.parse(i.json.createdAt as string));
		expect(times).toEqual([...times].sort((a, b) => a - b));
		expect(await poller.poll()).toEqual([]);
	});

	test('state stays bounded to the window: old ids are pruned by the API clock', async () => {
		// The API's clock starts six days back and catches up with n8n's, a day per step: pruning follows it.
		const api = await startSandbox({ now: () => Date.now() - 6 * DAY });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: { baseUrl: api.url } });
			await poller.poll();
			for (let day = 0; day < 6; day++) {
				for (let n = 0; n < 20; n++) api.addWorkOrder();
				await poller.poll();
				api.advance(DAY);
			}
			await poller.poll();
			const state = poller.nodeState()!;
			const cutoff = (state.highWater as number) - API_WINDOW_MS - STATE_MARGIN_MS;
			const keep = api.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= cutoff);
			expect(Object.keys(state.seen as IDataObject).sort()).toEqual(keep.map((r: IDataObject) => r.id).sort());
			expect(Object.keys(state.seen as IDataObject).length).toBeLessThanOrEqual(60);
		} finally {
			await api.stop();
		}
	});

	test('an n8n clock days away from the API clock neither drops nor replays records', async () => {
		const skewed = await startSandbox({ now: () => Date.now() - 5 * DAY });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: { baseUrl: skewed.url } });
			await poller.poll();
			const a = skewed.addWorkOrder();
			expect(ids(await poller.poll())).toEqual([a.id]);
			expect(ids(await poller.poll())).toEqual([]);
			expect((poller.nodeState()!.seen as IDataObject)[a.id]).toBeDefined();
		} finally {
			await skewed.stop();
		}
	});

	test('a last successful poll older than the window logs that records may be lost, and since when', async () => {
		const poller = newWorkOrders();
		await poller.poll();
		const state = poller.nodeState()!;
		const lastPoll = Date.now() - 3 * DAY;
		state.lastPollAt = lastPoll;
		await poller.poll();
		const warning = logs.find((l) => l.level === 'warn' && l.message.includes('more than two days ago'));
		expect(warning?.message).toContain(new Date(lastPoll).toISOString());
		logs.length = 0;
		await poller.poll();
		expect(logs.some((l) => l.message.includes('more than two days ago'))).toBe(false);
	});
});
