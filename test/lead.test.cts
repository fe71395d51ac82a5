/**
 * What a maintenance lead watches for, through n8n's engine against the
 * sandbox: Work Order Due, Work Order Assigned, and Include Parts (the parts
 * and cost of a work order). Due times are real instants: a work order due
 * in a second is polled before and after that second.
 */
import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS } from '../nodes/shared/constants';
import { createPoller, logs, runAction, startSandbox, useSandbox } from './harness.cjs';

const env = useSandbox();
const [MINUTE, HOUR] = [60_000, 3600_000];
const json = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json);
const at = (msFromNow: number) => new Date(Date.now() + msFromNow).toISOString();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const open = { open: true, closed: false };

describe('Work Order Due', () => {
	const due = (options: IDataObject = {}, extra: IDataObject = {}) =>
		createPoller({ parameters: { event: 'workOrderDue', simplify: false, options, ...extra }, credentials: env.credentials });

	test('an open work order is emitted once when its due time arrives, with _due', async () => {
		const poller = due();
		await poller.poll();
		const order = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(1000) });
		expect(await poller.poll()).toEqual([]);
		await sleep(1100);
		const [item] = json(await poller.poll());
		const time = new Date(Date.parse(order.scheduleDate)).toISOString();
		expect(item).toEqual({ ...order, _due: { field: 'scheduleDate', fieldTime: time, offsetMinutes: 0, dueAt: time } });
		expect(await poller.poll()).toEqual([]);
	});

	test('Offset: negative is before the due time, positive after; Due Field picks Start or End', async () => {
		const triggers = { before: due({ dueOffsetMinutes: -121 }), notYet: due({ dueOffsetMinutes: -119 }), after: due({ dueOffsetMinutes: 60 }), start: due({ dueField: 'start' }) };
		for (const poller of Object.values(triggers)) await poller.poll();
		const inTwoHours = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(2 * HOUR), start: at(-MINUTE) });
		const halfHourAgo = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-30 * MINUTE), start: at(HOUR) });
		const ids = async (name: keyof typeof triggers) => json(await triggers[name].poll()).map((i) => i.id).sort();
		expect(await ids('before')).toEqual([inTwoHours.id, halfHourAgo.id].sort());
		const [early] = json(await due({ dueOffsetMinutes: -121 }, { event: 'workOrderDue' }).poll('manual'));
		expect(early._due).toMatchObject({ offsetMinutes: -121 });
		expect(Date.parse((early._due as IDataObject).fieldTime as string) - Date.parse((early._due as IDataObject).dueAt as string)).toBe(121 * MINUTE);
		expect(await ids('notYet')).toEqual([halfHourAgo.id]);
		expect(await ids('after')).toEqual([]);
		expect(await ids('start')).toEqual([inTwoHours.id]);
	});

	test('rescheduled to a time not yet reached, it comes again then; closed before its time, not while closed; reopened after it came, not again', async () => {
		const poller = due();
		await poller.poll();
		const moved = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-MINUTE) });
		const closedEarly = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(1000) });
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([moved.id]);
		env.sandbox.updateWorkOrder(moved.id, { scheduleDate: at(1000) });
		env.sandbox.closeWorkOrder(closedEarly.id);
		expect(await poller.poll()).toEqual([]);
		await sleep(1100);
		const [again] = json(await poller.poll());
		expect(again).toMatchObject({ id: moved.id, _due: { fieldTime: new Date(Date.parse(moved.scheduleDate as string)).toISOString() } });
		env.sandbox.closeWorkOrder(moved.id);
		expect(await poller.poll()).toEqual([]);
		env.sandbox.reopenWorkOrder(moved.id);
		expect(await poller.poll()).toEqual([]);
		// Closed before its time, it was not emitted; reopened past it, it is an open work order past due, never reported: now.
		env.sandbox.reopenWorkOrder(closedEarly.id);
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([closedEarly.id]);
		// Rescheduled to a time that has passed: due again at once.
		env.sandbox.updateWorkOrder(moved.id, { scheduleDate: at(-2 * MINUTE) });
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([moved.id]);
	});

	test('the first activation takes what is past due as seen (Emit Existing emits it); one first seen past due, created late, comes at once', async () => {
		const pastDue = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-HOUR) });
		const closed = env.sandbox.addWorkOrder({ open: false, closed: true, scheduleDate: at(-HOUR) });
		const poller = due();
		expect(await poller.poll()).toEqual([]);
		const existing = json(await due({ emitExisting: true }).poll()).map((i) => i.id);
		expect(existing).toContain(pastDue.id);
		expect(existing).not.toContain(closed.id);
		// The vendor's own example: created at 16:11 for 06:00 the same day.
		const late = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-10 * HOUR) });
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([late.id]);
	});

	test('a restart after an emitted item replays nothing and misses nothing (n8n saved at the emission)', async () => {
		const poller = due();
		await poller.poll();
		const first = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-MINUTE) });
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([first.id]);
		const second = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(1000) });
		expect(await poller.poll()).toEqual([]);
		const restarted = poller.restart();
		await sleep(1100);
		expect(json(await restarted.poll()).map((i) => i.id)).toEqual([second.id]);
		expect(await restarted.poll()).toEqual([]);
	});

	test('simplified by default, with _due; the state keeps a due time per emitted work order and lets go of what left the window', async () => {
		const api = await startSandbox({ now: () => Date.now() - 3 * 24 * HOUR, seedData: false });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderDue' }, credentials: { baseUrl: api.url } });
			await poller.poll();
			const order = api.addWorkOrder({ ...open, scheduleDate: at(-MINUTE) });
			const [item] = json(await poller.poll());
			expect(Object.keys(item)).toEqual(['folio', 'title', 'status', 'scheduleDate', 'client', 'asset', 'assetCode', 'assignees', 'createdAt', 'id', '_due']);
			expect(poller.nodeState()!.marks).toEqual({ [order.id]: Date.parse(order.scheduleDate) });
			api.advance(API_WINDOW_MS + 7 * HOUR);
			api.addWorkOrder({ open: false, closed: true });
			await poller.poll();
			expect(poller.nodeState()!.marks).toEqual({});
		} finally {
			await api.stop();
		}
	});

	test('another Due Field on a running trigger is a fresh baseline: what is due by it is taken as seen, not emitted at once', async () => {
		const pastEnd = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(HOUR), end: at(-HOUR) });
		const poller = due();
		await poller.poll();
		const moved = poller.restart({ parameters: { event: 'workOrderDue', simplify: false, options: { dueField: 'end' } } });
		expect(await moved.poll()).toEqual([]);
		const later = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(HOUR), end: at(-MINUTE) });
		expect(json(await moved.poll()).map((i) => i.id)).toEqual([later.id]);
		expect(pastEnd.id).not.toBe(later.id);
	});

	test('another Offset is a fresh baseline too: an hour earlier emits no burst; after, what was announced before comes again at its new time', async () => {
		const nextHour = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(HOUR) });
		const poller = due();
		await poller.poll();
		const earlier = poller.restart({ parameters: { event: 'workOrderDue', simplify: false, options: { dueOffsetMinutes: -1440 } } });
		expect(await earlier.poll()).toEqual([]);
		// Announced a minute before (first seen past that time: at once); with the Offset moved to 1.2 s after, again then.
		const before = due({ dueOffsetMinutes: -1 });
		await before.poll();
		const soon = env.sandbox.addWorkOrder({ ...open, scheduleDate: at(-500) });
		expect(json(await before.poll()).map((i) => i.id)).toEqual([soon.id]);
		logs.length = 0;
		// 3 s after its time: the restart and a poll have 2.5 s to see it not yet due, even on a busy machine.
		const after = before.restart({ parameters: { event: 'workOrderDue', simplify: false, options: { dueOffsetMinutes: 0.05 } } });
		expect(await after.poll()).toEqual([]);
		expect(logs.some((l) => l.level === 'info' && l.message.includes('now watches another Due Field or Offset'))).toBe(true);
		await sleep(3000);
		expect(json(await after.poll()).map((i) => [i.id, (i._due as IDataObject).offsetMinutes])).toEqual([[soon.id, 0.05]]);
		// Emit Existing on Activation does not turn another Offset into a burst either.
		const existing = after.restart({ parameters: { event: 'workOrderDue', simplify: false, options: { dueOffsetMinutes: -1, emitExisting: true } } });
		expect(await existing.poll()).toEqual([]);
		expect(nextHour.id).not.toBe(soon.id);
	});

	test('only an instant with a zone is a due time: numbers, dates without a zone, text and placeholders are never due, with one warning', async () => {
		const poller = due();
		await poller.poll();
		logs.length = 0;
		const values = ['1', 'Folio 2', '2026-01-01T06:00:00', 'not a date', '', null, 0, 1_700_000_000_000, '1970-01-01T00:00:00Z', '0001-01-01T00:00:00Z'];
		for (const scheduleDate of values) env.sandbox.addWorkOrder({ ...open, scheduleDate });
		const zoned = env.sandbox.addWorkOrder({ ...open, scheduleDate: '2026-01-01T06:00:00-06:00' });
		// Neither open nor closed, or without `open`: not open.
		for (const state of [{ open: false, closed: false }, { closed: false }]) env.sandbox.addWorkOrder({ ...state, scheduleDate: at(-MINUTE) });
		expect(json(await poller.poll()).map((i) => i.id)).toEqual([zoned.id]);
		expect(await poller.poll()).toEqual([]);
		const warnings = logs.filter((l) => l.level === 'warn' && l.message.includes('whose Due Field is not a date and time'));
		// Eight set but unusable ('' and null are unset), warned of once while the count stays.
		expect(warnings.map((l) => l.message.match(/found (\d+) open/)?.[1])).toEqual(['8']);
	});

	test('a Due Field or Offset from an expression that is not one names the option, and nothing is sent', async () => {
		const field = await due({ dueField: '={{ "deadline" }}' }).poll().catch((error: Error) => error);
		expect((field as Error).message).toBe(`'Options → Due Field' (dueField) must be scheduleDate, start or end, got "deadline"`);
		const offset = await due({ dueOffsetMinutes: '={{ "an hour" }}' }).poll().catch((error: Error) => error);
		expect((offset as Error).message).toBe(`'Options → Offset' (dueOffsetMinutes) must be a number from -525600 to 525600, got "an hour"`);
		// Past a year either way a due time would be no date at all (new Date(…) throws past ±8.64e15 ms).
		const far = await due({ dueOffsetMinutes: -2e11 }).poll().catch((error: Error) => error);
		expect((far as Error).message).toMatch(/^'Options → Offset' \(dueOffsetMinutes\) must be a number from -525600 to 525600, got -200000000000$/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('Work Order Assigned', () => {
	const [ana, luis, john] = [
		{ username: 'Ana', email: 'ana.ruiz@mail.com' },
		{ username: 'Luis', email: 'luis.m@mail.com' },
		{ username: 'John', email: 'john@mail.com' },
	];
	const assigned = (extra: IDataObject = {}) => createPoller({ parameters: { event: 'workOrderAssigned', simplify: false, ...extra }, credentials: env.credentials });
	const who = (items: Array<{ json: IDataObject }>) => json(items).map((i) => [i.id, (i._assignee as IDataObject).username]);

	test('each user of a new work order is an item with _assignee; the first activation takes the assigned as seen', async () => {
		const before = env.sandbox.addWorkOrder({ users: [john] });
		const poller = assigned();
		expect(await poller.poll()).toEqual([]);
		const order = env.sandbox.addWorkOrder({ users: [ana, luis] });
		const items = await poller.poll();
		expect(who(items)).toEqual([
			[order.id, 'Ana'],
			[order.id, 'Luis'],
		]);
		expect(json(items)[0]).toEqual({ ...order, _assignee: ana });
		expect(who(await assigned({ options: { emitExisting: true } }).poll())).toContainEqual([before.id, 'John']);
	});

	test('added: one item for the added user; removed: none; removed and added again: a new assignment', async () => {
		const order = env.sandbox.addWorkOrder({ users: [ana] });
		const poller = assigned();
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { users: [ana, luis] });
		expect(who(await poller.poll())).toEqual([[order.id, 'Luis']]);
		env.sandbox.updateWorkOrder(order.id, { users: [ana] });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: [luis, ana] });
		expect(who(await poller.poll())).toEqual([[order.id, 'Luis']]);
	});

	test('other edits emit nothing; the same user in a new object (email in another case, username respelled) is the same user', async () => {
		const order = env.sandbox.addWorkOrder({ users: [ana, { username: 'jdoe' }] });
		const poller = assigned();
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { title: 'Pump service (urgent)', scheduleDate: at(3 * HOUR), users: [{ username: 'Ana R.', email: ' ANA.RUIZ@mail.com ' }, { username: 'JDoe' }] });
		expect(await poller.poll()).toEqual([]);
		// Hostile entries: a bare name is a username; null, numbers and users without either are skipped.
		env.sandbox.updateWorkOrder(order.id, { users: [ana, { username: 'jdoe' }, 'Marta', null, 42, {}] });
		expect(json(await poller.poll()).map((i) => i._assignee)).toEqual([{ username: 'Marta', email: null }]);
		// An answer whose users is not a list says nothing of who is on it: when the list comes back, nobody is new.
		env.sandbox.updateWorkOrder(order.id, { users: null });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: { username: 'Ana' } });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: [ana, { username: 'jdoe' }, 'Marta'] });
		expect(await poller.poll()).toEqual([]);
	});

	test('a user whose email appears or goes is the same user; _assignee without surrounding spaces; a removal is logged as held in memory', async () => {
		const order = env.sandbox.addWorkOrder({ users: [{ username: 'jdoe' }, ana] });
		const poller = assigned();
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { users: [{ username: 'JDoe', email: 'jdoe@mail.com' }, ana] });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: [{ username: 'jdoe' }, ana] });
		expect(await poller.poll()).toEqual([]);
		logs.length = 0;
		env.sandbox.updateWorkOrder(order.id, { users: [{ username: 'jdoe' }] });
		expect(await poller.poll()).toEqual([]);
		expect(logs.some((l) => l.level === 'debug' && l.message.includes('holds 1 change(s) in memory only'))).toBe(true);
		env.sandbox.updateWorkOrder(order.id, { users: [{ username: 'jdoe' }, { username: ' Marta ', email: ' MARTA@mail.com ' }] });
		expect(json(await poller.poll()).map((i) => i._assignee)).toEqual([{ username: 'Marta', email: 'MARTA@mail.com' }]);
		// One old name stands for one user: two users now called jdoe, one of them is new.
		env.sandbox.updateWorkOrder(order.id, { users: [{ username: 'jdoe', email: 'jdoe@mail.com' }, { username: 'jdoe', email: 'j.doe@plant2.com' }] });
		expect(json(await poller.poll()).map((i) => (i._assignee as IDataObject).email)).toEqual(['j.doe@plant2.com']);
	});

	test('a restart after an emitted item replays nothing; simplified by default, with _assignee', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderAssigned' }, credentials: env.credentials });
		await poller.poll();
		const order = env.sandbox.addWorkOrder({ users: [ana] });
		const [item] = json(await poller.poll());
		expect(item).toMatchObject({ id: order.id, assignees: ['Ana'], _assignee: ana });
		const restarted = poller.restart();
		expect(await restarted.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { users: [ana, john] });
		expect(json(await restarted.poll()).map((i) => i._assignee)).toEqual([john]);
	});
});

describe('Work Order → Include Parts', () => {
	const line = (item: string, quantity: unknown, cost: unknown) => ({ item, quantity, cost, unit: 'Pieces', item_id: `id-${item}`, item_external_id: `SKU-${item}` });
	const byItem = (parts: IDataObject[]) => [...parts].sort((a, b) => `${a.movementId}${a.item}`.localeCompare(`${b.movementId}${b.item}`));

	test('the lines of the movements whose reference is exactly Folio-<folio>, with their movement; cost out minus returns', async () => {
		// The folio as text, as an expression or another system might give it: the same work order.
		const order = env.sandbox.addWorkOrder({ folio: '9198' });
		const other = env.sandbox.addWorkOrder({ folio: 91980 });
		const issued = env.sandbox.addMovement({ reference: ' Folio-9198 ', type: 'Outbound', movements: [line('Filter', 2, '25'), line('Belt', '3', '9.9')] });
		const returned = env.sandbox.addMovement({ reference: 'Folio-9198', type: 'INBOUND', movements: [line('Belt', 1, '9.9')] });
		const odd = env.sandbox.addMovement({ reference: 'Folio-9198', type: 'Transfer', movements: [line('Odd', 'two', 'n/a')] });
		env.sandbox.addMovement({ reference: 'Folio-91980', type: 'Outbound', movements: [line('Oil', 1, '6.75'), ...[1, 2, 3].map((n) => line(`Rag ${n}`, 1, '0.1'))] });
		const { items } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true, options: { includeParts: true } }, credentials: env.credentials });
		const ours = json(items).find((i) => i.id === order.id)!;
		const asLines = (movement: IDataObject) => (movement.movements as IDataObject[]).map((l) => ({ ...l, movementId: movement.id, reference: movement.reference, type: movement.type, createdAt: movement.createdAt }));
		expect(byItem(ours.parts as IDataObject[])).toEqual(byItem([...asLines(issued), ...asLines(returned), ...asLines(odd)]));
		// 2 × 25 + 3 × 9.9 − 1 × 9.9 (a return); a line of another type, or with unreadable numbers, counts nothing.
		expect(ours.partsCost).toBe(69.8);
		// 6.75 + 3 × 0.1, which floating point alone makes 7.050000000000001.
		expect(json(items).find((i) => i.id === other.id)).toMatchObject({ partsCost: 7.05, parts: expect.arrayContaining([expect.objectContaining({ item: 'Oil' })]) });
		// Simplify on (the default): the ten fields, then what Include Parts adds.
		expect(Object.keys(ours).slice(-3)).toEqual(['id', 'parts', 'partsCost']);
	});

	test('a work order without movements has parts [] and partsCost 0; one movements request per execution, none when off', async () => {
		const orders = [4242, 4243, 4244].map((folio) => env.sandbox.addWorkOrder({ folio }));
		env.sandbox.addMovement({ reference: 'Folio-4243', type: 'Outbound', movements: [line('Filter', 1, '12.5')] });
		const get = (options: IDataObject) => ({ resource: 'workOrder', operation: 'get', workOrder: { __rl: true, mode: 'folio', value: '={{ $json.folio }}' }, options });
		const input = orders.map(({ folio }) => ({ folio }));
		const { items } = await runAction({ parameters: get({ includeParts: true }), input, credentials: env.credentials });
		expect(json(items).map((i) => [i.id, i.partsCost, (i.parts as IDataObject[]).length])).toEqual([
			[orders[0].id, 0, 0],
			[orders[1].id, 12.5, 1],
			[orders[2].id, 0, 0],
		]);
		expect(env.sandbox.requests.map((r: IDataObject) => r.path).sort()).toEqual(['/FetchTenantsInventoryMovements', '/FetchTenantsWorkOrders']);
		env.sandbox.requests.length = 0;
		const off = await runAction({ parameters: get({}), input, credentials: env.credentials });
		expect(json(off.items)[0]).not.toHaveProperty('parts');
		expect(env.sandbox.requests.map((r: IDataObject) => r.path)).toEqual(['/FetchTenantsWorkOrders']);
	});

	test('a failed movements request is sent once: each item fails with its own error, which names Include Parts; Get Many with nothing left asks for no movements', async () => {
		env.sandbox.inject({ path: '/FetchTenantsInventoryMovements', status: 500, body: { message: 'Internal error' }, times: 10 });
		const orders = [5151, 5152, 5153].map((folio) => env.sandbox.addWorkOrder({ folio }));
		const get = { resource: 'workOrder', operation: 'get', workOrder: { __rl: true, mode: 'folio', value: '={{ $json.folio }}' }, options: { includeParts: true } };
		const { items } = await runAction({ parameters: get, input: orders.map(({ folio }) => ({ folio })), continueOnFail: true, credentials: env.credentials });
		expect(json(items).map((i) => [/\(500\)/.test(String(i.error)), String(i.error).match(/\[item \d\]/g)])).toEqual([0, 1, 2].map((n) => [true, [`[item ${n}]`]]));
		expect(env.sandbox.requests.filter((r: IDataObject) => r.path === '/FetchTenantsInventoryMovements')).toHaveLength(1);
		const { error } = await runAction({ parameters: get, input: [{ folio: 5151 }], credentials: env.credentials });
		expect(error?.description).toMatch(/^Include Parts reads the inventory movements; turn it off to get the work orders without their parts\./);
		env.sandbox.requests.length = 0;
		const none = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true, filters: { folio: 'no such folio' }, options: { includeParts: true } }, credentials: env.credentials });
		expect(none.items).toEqual([]);
		expect(env.sandbox.requests.map((r: IDataObject) => r.path)).toEqual(['/FetchTenantsWorkOrders']);
	});
});
