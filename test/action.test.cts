import type { IDataObject } from 'n8n-workflow';

import { API_KEY, createProduct, logs, runAction, updateStockCost, useSandbox } from './harness.cjs';

const env = useSandbox();

const DAY = 24 * 3600_000;
// Whole work orders, as MPservices returns them (Simplify off), so the tests compare records.
const workOrders = (p: IDataObject = {}) => ({ resource: 'workOrder', operation: 'getAll', simplify: false, ...p });
const movements = (p: IDataObject = {}) => ({ resource: 'inventoryMovement', operation: 'getAll', ...p });
/** What the sandbox's list endpoint returns now: the last two days, newest first. */
function recent(list: IDataObject[]): IDataObject[] {
	const since = env.sandbox.now() - 2 * DAY;
	return list
		.filter((r) => Date.parse(r.createdAt as string) >= since)
		.sort((a, b) => Date.parse(b.createdAt as string) - Date.parse(a.createdAt as string));
}

describe('Work Order → Get Many', () => {
	test('sends GET with the token header and outputs the last two days, newest first', async () => {
		const { items, error } = await runAction({ parameters: workOrders({ returnAll: true }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(env.sandbox.requests).toHaveLength(1);
		const [request] = env.sandbox.requests;
		expect(request.method).toBe('GET');
		expect(request.path).toBe('/FetchTenantsWorkOrders');
		expect(request.headers.token).toBe(API_KEY);
		expect(request.headers.authorization).toBeUndefined();
		const expected = recent(env.sandbox.state.workOrders);
		expect(expected.length).toBeGreaterThan(3);
		expect(expected.length).toBeLessThan(env.sandbox.state.workOrders.length);
		expect(items.map((i) => i.json)).toEqual(expected);
		expect(items.every((i) => (i.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Limit caps the output, and the default limit is 50', async () => {
		const limited = await runAction({ parameters: workOrders({ limit: 3 }), credentials: env.credentials });
		expect(limited.items.map((i) => i.json.id)).toEqual(recent(env.sandbox.state.workOrders).slice(0, 3).map((r) => r.id));
		for (let n = 0; n < 60; n++) env.sandbox.addWorkOrder();
		const byDefault = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(byDefault.items).toHaveLength(50);
		const all = await runAction({ parameters: workOrders({ returnAll: true }), credentials: env.credentials });
		expect(all.items.length).toBe(recent(env.sandbox.state.workOrders).length);
	});

	test('filters: status, client name (contains, any case), asset code (exact), created after', async () => {
		env.sandbox.state.workOrders.length = 0;
		const t = env.sandbox.now();
		const a = env.sandbox.addWorkOrder({ open: true, closed: false, client: { name: 'Hotel Las Palmas' }, asset: { name: 'Chiller', code: 'CH-101' }, createdAt: new Date(t - 10 * 3600_000).toISOString() });
		const b = env.sandbox.addWorkOrder({ open: false, closed: true, client: { name: 'Acme Logistics' }, asset: { name: 'Split', code: 'MS-230' }, createdAt: new Date(t - 5 * 3600_000).toISOString() });
		const c = env.sandbox.addWorkOrder({ open: true, closed: false, client: { name: 'PALMAS Resort' }, asset: { name: 'Split', code: 'MS-2300' }, createdAt: new Date(t - 1 * 3600_000).toISOString() });
		const ids = async (filters: IDataObject) =>
			(await runAction({ parameters: workOrders({ returnAll: true, filters }), credentials: env.credentials })).items.map((i) => i.json.id);

		expect(await ids({ status: 'any' })).toEqual([c.id, b.id, a.id]);
		expect(await ids({ status: 'open' })).toEqual([c.id, a.id]);
		expect(await ids({ status: 'closed' })).toEqual([b.id]);
		expect(await ids({ clientName: 'palmas' })).toEqual([c.id, a.id]);
		expect(await ids({ assetCode: 'MS-230' })).toEqual([b.id]);
		expect(await ids({ createdAfter: new Date(t - 6 * 3600_000).toISOString() })).toEqual([c.id, b.id]);
		expect(await ids({ status: 'open', clientName: 'hotel' })).toEqual([a.id]);
	});

	test('an Endpoint Path option replaces the assumed path', async () => {
		env.sandbox.inject({ path: '/api/WorkOrders', status: 200, body: [{ id: 'wo-x', createdAt: new Date().toISOString() }] });
		const { items, error } = await runAction({
			parameters: workOrders({ options: { endpointPath: 'api/WorkOrders' } }),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(env.sandbox.requests[0].path).toBe('/api/WorkOrders');
		expect(items.map((i) => i.json.id)).toEqual(['wo-x']);
	});

	test('a 404 on the assumed path says which path was tried and how to change it', async () => {
		const { error } = await runAction({ parameters: workOrders({ options: { endpointPath: '/Nope' } }), credentials: env.credentials });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('GET /Nope');
		expect(error?.description).toContain('Endpoint Path');
		expect(error?.description).toContain(env.sandbox.url);
	});

	test('one Get Many per input item, each output paired to its input', async () => {
		const { items } = await runAction({ parameters: workOrders({ limit: 2 }), credentials: env.credentials, input: [{}, {}, {}] });
		expect(env.sandbox.requests).toHaveLength(3);
		expect(items.map((i) => (i.pairedItem as { item: number }).item)).toEqual([0, 0, 1, 1, 2, 2]);
	});
});

describe('list responses of every shape', () => {
	const record = { id: 'wo-1', title: 'x', createdAt: '2026-11-27T10:00:00.000Z' };
	test.each([
		['an array', [record]],
		['a single object', record],
		['an object wrapping the array in data', { data: [record] }],
		['an object wrapping the array in items', { items: [record], total: 1 }],
	])('accepts %s', async (_shape, body) => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body });
		const { items, error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.json)).toEqual([record]);
	});

	test('an empty array is no items, not an error', async () => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body: [] });
		const { items, error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toEqual([]);
	});

	test.each([
		['an HTML page', '<html><body><h1>Maintenance</h1></body></html>', /not JSON.*status 200/, /Maintenance/],
		['an empty body', '', /body was empty where a list of work orders was expected/, undefined],
		['an object of another shape', { status: 'ok', count: 3 }, /expected a list of work orders, got an object with the keys status, count/, undefined],
		['a bare string', '"hello"', /expected a list of work orders, got the string/, undefined],
	])('says clearly when it gets %s', async (_what, body, message, description) => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(message);
		if (description) expect(error?.description).toMatch(description);
	});
});

describe('Inventory Movement → Get Many', () => {
	test('outputs the movements of the last two days, newest first, from the documented path', async () => {
		const { items } = await runAction({ parameters: movements({ returnAll: true }), credentials: env.credentials });
		expect(env.sandbox.requests[0].path).toBe('/FetchTenantsInventoryMovements');
		expect(items.map((i) => i.json)).toEqual(recent(env.sandbox.state.movements));
	});

	test('filters: type (any case), reference (exact), created after', async () => {
		env.sandbox.state.movements.length = 0;
		const t = env.sandbox.now();
		const a = env.sandbox.addMovement({ type: 'Inbound', reference: 'PO-1', createdAt: new Date(t - 3 * 3600_000).toISOString() });
		const b = env.sandbox.addMovement({ type: 'OUTBOUND', reference: 'Folio-198', createdAt: new Date(t - 2 * 3600_000).toISOString() });
		const c = env.sandbox.addMovement({ type: 'outbound', reference: 'Folio-1988', createdAt: new Date(t - 1 * 3600_000).toISOString() });
		const ids = async (filters: IDataObject) =>
			(await runAction({ parameters: movements({ returnAll: true, filters }), credentials: env.credentials })).items.map((i) => i.json.id);
		expect(await ids({ type: 'inbound' })).toEqual([a.id]);
		expect(await ids({ type: 'outbound' })).toEqual([c.id, b.id]);
		expect(await ids({ reference: 'Folio-198' })).toEqual([b.id]);
		expect(await ids({ createdAfter: new Date(t - 2.5 * 3600_000).toISOString() })).toEqual([c.id, b.id]);
	});

	test('Split Lines: one item per line with the movement id, reference, type and createdAt', async () => {
		env.sandbox.state.movements.length = 0;
		const movement = env.sandbox.addMovement({
			reference: 'Folio-198',
			type: 'Outbound',
			movements: [
				{ cost: '25', quantity: 2, item: 'Filter', unit: 'Pieces', item_id: '0000000000002', item_external_id: '1231232' },
				{ cost: '6.5', quantity: 1, item: 'Oil', unit: 'Liters', item_id: '0000000000003', item_external_id: '77' },
			],
		});
		const { items } = await runAction({ parameters: movements({ options: { splitLines: true } }), credentials: env.credentials });
		expect(items.map((i) => i.json)).toEqual([
			{ cost: '25', quantity: 2, item: 'Filter', unit: 'Pieces', item_id: '0000000000002', item_external_id: '1231232', movementId: movement.id, reference: 'Folio-198', type: 'Outbound', createdAt: movement.createdAt },
			{ cost: '6.5', quantity: 1, item: 'Oil', unit: 'Liters', item_id: '0000000000003', item_external_id: '77', movementId: movement.id, reference: 'Folio-198', type: 'Outbound', createdAt: movement.createdAt },
		]);
		const limited = await runAction({ parameters: movements({ limit: 1, options: { splitLines: true } }), credentials: env.credentials });
		expect(limited.items).toHaveLength(1);
	});
});

describe('Product → Create', () => {
	test('sends every field form-encoded, mapped to the API names, numbers as text', async () => {
		const { items, error } = await runAction({
			parameters: createProduct({
				additionalFields: {
					productStock: 12.5,
					productLocation: 'Warehouse B',
					weightedAverage: 3.25,
					category: 'Filters',
					minStock: 2,
					maxStock: 40,
				},
			}),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		const [request] = env.sandbox.requests;
		expect(request.method).toBe('POST');
		expect(request.path).toBe('/CreateProduct');
		expect(request.headers.token).toBe(API_KEY);
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.form).toEqual({
			bar_code: '7501000099999',
			product_name: 'Air Filter 16x20',
			product_unit: 'Pieces',
			external_id: 'SKU-9001',
			product_stock: '12.5',
			product_location: 'Warehouse B',
			weighted_average: '3.25',
			category: 'Filters',
			min_stock: '2',
			max_stock: '40',
		});
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ message: 'Product created', product: { external_id: 'SKU-9001' } });
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('leaves out optional fields that are not set, and takes values from expressions', async () => {
		const { items } = await runAction({
			parameters: createProduct({
				barCode: '={{ $json.code }}',
				externalId: '={{ $json.sku }}',
				additionalFields: { productStock: '={{ $json.stock }}' },
			}),
			input: [{ code: 111, sku: 'A-1', stock: '7.5' }, { code: '222', sku: 'A-2', stock: 3 }],
			credentials: env.credentials,
		});
		expect(env.sandbox.requests.map((r: IDataObject) => r.form)).toEqual([
			{ bar_code: '111', product_name: 'Air Filter 16x20', product_unit: 'Pieces', external_id: 'A-1', product_stock: '7.5' },
			{ bar_code: '222', product_name: 'Air Filter 16x20', product_unit: 'Pieces', external_id: 'A-2', product_stock: '3' },
		]);
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('an empty answer becomes a success item; a 409 shows the API message', async () => {
		env.sandbox.inject({ path: '/CreateProduct', status: 201, body: '' });
		const first = await runAction({ parameters: createProduct(), credentials: env.credentials });
		expect(first.items.map((i) => i.json)).toEqual([{ success: true }]);
		env.sandbox.state.products.set('SKU-9001', { external_id: 'SKU-9001' });
		const again = await runAction({ parameters: createProduct(), credentials: env.credentials });
		expect(again.error?.name).toBe('NodeApiError');
		expect(again.error?.httpCode).toBe('409');
		expect(again.error?.message).toContain('A product with external_id SKU-9001 already exists');
	});
});

describe('Product → Update Stock and Cost', () => {
	test('sends PATCH with external_id, new_stock and new_cost as text; MPservices records a movement', async () => {
		const before = env.sandbox.state.movements.length;
		const { items, error } = await runAction({
			parameters: updateStockCost({ newStock: '={{ $json.stock }}', newCost: '={{ $json.cost }}' }),
			input: [{ stock: '12.5', cost: 0.1 }],
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		const [request] = env.sandbox.requests;
		expect(request.method).toBe('PATCH');
		expect(request.path).toBe('/UpdateProductStockCost');
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		expect(request.body).toBe('external_id=SKU-1000&new_stock=12.5&new_cost=0.1');
		expect(items[0].json).toMatchObject({ message: 'Stock and cost updated', product: { product_stock: '12.5' } });
		expect(env.sandbox.state.movements.length).toBe(before + 1);
	});

	test('a 404 for an unknown product names the problem, not the path', async () => {
		const { error } = await runAction({ parameters: updateStockCost({ externalId: 'NOPE' }), credentials: env.credentials });
		expect(error?.httpCode).toBe('404');
		expect(error?.message).toContain('No product with external_id NOPE');
		expect(error?.description).not.toContain('Endpoint Path');
	});

	test('very large and very small numbers are sent without exponent notation', async () => {
		await runAction({ parameters: updateStockCost({ newStock: 1e21, newCost: 0.0000001 }), credentials: env.credentials });
		expect(env.sandbox.requests[0].form).toEqual({ external_id: 'SKU-1000', new_stock: '1000000000000000000000', new_cost: '0.0000001' });
	});
});

describe('bad input: a clear error naming item and field, and nothing sent for that item', () => {
	test.each([
		['blank required text', createProduct({ productName: '  ' }), /'Product Name' \(productName\) is required but empty \[item 0\]/],
		['external id empty from an expression', updateStockCost({ externalId: '={{ $json.nothing }}' }), /'External ID' \(externalId\) is required but empty \[item 0\]/],
		['non-numeric stock', updateStockCost({ newStock: 'twelve' }), /'New Stock' \(newStock\) must be a number, got "twelve" \[item 0\]/],
		['non-finite cost', updateStockCost({ newCost: '={{ 1/0 }}' }), /'New Cost' \(newCost\) must be a number/],
		['NaN stock', updateStockCost({ newStock: '={{ Number("x") }}' }), /'New Stock' \(newStock\) must be a number/],
		['fractional min stock', createProduct({ additionalFields: { minStock: 2.5 } }), /'Min Stock' \(minStock\) must be a whole number, got 2.5 \[item 0\]/],
		['fractional max stock', createProduct({ additionalFields: { maxStock: '7.2' } }), /'Max Stock' \(maxStock\) must be a whole number/],
		['min stock above max stock', createProduct({ additionalFields: { minStock: 10, maxStock: 5 } }), /'Min Stock' \(minStock\) \(10\) must not be greater than Max Stock \(5\) \[item 0\]/],
		['non-numeric weighted average', createProduct({ additionalFields: { weightedAverage: '12,5' } }), /'Weighted Average' \(weightedAverage\) must be a number/],
		['bad Created After', workOrders({ filters: { createdAfter: 'yesterday-ish' } }), /'Filters → Created After' \(createdAfter\) must be a date, got "yesterday-ish" \[item 0\]/],
	])('%s', async (_what, parameters, message) => {
		const { error } = await runAction({ parameters, credentials: env.credentials });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect((error?.context as IDataObject)?.itemIndex).toBe(0);
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('numeric strings from expressions are accepted', async () => {
		const { error } = await runAction({
			parameters: updateStockCost({ newStock: '={{ $json.s }}', newCost: '={{ $json.c }}' }),
			input: [{ s: ' 12.5 ', c: '-3' }],
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		expect(env.sandbox.requests[0].form).toMatchObject({ new_stock: '12.5', new_cost: '-3' });
	});

	test('the error names the failing item; without Continue On Fail the items after it are not sent', async () => {
		const { error, items } = await runAction({
			parameters: updateStockCost({ newStock: '={{ $json.s }}', options: { concurrency: 1 } }),
			input: [{ s: 1 }, { s: 'oops' }, { s: 3 }],
			credentials: env.credentials,
		});
		expect(error?.message).toMatch(/'New Stock' \(newStock\) must be a number, got "oops" \[item 1\]/);
		expect((error?.context as IDataObject)?.itemIndex).toBe(1);
		expect(items).toEqual([]);
		expect(env.sandbox.requests.map((r: IDataObject) => (r.form as IDataObject).new_stock)).toEqual(['1']);
	});

	test('with Continue On Fail a bad item becomes an error item paired to it and the rest go on', async () => {
		const { error, items } = await runAction({
			parameters: updateStockCost({ newStock: '={{ $json.s }}' }),
			input: [{ s: 1 }, { s: 'oops' }, { s: 3 }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/'New Stock' \(newStock\) must be a number, got "oops" \[item 1\]/);
		expect(items[0].json.message).toBe('Stock and cost updated');
		expect(items[2].json.message).toBe('Stock and cost updated');
		expect(env.sandbox.requests.map((r: IDataObject) => (r.form as IDataObject).new_stock).sort()).toEqual(['1', '3']);
	});
});

describe('API failures become NodeApiErrors with the status and the API message', () => {
	test('401: check the API key', async () => {
		const { error } = await runAction({ parameters: workOrders(), credentials: { ...env.credentials, apiKey: 'MPSER110_wrong' } as never });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('401');
		expect(error?.message).toContain('Invalid or missing token');
		expect(error?.description).toMatch(/check the 'API Key' in the MPservices credential/i);
	});

	test('403 is an API key problem too', async () => {
		env.sandbox.inject({ status: 403, body: { message: 'Key revoked' } });
		const { error } = await runAction({ parameters: movements(), credentials: env.credentials });
		expect(error?.httpCode).toBe('403');
		expect(error?.message).toContain('Key revoked');
		expect(error?.description).toMatch(/'API Key'/);
	});

	test.each([400, 422])('%s shows the API message and is not retried', async (status) => {
		env.sandbox.inject({ status, body: { message: `bad thing ${status}` }, times: 5 });
		const { error } = await runAction({ parameters: updateStockCost(), credentials: env.credentials });
		expect(error?.httpCode).toBe(String(status));
		expect(error?.message).toContain(`bad thing ${status}`);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('500 is not retried and says MPservices could not answer', async () => {
		env.sandbox.inject({ status: 500, body: '<html><body>Internal Server Error</body></html>', times: 5 });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.httpCode).toBe('500');
		expect(error?.message).toMatch(/could not answer GET \/FetchTenantsWorkOrders \(500\): Internal Server Error/);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test.each([429, 502, 503, 504])('a read: %s is retried, honouring Retry-After, and then succeeds', async (status) => {
		env.sandbox.inject({ status, body: { message: 'slow down' }, headers: { 'retry-after': '0' }, times: 2 });
		const { error, items } = await runAction({ parameters: workOrders({ limit: 1 }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(env.sandbox.requests).toHaveLength(3);
		expect(logs.some((l) => l.level === 'debug' && l.message.includes(`got ${status}`))).toBe(true);
	});

	test('retries are bounded: a lasting 429 ends as a NodeApiError with the status', async () => {
		env.sandbox.inject({ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '0' }, times: 10 });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe('429');
		expect(error?.message).toMatch(/rate limit reached \(429\) \(after 3 retries\): Too many requests/);
		expect(env.sandbox.requests).toHaveLength(4);
	});

	test('Retry-After is waited for (seconds)', async () => {
		env.sandbox.inject({ status: 503, headers: { 'retry-after': '1' } });
		const started = Date.now();
		await runAction({ parameters: workOrders(), credentials: env.credentials });
		const [first, second] = env.sandbox.requests;
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
		expect(Date.now() - started).toBeGreaterThanOrEqual(950);
	});

	test('without Retry-After the first retry backs off by a second', async () => {
		env.sandbox.inject({ status: 502, body: 'Bad gateway' });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error).toBeUndefined();
		const [first, second] = env.sandbox.requests;
		expect(second.at - first.at).toBeGreaterThanOrEqual(950);
	});

	test('a connection reset is retried', async () => {
		env.sandbox.inject({ reset: true });
		const { error, items } = await runAction({ parameters: workOrders({ limit: 1 }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(env.sandbox.requests).toHaveLength(2);
	});

	test('a lasting connection reset ends as a NodeApiError', async () => {
		env.sandbox.inject({ reset: true, times: 10 });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/connection to MPservices broke during GET \/FetchTenantsWorkOrders \(after 3 retries\)/);
		expect(error?.description).toMatch(/Network code (ECONNRESET|EPIPE)/);
		expect(env.sandbox.requests).toHaveLength(4);
	}, 20_000);

	test('a time-out is an error that says so, and is not retried', async () => {
		env.sandbox.inject({ delayMs: 1500 });
		const { error } = await runAction({ parameters: workOrders({ options: { timeout: 300 } }), credentials: env.credentials });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/did not answer GET \/FetchTenantsWorkOrders within 300 ms/);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('an unreachable server is a connection error naming the base URL, after 3 retries (1 s, 2 s, 4 s)', async () => {
		const started = Date.now();
		const { error } = await runAction({ parameters: workOrders(), credentials: { baseUrl: 'http://127.0.0.1:9' } });
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('Could not connect to MPservices at http://127.0.0.1:9: the connection was refused (after 3 retries) [item 0]');
		expect(error?.description).toContain('ECONNREFUSED');
		expect(Date.now() - started).toBeGreaterThanOrEqual(6_900);
	}, 20_000);

	test('with Continue On Fail an API error becomes an error item and the others go on', async () => {
		const { items, error } = await runAction({
			parameters: updateStockCost({ externalId: '={{ $json.sku }}' }),
			input: [{ sku: 'SKU-1000' }, { sku: 'NOPE' }, { sku: 'SKU-1001' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[1].json.error).toMatch(/No product with external_id NOPE/);
	});
});

test('the API key never appears in an output item, an error or a log line', async () => {
	const key = API_KEY;
	const echoKey = { message: `token ${key} is not valid for ${key}` };
	const runs: unknown[] = [];
	const provoke = async (fault: IDataObject | undefined, parameters: IDataObject, extra: IDataObject = {}) => {
		env.sandbox.faults.length = 0;
		if (fault) env.sandbox.inject(fault);
		const result = await runAction({ parameters, credentials: env.credentials, ...extra });
		runs.push(result.items, result.error && { ...result.error, message: result.error.message, description: result.error.description, stack: result.error.stack }, result.run.data.resultData);
	};
	logs.length = 0;
	await provoke({ status: 401, body: echoKey }, workOrders());
	await provoke({ status: 404, body: echoKey }, workOrders());
	await provoke({ status: 400, body: echoKey, times: 1 }, updateStockCost());
	await provoke({ status: 500, body: `<p>${key}</p>` }, updateStockCost());
	await provoke({ status: 429, body: echoKey, headers: { 'retry-after': '0' }, times: 9 }, updateStockCost());
	await provoke({ status: 200, body: `not json ${key}` }, workOrders());
	await provoke({ status: 200, body: { weird: key } }, workOrders());
	await provoke({ delayMs: 500 }, workOrders({ options: { timeout: 100 } }));
	await provoke(undefined, updateStockCost({ newStock: 'x' }));
	await provoke({ status: 409, body: echoKey }, createProduct(), { continueOnFail: true });
	await provoke(undefined, workOrders(), { credentials: { baseUrl: 'http://127.0.0.1:9' } });
	const text = JSON.stringify({ runs, logs });
	expect(text).toContain('[redacted]');
	expect(text).not.toContain(key);
	expect(text).not.toContain('test-secret-key');
});
