/**
 * Odd but real answers, through n8n's engine against the sandbox: each test
 * here failed on 0.1.0 and guards one defect of issue 8, or one of its
 * relatives.
 */
import type { IDataObject } from 'n8n-workflow';

import { API_KEY, createPoller, logs, runAction, startSandbox, useSandbox } from './harness.cjs';

const HOUR = 3600_000;
const YEAR = 365 * 24 * HOUR;

const env = useSandbox();

const iso = (ms: number) => new Date(ms).toISOString();
const ids = (items: Array<{ json: IDataObject }>) => items.map((i) => i.json.id);
const workOrders = (extra: IDataObject = {}) => ({ resource: 'workOrder', operation: 'getAll', returnAll: true, simplify: false, ...extra });
const movements = (extra: IDataObject = {}) => ({ resource: 'inventoryMovement', operation: 'getAll', returnAll: true, ...extra });

describe('1. a record dated decades ahead does not silence the trigger', () => {
	test('it is emitted once with a warning, and every record after it comes out once', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll();
		const future = env.sandbox.addWorkOrder({ createdAt: iso(env.sandbox.now() + 45 * YEAR) });
		expect(ids(await poller.poll())).toEqual([future.id]);
		expect(logs.some((l) => l.level === 'warn' && l.message.includes(`dated more than 2 hours ahead of n8n's clock (for example ${future.id}`))).toBe(true);
		for (let n = 0; n < 3; n++) {
			const next = env.sandbox.addWorkOrder();
			expect(ids(await poller.poll())).toEqual([next.id]);
		}
		expect(await poller.poll()).toEqual([]);
		expect(poller.nodeState()!.highWater as number).toBeLessThanOrEqual(Date.now() + 2 * HOUR);
	});

	test('the warning quotes the record, but no piece of the key: log lines keep the piece rule', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll();
		const piece = API_KEY.slice(9, 25);
		env.sandbox.addWorkOrder({ id: `wo-${piece}`, createdAt: iso(env.sandbox.now() + 45 * YEAR) });
		expect(await poller.poll()).toHaveLength(1);
		const warning = logs.find((l) => l.level === 'warn' && l.message.includes("ahead of n8n's clock"))!;
		expect(warning.message).toContain('for example wo-[redacted] at');
		expect(warning.message).not.toContain(piece.slice(0, 12));
	});

	test('Fetch Test Event shows the newest plausible record, not the one from 2071', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		env.sandbox.addWorkOrder({ createdAt: '2071-01-01T00:00:00.000Z' });
		const newest = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll('manual'))).toEqual([newest.id]);
	});
});

describe('2. no piece of the key survives in an error, wherever it sits in the body', () => {
	const leaked = (text: string) => {
		for (let i = 0; i + 12 <= API_KEY.length; i++) if (text.includes(API_KEY.slice(i, i + 12))) return API_KEY.slice(i, i + 12);
		return undefined;
	};
	// The key placed to straddle the 300-character cut of the API message and the 2,000-character cut of the body.
	const positions = [280, 290, 295, 299, 1980, 1990, 1995, 1999];
	test.each([
		['a 401 with a JSON message', (at: number) => ({ status: 401, body: { message: `${'m'.repeat(at)}${API_KEY} tail` } })],
		['a 500 HTML page', (at: number) => ({ status: 500, body: `<html><body>${'h'.repeat(at)}${API_KEY}</body></html>` })],
		['a 200 that is not JSON', (at: number) => ({ status: 200, body: `${'t'.repeat(at)}${API_KEY} more text` })],
		['a 400 as a JSON string', (at: number) => ({ status: 400, body: JSON.stringify(`${'s'.repeat(at)}${API_KEY}`) })],
	])('%s', async (_what, fault) => {
		const seen: unknown[] = [];
		for (const at of positions) {
			env.sandbox.inject({ path: '/FetchTenantsWorkOrders', ...fault(at) });
			const { error, items, run } = await runAction({ parameters: workOrders(), credentials: env.credentials, continueOnFail: at % 2 === 0 });
			seen.push(items, run.data.resultData, error && { message: error.message, description: error.description, stack: error.stack, context: error.context });
		}
		const text = JSON.stringify({ seen, logs });
		expect(text).toContain('[redacted]');
		expect(leaked(text)).toBeUndefined();
	});

	test('a success answer that echoes the key does not carry it into the output', async () => {
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 200, body: { message: 'ok', debug: { headers: { token: API_KEY } } } });
		const { items } = await runAction({
			parameters: { resource: 'product', operation: 'updateStockCost', externalId: 'SKU-1000', newStock: 1, newCost: 2 },
			credentials: env.credentials,
		});
		expect(items[0].json).toEqual({ message: 'ok', debug: { headers: { token: '[redacted]' } } });
	});
});

describe('2b. in a good answer, the whole key is replaced and its pieces are user data', () => {
	// The key is a prefix and a JWT: its header (`eyJhbGciOiJIUzI1NiJ9` here) is the one every HS256 token shares.
	const jwtHeader = API_KEY.slice(API_KEY.indexOf('eyJ'), API_KEY.indexOf('.', API_KEY.indexOf('eyJ')));

	test('the whole key in a work order is replaced, in Get Many and the trigger, and in the saved state', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', simplify: false }, credentials: env.credentials });
		await poller.poll();
		const order = env.sandbox.addWorkOrder({ title: `Pasted by mistake: ${API_KEY}`, client: { name: `${API_KEY} Hotels` } });
		const { items } = await runAction({ parameters: workOrders({ filters: { folio: order.folio } }), credentials: env.credentials });
		const emitted = await poller.poll();
		expect(items[0].json.title).toBe('Pasted by mistake: [redacted]');
		expect(emitted[0].json.client).toEqual({ name: '[redacted] Hotels' });
		expect(JSON.stringify({ items, emitted, state: poller.staticData() })).not.toContain(API_KEY);
	});

	test('the whole key spelled with JSON escapes (\\u0041 for A) is found too', async () => {
		const escaped = API_KEY.replace(/[A-Za-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
		const record = JSON.stringify([{ id: 'wo-esc', folio: 1, title: 'x', createdAt: new Date(env.sandbox.now()).toISOString() }]).replace('"x"', `"${escaped}"`);
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body: record, headers: { 'content-type': 'application/json' } });
		const { items } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(items[0].json.title).toBe('[redacted]');
	});

	test('a JWT in a note that shares the key\'s header (a piece of 20 characters) is left as it is', async () => {
		const otherJwt = `${jwtHeader}.eyJzdWIiOiJ0ZWNobmljaWFuIn0.c2lnbmF0dXJl`;
		const order = env.sandbox.addWorkOrder({ title: 'Access for the contractor', notes: [otherJwt] });
		const { items } = await runAction({ parameters: workOrders({ filters: { folio: order.folio } }), credentials: env.credentials });
		expect(items[0].json.notes).toEqual([otherJwt]);
	});
});

describe('3. a single movement answered as a bare object is one record', () => {
	const movement = {
		id: 'mv-only',
		reference: 'Folio-198',
		type: 'Outbound',
		createdAt: new Date().toISOString(),
		movements: [
			{ cost: '25', quantity: 2, item: 'Filter', unit: 'Pieces', item_id: '1', item_external_id: 'SKU-1' },
			{ cost: '3', quantity: 1, item: 'Belt', unit: 'Pieces', item_id: '2', item_external_id: 'SKU-2' },
		],
	};
	test('Get Many gives the movement, and Split Lines its two lines', async () => {
		env.sandbox.inject({ path: '/FetchTenantsInventoryMovements', status: 200, body: movement, times: 2 });
		expect((await runAction({ parameters: movements(), credentials: env.credentials })).items.map((i) => i.json)).toEqual([movement]);
		const lines = await runAction({ parameters: movements({ options: { splitLines: true } }), credentials: env.credentials });
		expect(lines.items.map((i) => [i.json.movementId, i.json.item_id])).toEqual([['mv-only', '1'], ['mv-only', '2']]);
	});
	test('the trigger emits it instead of dropping its lines as records without ids', async () => {
		const poller = createPoller({ parameters: { event: 'inventoryMovementCreated' }, credentials: env.credentials });
		env.sandbox.inject({ path: '/FetchTenantsInventoryMovements', status: 200, body: [] });
		await poller.poll();
		env.sandbox.inject({ path: '/FetchTenantsInventoryMovements', status: 200, body: movement });
		expect(ids(await poller.poll())).toEqual(['mv-only']);
		expect(logs.some((l) => l.message.includes('without an id'))).toBe(false);
	});
});

describe('4. filter values from expressions', () => {
	test('numbers match as text, in Get Many and in the trigger', async () => {
		const numeric = env.sandbox.addWorkOrder({ asset: { name: 'Pump', code: '1042' }, client: { name: 'Hotel 7' } });
		const { items, error } = await runAction({
			parameters: workOrders({ filters: { assetCode: '={{ 1042 }}', clientName: '={{ 7 }}' } }),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(ids(items)).toEqual([numeric.id]);
		const poller = createPoller({ parameters: { event: 'workOrderCreated', filters: { assetCode: '={{ 1042 }}' } }, credentials: env.credentials });
		await poller.poll();
		const next = env.sandbox.addWorkOrder({ asset: { name: 'Pump', code: '1042' } });
		expect(ids(await poller.poll())).toEqual([next.id]);
	});
	test.each([
		['Status from an expression that is not an option', workOrders({ filters: { status: '={{ "pending" }}' } }), /'Filters → Status' \(status\) must be one of any, open, closed, got "pending" \[item 0\]/],
		['Type as a number', movements({ filters: { type: '={{ 1 }}' } }), /'Filters → Type' \(type\) must be one of any, inbound, outbound, got 1 \[item 0\]/],
		['Reference as an object', movements({ filters: { reference: '={{ { a: 1 } }}' } }), /'Filters → Reference' \(reference\) must be text, got an object \[item 0\]/],
		['Created After as a boolean', workOrders({ filters: { createdAfter: '={{ true }}' } }), /'Filters → Created After' \(createdAfter\) must be a date, got true \[item 0\]/],
	])('%s: an error naming that field, nothing sent', async (_what, parameters, message) => {
		const { error } = await runAction({ parameters, credentials: env.credentials });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(env.sandbox.requests).toHaveLength(0);
	});
	test('Created After from $now (a Luxon DateTime) works', async () => {
		const recent = env.sandbox.addWorkOrder({ createdAt: iso(env.sandbox.now()) });
		const { items, error } = await runAction({ parameters: workOrders({ filters: { createdAfter: '={{ $now.minus({ minutes: 5 }) }}' } }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(ids(items)).toContain(recent.id);
		expect(items.every((i) => Date.parse(i.json.createdAt as string) > Date.now() - 6 * 60_000)).toBe(true);
	});
});

describe('5. another account is a fresh baseline; a rotated key is not', () => {
	test('switching the credential does not flood the workflow with the other account', async () => {
		const other = await startSandbox({ seed: 99 });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
			await poller.poll();
			poller.setCredentials({ id: 'cred-production', baseUrl: other.url });
			expect(await poller.poll()).toEqual([]);
			expect(logs.some((l) => l.level === 'info' && l.message.includes('now polls another MPservices account'))).toBe(true);
			const created = other.addWorkOrder();
			expect(ids(await poller.poll())).toEqual([created.id]);
		} finally {
			await other.stop();
		}
	});

	test('another Base URL in the same credential is another account', async () => {
		const other = await startSandbox({ seed: 98 });
		try {
			const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
			await poller.poll();
			poller.setCredentials({ baseUrl: `${other.url}/` });
			expect(await poller.poll()).toEqual([]);
			const created = other.addWorkOrder();
			expect(ids(await poller.poll())).toEqual([created.id]);
		} finally {
			await other.stop();
		}
	});

	test('a new key in the same credential loses nothing and replays nothing', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll();
		const before = env.sandbox.addWorkOrder();
		expect(ids(await poller.poll())).toEqual([before.id]);
		const duringRotation = env.sandbox.addWorkOrder();
		const rotated = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.rotated-key.YmFy';
		env.sandbox.setApiKey(rotated);
		poller.setCredentials({ apiKey: rotated });
		try {
			expect(ids(await poller.poll())).toEqual([duringRotation.id]);
			expect(await poller.poll()).toEqual([]);
		} finally {
			env.sandbox.setApiKey(API_KEY);
		}
	});
});

describe('relatives', () => {
	test('stopping the execution ends a Retry-After wait at once, and no retry is sent', async () => {
		env.sandbox.inject({ status: 429, headers: { 'retry-after': '60' }, body: { message: 'slow down' }, times: 5 });
		const started = Date.now();
		const { run } = await runAction({
			parameters: { resource: 'product', operation: 'updateStockCost', externalId: 'SKU-1000', newStock: 1, newCost: 2 },
			credentials: env.credentials,
			cancelAfterMs: 300,
		});
		// Without cancellation the node would wait 60 s before its retry: ended long before that.
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(run.status).toBe('canceled');
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(env.sandbox.stats.requests).toBe(1);
	}, 90_000);

	test('with several in flight, the error says which items MPservices already accepted and which were not sent', async () => {
		// Item 3 fails after 100 ms, the others take 20 ms: items 0–2 and 4 are done before item 3
		// fails, and however fast the machine, the other three slots cannot reach item 39 by then.
		const input = Array.from({ length: 40 }, (_, i) => ({ sku: i === 3 ? 'NOPE' : `SKU-${1000 + (i % 8)}` }));
		env.sandbox.setLatency(({ form }: { form?: IDataObject }) => (form?.external_id === 'NOPE' ? 100 : 20));
		const { error } = await runAction({
			parameters: { resource: 'product', operation: 'updateStockCost', externalId: '={{ $json.sku }}', newStock: 1, newCost: 2, options: { concurrency: 4 } },
			input,
			credentials: env.credentials,
		});
		expect(error?.message).toContain('No product with external_id NOPE');
		expect((error?.context as IDataObject).itemIndex).toBe(3);
		const sent = new Set(env.sandbox.requests.map((r: IDataObject) => (r.form as IDataObject).external_id));
		expect(sent.has('NOPE')).toBe(true);
		expect(error?.description).toMatch(/MPservices had already accepted items 0–2(, | and )4/);
		expect(error?.description).toMatch(/were not sent\.$/);
		const accepted = env.sandbox.requests.length - 1;
		expect(accepted).toBeGreaterThanOrEqual(4);
		expect(accepted).toBeLessThan(39);
	});

	test('Timeout is read per item: an expression can give each item its own', async () => {
		// Every answer takes 400 ms: 100 ms is always too short, 5 s always enough.
		env.sandbox.setLatency(400);
		const { items } = await runAction({
			parameters: {
				resource: 'product', operation: 'updateStockCost', externalId: '={{ $json.sku }}', newStock: 1, newCost: 2,
				options: { timeout: '={{ $json.timeout }}', concurrency: 1 },
			},
			input: [{ sku: 'SKU-1000', timeout: 100 }, { sku: 'SKU-1001', timeout: 5000 }, { sku: 'SKU-1002', timeout: 100 }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(items.map((i) => (i.json.error ? 'timeout' : 'ok'))).toEqual(['timeout', 'ok', 'timeout']);
		expect(items[0].json.error).toMatch(/within 100 ms/);
	});

	test('Get Many is newest first even when the API answers in another order, so Limit keeps the newest', async () => {
		const t = env.sandbox.now();
		const list = [iso(t - 3 * HOUR), iso(t - HOUR), iso(t - 2 * HOUR)].map((createdAt, i) => ({ id: `wo-${i}`, createdAt }));
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body: list });
		const { items } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', limit: 2 }, credentials: env.credentials });
		expect(ids(items)).toEqual(['wo-1', 'wo-2']);
	});
});
