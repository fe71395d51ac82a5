/**
 * Work Order Closed and Work Order Updated, through n8n's engine
 * against the sandbox, where work orders are closed, reopened and changed
 * as in MPservices.
 */
import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS } from '../nodes/shared/constants';
import { createPoller, logs, runAction, startSandbox, useSandbox } from './harness.cjs';

const env = useSandbox();
const HOUR = 3600_000;
const ids = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.id);
const closedTrigger = (extra: IDataObject = {}) => createPoller({ parameters: { event: 'workOrderClosed', simplify: false, ...extra }, credentials: env.credentials });
const updatedTrigger = (extra: IDataObject = {}) => createPoller({ parameters: { event: 'workOrderUpdated', simplify: false, ...extra }, credentials: env.credentials });

describe('Work Order Closed', () => {
	test('a work order is emitted each time it turns closed: closed, reopened and closed again is two', async () => {
		const poller = closedTrigger();
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		await poller.poll();
		expect(await poller.poll()).toEqual([]);
		env.sandbox.closeWorkOrder(order.id);
		const first = await poller.poll();
		expect(ids(first)).toEqual([order.id]);
		expect(first[0].json).toMatchObject({ closed: true, open: false, folio: order.folio });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.reopenWorkOrder(order.id);
		expect(await poller.poll()).toEqual([]);
		env.sandbox.closeWorkOrder(order.id);
		expect(ids(await poller.poll())).toEqual([order.id]);
	});

	test('a new work order that is already closed is emitted; a new open one is not', async () => {
		const poller = closedTrigger();
		await poller.poll();
		const closed = env.sandbox.addWorkOrder({ open: false, closed: true });
		env.sandbox.addWorkOrder({ open: true, closed: false });
		expect(ids(await poller.poll())).toEqual([closed.id]);
	});

	test('activation takes what is closed as seen; Emit Existing on Activation emits it once', async () => {
		const closedNow = env.sandbox.state.workOrders.filter((r: IDataObject) => r.closed === true && Date.parse(r.createdAt as string) > env.sandbox.now() - API_WINDOW_MS);
		expect(closedNow.length).toBeGreaterThan(0);
		expect(await closedTrigger().poll()).toEqual([]);
		const emitting = closedTrigger({ options: { emitExisting: true } });
		expect(ids(await emitting.poll()).sort()).toEqual(closedNow.map((r: IDataObject) => r.id).sort());
		expect(await emitting.poll()).toEqual([]);
	});

	test('the items look exactly like Get Many items, and the filters apply after deduplication', async () => {
		const poller = closedTrigger({ filters: { clientName: 'palmas' } });
		const ours = env.sandbox.addWorkOrder({ client: { name: 'Hotel Las Palmas' }, open: true, closed: false });
		const theirs = env.sandbox.addWorkOrder({ client: { name: 'Acme Logistics' }, open: true, closed: false });
		await poller.poll();
		env.sandbox.closeWorkOrder(ours.id);
		env.sandbox.closeWorkOrder(theirs.id);
		const items = await poller.poll();
		expect(ids(items)).toEqual([ours.id]);
		const { items: listed } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true, simplify: false, filters: { folio: ours.folio } }, credentials: env.credentials });
		expect(items[0].json).toEqual(listed[0].json);
	});

	test('a restart (static data reloaded) and a failed poll lose nothing and replay nothing', async () => {
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		const first = closedTrigger();
		await first.poll();
		const restarted = first.restart();
		env.sandbox.closeWorkOrder(order.id);
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 401, body: { message: 'Invalid token' } });
		await expect(restarted.poll()).rejects.toThrow(/rejected the API key \(401\)/);
		expect(ids(await restarted.poll())).toEqual([order.id]);
		const again = restarted.restart();
		expect(await again.poll()).toEqual([]);
	});

	test('another account is a fresh baseline: its closed work orders are not emitted', async () => {
		const other = await startSandbox({ seed: 55 });
		try {
			const poller = closedTrigger();
			await poller.poll();
			poller.setCredentials({ baseUrl: other.url });
			expect(await poller.poll()).toEqual([]);
			const order = other.addWorkOrder({ open: true, closed: false });
			await poller.poll();
			other.closeWorkOrder(order.id);
			expect(ids(await poller.poll())).toEqual([order.id]);
		} finally {
			await other.stop();
		}
	});

	test('Fetch Test Event shows the newest closed work order and leaves the state alone', async () => {
		const poller = closedTrigger();
		await poller.poll();
		const state = JSON.stringify(poller.nodeState());
		const newest = env.sandbox.addWorkOrder({ open: false, closed: true });
		env.sandbox.addWorkOrder({ open: true, closed: false });
		expect(ids(await poller.poll('manual'))).toEqual([newest.id]);
		expect(JSON.stringify(poller.nodeState())).toBe(state);
		env.sandbox.reset({ seedData: false });
		await expect(closedTrigger().poll('manual')).rejects.toThrow('No closed work order matching the filters was created in the last two days');
	});

	test('the state is bounded by the window: a work order that left it leaves the state within hours', async () => {
		// The API's clock starts three days back and catches up with n8n's: pruning follows it.
		const api = await startSandbox({ now: () => Date.now() - 3 * 24 * HOUR, seedData: false });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderClosed' }, credentials: { baseUrl: api.url } });
			const order = api.addWorkOrder({ open: false, closed: true });
			await poller.poll();
			expect(poller.nodeState()!.marks).toEqual({ [order.id]: true });
			api.advance(API_WINDOW_MS + 7 * HOUR);
			api.addWorkOrder();
			await poller.poll();
			const state = poller.nodeState()!;
			expect(Object.keys(state.seen as IDataObject)).not.toContain(order.id);
			expect(Object.keys(state.marks as IDataObject)).not.toContain(order.id);
		} finally {
			await api.stop();
		}
	});
});

describe('Work Order Updated', () => {
	test('a change is emitted once, with the changed fields and their previous values', async () => {
		const poller = updatedTrigger();
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		await poller.poll();
		const before = order.scheduleDate;
		env.sandbox.updateWorkOrder(order.id, { scheduleDate: '2026-12-24T09:00:00.000Z' });
		const [item, ...rest] = await poller.poll();
		expect(rest).toEqual([]);
		expect(item.json).toMatchObject({ id: order.id, scheduleDate: '2026-12-24T09:00:00.000Z', _changes: { fields: ['scheduleDate'], previous: { scheduleDate: before } } });
		expect(await poller.poll()).toEqual([]);
	});

	test('closing counts as a change of open and closed; new work orders are not updates', async () => {
		const poller = updatedTrigger();
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		await poller.poll();
		env.sandbox.addWorkOrder();
		env.sandbox.closeWorkOrder(order.id);
		const items = await poller.poll();
		expect(ids(items)).toEqual([order.id]);
		expect(items[0].json._changes).toEqual({ fields: ['open', 'closed'], previous: { open: true, closed: false } });
	});

	test('nested fields, fields that appear or go, and several changes between two polls', async () => {
		const poller = updatedTrigger();
		const order = env.sandbox.addWorkOrder({ client: { name: 'Hotel 1' }, notes: [] });
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { client: { name: 'Hotel 2' }, priority: 'high' });
		env.sandbox.updateWorkOrder(order.id, { client: { name: 'Hotel 3' } });
		delete env.sandbox.state.workOrders.find((r: IDataObject) => r.id === order.id).notes;
		const [item] = await poller.poll();
		expect(item.json._changes).toEqual({ fields: ['client', 'priority', 'notes'], previous: { client: { name: 'Hotel 1' }, notes: [] } });
	});

	test('the previous value is the one seen at the last successful poll, across a failed poll and a restart', async () => {
		const order = env.sandbox.addWorkOrder({ title: 'First' });
		const poller = updatedTrigger();
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { title: 'Second' });
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 500 });
		await expect(poller.poll()).rejects.toThrow(/could not answer GET \/FetchTenantsWorkOrders \(500\)/);
		env.sandbox.updateWorkOrder(order.id, { title: 'Third' });
		const restarted = poller.restart();
		const [item] = await restarted.poll();
		expect(item.json).toMatchObject({ title: 'Third', _changes: { fields: ['title'], previous: { title: 'First' } } });
	});

	test('the same content in another key order is no change', async () => {
		const poller = updatedTrigger();
		const order = env.sandbox.addWorkOrder({ asset: { name: 'Pump', code: 'WP-15' } });
		await poller.poll();
		const record = env.sandbox.state.workOrders.find((r: IDataObject) => r.id === order.id);
		record.asset = { code: 'WP-15', name: 'Pump' };
		expect(await poller.poll()).toEqual([]);
	});

	test('filters apply to the work order as it is now (Status open: no item for the closing)', async () => {
		const poller = updatedTrigger({ filters: { status: 'open' } });
		const a = env.sandbox.addWorkOrder({ open: true, closed: false });
		const b = env.sandbox.addWorkOrder({ open: true, closed: false });
		await poller.poll();
		env.sandbox.closeWorkOrder(a.id);
		env.sandbox.updateWorkOrder(b.id, { title: 'Renamed' });
		expect(ids(await poller.poll())).toEqual([b.id]);
	});

	test('Fetch Test Event shows the newest work order with an empty list of changes', async () => {
		const newest = env.sandbox.addWorkOrder();
		const items = await updatedTrigger().poll('manual');
		expect(items.map((i) => [i.json.id, i.json._changes])).toEqual([[newest.id, { fields: [], previous: {} }]]);
	});

	test('the state keeps what it needs to report previous values, and lets go of what left the window', async () => {
		const api = await startSandbox({ now: () => Date.now() - 3 * 24 * HOUR, seedData: false });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderUpdated' }, credentials: { baseUrl: api.url } });
			const order = api.addWorkOrder();
			await poller.poll();
			expect((poller.nodeState()!.marks as IDataObject)[order.id]).toEqual(Object.fromEntries(Object.entries(order).filter(([k]) => k !== 'id')));
			api.advance(API_WINDOW_MS + 7 * HOUR);
			api.addWorkOrder();
			await poller.poll();
			expect(Object.keys(poller.nodeState()!.marks as IDataObject)).not.toContain(order.id);
			expect(logs.filter((l) => l.level === 'warn')).toEqual([]);
		} finally {
			await api.stop();
		}
	});
});

describe('search filters and the time zone, through the engine', () => {
	test('Folio finds one work order, from an expression number as from text', async () => {
		const order = env.sandbox.addWorkOrder({ folio: 1003 });
		env.sandbox.addWorkOrder({ folio: 10031 });
		for (const folio of ['={{ 1003 }}', '1003']) {
			const { items, error } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true, filters: { folio } }, credentials: env.credentials });
			expect(error).toBeUndefined();
			expect(ids(items)).toEqual([order.id]);
		}
	});

	test('Item External ID: whole movements without Split Lines, only that item\'s lines with it, and in the trigger', async () => {
		env.sandbox.reset({ seedData: false });
		const poller = createPoller({ parameters: { event: 'inventoryMovementCreated', filters: { itemExternalId: 'SKU-1002' }, options: { splitLines: true } }, credentials: env.credentials });
		await poller.poll();
		const line = (sku: string, quantity: number) => ({ cost: '1', quantity, item: sku, unit: 'Pieces', item_id: sku, item_external_id: sku });
		const both = env.sandbox.addMovement({ movements: [line('SKU-1002', 2), line('SKU-1003', 5)] });
		env.sandbox.addMovement({ movements: [line('SKU-1003', 1)] });
		const whole = await runAction({ parameters: { resource: 'inventoryMovement', operation: 'getAll', returnAll: true, filters: { itemExternalId: 'SKU-1002' } }, credentials: env.credentials });
		expect(whole.items.map((i) => i.json)).toEqual([both]);
		const lines = await runAction({ parameters: { resource: 'inventoryMovement', operation: 'getAll', returnAll: true, filters: { itemExternalId: 'SKU-1002' }, options: { splitLines: true } }, credentials: env.credentials });
		expect(lines.items.map((i) => [i.json.movementId, i.json.item_external_id, i.json.quantity])).toEqual([[both.id, 'SKU-1002', 2]]);
		expect((await poller.poll()).map((i) => [i.json.movementId, i.json.item_external_id])).toEqual([[both.id, 'SKU-1002']]);
	});

	test('Created After without a zone is read in the workflow time zone (America/Mexico_City, n8n in UTC)', async () => {
		env.sandbox.reset({ seedData: false });
		// 10:00 in Mexico City is 16:00 UTC: 07:00 Mexico time is before it, 11:00 after.
		const early = env.sandbox.addWorkOrder({ createdAt: new Date(env.sandbox.now() - 2 * HOUR).toISOString() });
		const late = env.sandbox.addWorkOrder();
		const local = new Intl.DateTimeFormat('sv-SE', { timeZone: 'America/Mexico_City', dateStyle: 'short', timeStyle: 'medium' })
			.format(new Date(env.sandbox.now() - HOUR))
			.replace(' ', 'T');
		const parameters = { resource: 'workOrder', operation: 'getAll', returnAll: true, filters: { createdAfter: local } };
		const { items } = await runAction({ parameters, credentials: env.credentials, timezone: 'America/Mexico_City' });
		expect(ids(items)).toEqual([late.id]);
		expect(ids(items)).not.toContain(early.id);
		// The same date with an offset keeps its own meaning, whatever the workflow's zone.
		const offset = { ...parameters, filters: { createdAfter: new Date(env.sandbox.now() - 3 * HOUR).toISOString() } };
		expect(ids((await runAction({ parameters: offset, credentials: env.credentials, timezone: 'America/Mexico_City' })).items).sort()).toEqual([early.id, late.id].sort());
		// A workflow without its own zone takes the instance's (GENERIC_TIMEZONE, which the n8n server hands to n8n-workflow).
		const globalState = require('n8n-workflow/dist/cjs/global-state');
		const before = globalState.getGlobalState();
		globalState.setGlobalState({ ...before, defaultTimezone: 'America/Mexico_City' });
		try {
			expect(ids((await runAction({ parameters, credentials: env.credentials })).items)).toEqual([late.id]);
		} finally {
			globalState.setGlobalState(before);
		}
		expect(ids((await runAction({ parameters, credentials: env.credentials, timezone: 'UTC' })).items).sort()).toEqual([early.id, late.id].sort());
	});
});
