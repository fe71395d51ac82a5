/**
 * What n8n's UX guidelines ask of the node's UI, through n8n's engine
 * against the sandbox: Simplify (on by default), Sort, Work Order → Get with
 * its resource locator, Output as an AI tool, and Watch Fields on Work Order
 * Updated.
 */
import type { IDataObject } from 'n8n-workflow';

import { createPoller, runAction, runAsTools, searchList, useSandbox } from './harness.cjs';

const env = useSandbox();
const DAY = 24 * 3600_000;
// Whole work orders (Simplify off), so the tests compare records; the Simplify tests set it themselves.
const workOrders = (p: IDataObject = {}) => ({ resource: 'workOrder', operation: 'getAll', returnAll: true, simplify: false, ...p });
const getWorkOrder = (workOrder: IDataObject, p: IDataObject = {}) => ({ resource: 'workOrder', operation: 'get', workOrder: { __rl: true, ...workOrder }, ...p });
const json = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json);

/** The sandbox's work orders of the last two days, newest first: what MPservices returns. */
function window(): IDataObject[] {
	const since = env.sandbox.now() - 2 * DAY;
	return (env.sandbox.state.workOrders as IDataObject[])
		.filter((r) => Date.parse(r.createdAt as string) >= since)
		.sort((a, b) => Date.parse(b.createdAt as string) - Date.parse(a.createdAt as string));
}

const SIMPLIFIED_KEYS = ['folio', 'title', 'status', 'scheduleDate', 'client', 'asset', 'assetCode', 'assignees', 'createdAt', 'id'];

describe('Simplify', () => {
	test('ten fields by default (a node saved without Simplify), whole work orders byte for byte with Simplify off', async () => {
		const simplified = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', returnAll: true }, credentials: env.credentials });
		const off = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(JSON.stringify(json(off.items))).toBe(JSON.stringify(window()));
		for (const item of json(simplified.items)) expect(Object.keys(item)).toEqual(SIMPLIFIED_KEYS);
		const [first] = window();
		expect(json(simplified.items)[0]).toEqual({
			folio: first.folio,
			title: first.title,
			status: first.closed ? 'closed' : 'open',
			scheduleDate: first.scheduleDate,
			client: (first.client as IDataObject).name,
			asset: (first.asset as IDataObject).name,
			assetCode: (first.asset as IDataObject).code,
			assignees: (first.users as IDataObject[]).map((u) => u.username),
			createdAt: first.createdAt,
			id: first.id,
		});
	});

	test('the trigger: New Work Order, Work Order Updated (with _changes) and Fetch Test Event are simplified by default', async () => {
		const created = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		const updated = createPoller({ parameters: { event: 'workOrderUpdated' }, credentials: env.credentials });
		const whole = createPoller({ parameters: { event: 'workOrderCreated', simplify: false }, credentials: env.credentials });
		for (const poller of [created, updated, whole]) await poller.poll();
		const order = env.sandbox.addWorkOrder({ title: 'Compressor check' });
		const [item] = json(await created.poll());
		expect(Object.keys(item)).toEqual(SIMPLIFIED_KEYS);
		expect(json(await whole.poll())).toEqual([order]);
		await updated.poll();
		env.sandbox.updateWorkOrder(order.id, { title: 'Compressor check (urgent)' });
		const [change] = json(await updated.poll());
		expect(change).toMatchObject({ id: order.id, title: 'Compressor check (urgent)', _changes: { fields: ['title'], previous: { title: 'Compressor check' } } });
		expect(Object.keys(change)).toEqual([...SIMPLIFIED_KEYS, '_changes']);
		const [test] = json(await created.poll('manual'));
		expect(Object.keys(test)).toEqual(SIMPLIFIED_KEYS);
	});

	test('Work Order Closed simplified too; _changes keeps the record\'s own field names and values (open, closed)', async () => {
		const order = env.sandbox.addWorkOrder({ open: true, closed: false });
		const closed = createPoller({ parameters: { event: 'workOrderClosed' }, credentials: env.credentials });
		const updated = createPoller({ parameters: { event: 'workOrderUpdated' }, credentials: env.credentials });
		await closed.poll();
		await updated.poll();
		env.sandbox.closeWorkOrder(order.id);
		const [closing] = json(await closed.poll());
		expect(closing).toMatchObject({ id: order.id, status: 'closed' });
		expect(Object.keys(closing)).toEqual(SIMPLIFIED_KEYS);
		const [change] = json(await updated.poll());
		expect(change).toMatchObject({ status: 'closed', _changes: { fields: ['open', 'closed'], previous: { open: true, closed: false } } });
	});

	test('movements have five fields and no Simplify: they come out whole, as MPservices returns them', async () => {
		const { items } = await runAction({ parameters: { resource: 'inventoryMovement', operation: 'getAll', returnAll: true }, credentials: env.credentials });
		const since = env.sandbox.now() - 2 * DAY;
		const movements = (env.sandbox.state.movements as IDataObject[]).filter((m) => Date.parse(m.createdAt as string) >= since);
		expect(json(items).sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual([...movements].sort((a, b) => String(a.id).localeCompare(String(b.id))));
	});
});

describe('Sort', () => {
	test('by Schedule Date or Folio, either way; Limit keeps the first of that order', async () => {
		const byDate = (a: IDataObject, b: IDataObject) => Date.parse(a.scheduleDate as string) - Date.parse(b.scheduleDate as string);
		const asc = await runAction({ parameters: workOrders({ sort: { field: 'scheduleDate', direction: 'asc' } }), credentials: env.credentials });
		expect(json(asc.items)).toEqual([...window()].sort(byDate));
		const top3 = await runAction({ parameters: workOrders({ returnAll: false, limit: 3, sort: { field: 'folio' } }), credentials: env.credentials });
		expect(json(top3.items).map((r) => r.folio)).toEqual(window().map((r) => r.folio as number).sort((a, b) => b - a).slice(0, 3));
		const defaults = await runAction({ parameters: workOrders({ sort: {} }), credentials: env.credentials });
		expect(json(defaults.items)).toEqual(window());
		const oldest = await runAction({ parameters: workOrders({ sort: { direction: 'asc' } }), credentials: env.credentials });
		// Ties keep the API's order (newest first), so oldest first is a stable sort, not a reversal.
		expect(json(oldest.items)).toEqual([...window()].sort((a, b) => Date.parse(a.createdAt as string) - Date.parse(b.createdAt as string)));
	});

	test('records with an unreadable date or folio: the default keeps Get Many\'s order, and any sort puts them last', async () => {
		const answer = [
			{ id: 'A', folio: 5, createdAt: '2026-01-02T00:00:00Z' },
			{ id: 'B', folio: 'F-x', createdAt: 'not a date' },
			{ id: 'C', folio: 7, createdAt: '2026-01-03T00:00:00Z' },
			{ id: 'D', folio: { n: 1 }, createdAt: {} },
			{ id: 'E' },
		];
		const run = async (sort?: IDataObject) => {
			env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body: answer });
			return json((await runAction({ parameters: workOrders(sort ? { sort } : {}), credentials: env.credentials })).items).map((r) => r.id);
		};
		// Newest first, the unreadable ones last in the API's order.
		expect(await run()).toEqual(['C', 'A', 'B', 'D', 'E']);
		expect(await run({ field: 'createdAt', direction: 'asc' })).toEqual(['A', 'C', 'B', 'D', 'E']);
		expect(await run({ field: 'folio', direction: 'desc' })).toEqual(['C', 'A', 'B', 'D', 'E']);
		expect(await run({ field: 'folio', direction: 'asc' })).toEqual(['A', 'C', 'B', 'D', 'E']);
	});

	test('movements by Reference; records without the field come last either way', async () => {
		env.sandbox.addMovement({ reference: undefined });
		const { items } = await runAction({ parameters: { resource: 'inventoryMovement', operation: 'getAll', returnAll: true, sort: { field: 'reference', direction: 'asc' } }, credentials: env.credentials });
		const references = json(items).map((r) => r.reference);
		expect(references[references.length - 1]).toBeUndefined();
		const named = references.slice(0, -1) as string[];
		expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b, undefined, { numeric: true, sensitivity: 'base' })));
	});

	test('a Sort By that is not an option (from an expression) names the field, and nothing is sent', async () => {
		const { error } = await runAction({ parameters: workOrders({ sort: { field: '={{ "priority" }}' } }), credentials: env.credentials });
		expect(error?.message).toBe(`'Sort → Sort By' (field) must be one of createdAt, scheduleDate, folio, got "priority" [item 0]`);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('Work Order → Get', () => {
	test('From List lists the window as "folio · title", newest first, and finds by folio or title', async () => {
		const { results } = await searchList({ method: 'searchWorkOrders', credentials: env.credentials });
		expect(results).toEqual(window().map((r) => ({ name: `${r.folio} · ${r.title}`, value: r.id })));
		const [some] = window();
		const found = await searchList({ method: 'searchWorkOrders', filter: String(some.folio), credentials: env.credentials });
		expect(found.results.map((r) => r.value)).toContain(some.id);
		const byTitle = await searchList({ method: 'searchWorkOrders', filter: String(some.title).slice(2, 9).toUpperCase(), credentials: env.credentials });
		expect(byTitle.results.map((r) => r.value)).toContain(some.id);
		const none = await searchList({ method: 'searchWorkOrders', filter: 'no such title anywhere', credentials: env.credentials });
		expect(none.results).toEqual([]);
	});

	test('by the list (an ID), By Folio and By ID: the one work order, simplified by default', async () => {
		const [, target] = window();
		for (const locator of [{ mode: 'list', value: target.id }, { mode: 'id', value: target.id }, { mode: 'folio', value: String(target.folio) }, { mode: 'folio', value: target.folio }]) {
			const whole = await runAction({ parameters: getWorkOrder(locator, { simplify: false }), credentials: env.credentials });
			expect(json(whole.items)).toEqual([target]);
			const simplified = await runAction({ parameters: getWorkOrder(locator), credentials: env.credentials });
			expect(json(simplified.items)).toMatchObject([{ id: target.id, folio: target.folio, title: target.title }]);
			expect(Object.keys(json(simplified.items)[0])).toEqual(SIMPLIFIED_KEYS);
		}
	});

	test('many items read the window once, each getting its own work order', async () => {
		const wanted = window().slice(0, 4);
		const { items } = await runAction({
			parameters: getWorkOrder({ mode: 'folio', value: '={{ $json.folio }}' }),
			input: wanted.map((r) => ({ folio: r.folio })),
			credentials: env.credentials,
		});
		expect(json(items).map((r) => r.id)).toEqual(wanted.map((r) => r.id));
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('a work order outside the two-day window: the error says so and what to do', async () => {
		const old = (env.sandbox.state.workOrders as IDataObject[]).find((r) => Date.parse(r.createdAt as string) < env.sandbox.now() - 2 * DAY)!;
		const { error } = await runAction({ parameters: getWorkOrder({ mode: 'folio', value: String(old.folio) }), credentials: env.credentials });
		expect(error?.message).toBe(`No work order with folio ${old.folio} among those created in the last two days [item 0]`);
		expect(error?.description).toContain('MPservices returns only the work orders created in the last two days');
	});

	test('an empty locator names the parameter, and nothing is sent', async () => {
		const { error } = await runAction({ parameters: getWorkOrder({ mode: 'id', value: '={{ "" }}' }), credentials: env.credentials });
		expect(error?.message).toMatch(/^'Work Order' \(workOrder\) is empty .* \[item 0\]$/);
		expect(env.sandbox.requests).toHaveLength(0);
	});
});

describe('as an AI tool: Output instead of Simplify', () => {
	// A tool node saved with Simplify off still answers as Output says: in tool mode Simplify is hidden.
	const tool = (parameters: IDataObject) => ({ name: 'Get Work Orders', parameters: { ...workOrders({ returnAll: false, limit: 5 }), ...parameters } });
	const call = async (parameters: IDataObject) => {
		const { results } = await runAsTools({ credentials: env.credentials, tools: [tool(parameters)], calls: [{ tool: 'Get_Work_Orders', args: {} }] });
		expect(results[0].error).toBeUndefined();
		return JSON.parse(results[0].output!) as IDataObject[];
	};

	test('Simplified by default; Raw; Selected Fields with the ID always kept; smaller than the raw records', async () => {
		const simplified = await call({});
		const raw = await call({ output: 'raw' });
		const selected = await call({ output: 'selected', outputFields: ['title', 'scheduleDate'] });
		expect(raw).toEqual(window().slice(0, 5));
		for (const record of simplified) expect(Object.keys(record)).toEqual(SIMPLIFIED_KEYS);
		expect(selected).toEqual(window().slice(0, 5).map((r) => ({ id: r.id, title: r.title, scheduleDate: r.scheduleDate })));
		expect(JSON.stringify(simplified).length).toBeLessThan(JSON.stringify(raw).length * 0.75);
	});

	test('Work Order → Get as a tool: described by its action, the folio from the model, simplified', async () => {
		const [target] = window();
		const { tools, results } = await runAsTools({
			credentials: env.credentials,
			tools: [{ name: 'Get Work Order', parameters: getWorkOrder({ mode: 'folio', value: "={{ $fromAI('folio', 'The work order number', 'string') }}" }) }],
			calls: [{ tool: 'Get_Work_Order', args: { folio: String(target.folio) } }],
		});
		expect(tools.map((t) => t.description)).toEqual(['Get work order by folio or ID in MPservices']);
		expect(results[0].error).toBeUndefined();
		const [record] = JSON.parse(results[0].output!) as IDataObject[];
		expect(record).toMatchObject({ id: target.id, folio: target.folio });
		expect(Object.keys(record)).toEqual(SIMPLIFIED_KEYS);
	});
});

describe('Work Order Updated → Watch Fields', () => {
	test('only a change to a watched field is emitted, and _changes still names every changed field', async () => {
		const order = env.sandbox.addWorkOrder({ title: 'Pump service', notes: [], open: true, closed: false });
		const poller = createPoller({ parameters: { event: 'workOrderUpdated', options: { watchFields: ['scheduleDate', 'closed'] } }, credentials: env.credentials });
		await poller.poll();
		env.sandbox.updateWorkOrder(order.id, { notes: [{ text: 'Bring the 20 mm key' }] });
		expect(await poller.poll()).toEqual([]);
		env.sandbox.updateWorkOrder(order.id, { title: 'Pump service (second visit)', scheduleDate: new Date(env.sandbox.now() + DAY).toISOString() });
		const [item] = json(await poller.poll());
		expect((item._changes as IDataObject).fields).toEqual(['title', 'scheduleDate']);
		expect((item._changes as IDataObject).previous).toMatchObject({ title: 'Pump service' });
		env.sandbox.closeWorkOrder(order.id);
		expect(((json(await poller.poll())[0]._changes as IDataObject).fields as string[]).sort()).toEqual(['closed', 'open']);
	});
});
