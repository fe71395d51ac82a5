/**
 * Activation as n8n 2.41's poll scheduler with durable cursors does it
 * through n8n-core's PollContext: the activation poll's own
 * static data is discarded when it emits nothing, so the records created
 * before the first scheduled poll must come from the copy the trigger keeps
 * in the workflow's global static data. The real n8n shows the same in the
 * end-to-end test's scheduler columns.
 */
import type { IDataObject } from 'n8n-workflow';

import { createDurablePoller, createPoller, logs, useSandbox } from './harness.cjs';

const env = useSandbox();
const ids = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.id);
const copies = (staticData: IDataObject) => ((staticData.global as IDataObject | undefined)?.mpServicesActivation ?? {}) as IDataObject;

describe('under the poll scheduler with durable cursors', () => {
	test('records created between activation and the first scheduled poll come out once', async () => {
		const poller = createDurablePoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		expect(await poller.poll('activation')).toEqual([]);
		// What n8n kept: no state of the node's own (the cursor copy was discarded), the copy in global static data.
		expect(poller.cursor().mpServices).toBeUndefined();
		expect(copies(poller.stored())['MPservices Trigger']).toMatchObject({ event: 'workOrderCreated' });
		const early = [env.sandbox.addWorkOrder(), env.sandbox.addWorkOrder()];
		expect(ids(await poller.poll('scheduled')).sort()).toEqual(early.map((r) => r.id).sort());
		expect(logs.some((l) => l.level === 'warn' && l.message.includes('n8n did not keep what its activation poll saved'))).toBe(true);
		const late = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll('scheduled'))).toEqual([late.id]);
		expect(await poller.poll('scheduled')).toEqual([]);
		// Once the node's own state carries on, the copy is dropped (saved with the next emission).
		expect(copies(poller.stored())['MPservices Trigger']).toBeUndefined();
	});

	test('without the copy (as before this fix) those records were taken as seen: the loss the copy closes', async () => {
		const poller = createDurablePoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll('activation');
		env.sandbox.addWorkOrder();
		// A scheduled poll that finds neither state nor copy takes a fresh baseline.
		const fresh = createDurablePoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		expect(await fresh.poll('scheduled')).toEqual([]);
		const later = env.sandbox.addWorkOrder();
		expect(ids(await fresh.poll('scheduled'))).toEqual([later.id]);
	});

	test('a copy of another event or account, or older than the two-day window, is not used', async () => {
		const { activationBaseline, STATE_VERSION } = require('../nodes/MpServicesTrigger/state');
		const scope = { event: 'workOrderCreated', account: 'cred-1@https://a' };
		const now = Date.parse('2026-12-01T12:00:00Z');
		const copy = { version: STATE_VERSION, event: scope.event, account: scope.account, seen: {}, horizon: 0, highWater: 0, lastPollAt: now - 3600_000 };
		expect(activationBaseline(undefined, copy, scope, now)).toEqual({ previous: copy, adopted: true });
		expect(activationBaseline(undefined, { ...copy, event: 'inventoryMovementCreated' }, scope, now).adopted).toBe(false);
		expect(activationBaseline(undefined, { ...copy, account: 'cred-2@https://a' }, scope, now).adopted).toBe(false);
		expect(activationBaseline(undefined, { ...copy, lastPollAt: now - 49 * 3600_000 }, scope, now).adopted).toBe(false);
		// The node's own state wins whenever it would not take a baseline.
		const own = { ...copy, seen: { a: now } };
		expect(activationBaseline(own, copy, scope, now)).toEqual({ previous: own, adopted: false });
		// An event switch at activation: the copy carries the new event's baseline.
		const oldEvent = { ...own, event: 'inventoryMovementCreated' };
		expect(activationBaseline(oldEvent, copy, scope, now)).toEqual({ previous: copy, adopted: true });
	});

	test('an event switched on an active workflow: what is created before the first scheduled poll still comes out', async () => {
		const poller = createDurablePoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll('activation');
		await poller.poll('scheduled');
		// Re-published with another event: the same stored data and cursor, as n8n keeps them.
		poller.node.parameters.event = 'inventoryMovementCreated';
		expect(await poller.poll('activation')).toEqual([]);
		const movement = env.sandbox.addMovement();
		expect(ids(await poller.poll('scheduled'))).toEqual([movement.id]);
	});
});

describe('on the classic engine', () => {
	test('the node keeps its own state; the copy goes after the first poll on it', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll();
		expect(copies(poller.savedStaticData())['MPservices Trigger']).toBeDefined();
		const created = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll())).toEqual([created.id]);
		expect(copies(poller.savedStaticData())['MPservices Trigger']).toBeUndefined();
		expect(logs.some((l) => l.message.includes('n8n did not keep'))).toBe(false);
	});

	test('Fetch Test Event writes no copy', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll('manual');
		expect(copies(poller.savedStaticData())).toEqual({});
	});
});
