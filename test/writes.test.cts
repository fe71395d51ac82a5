/**
 * A write is sent again only when the answer proves that MPservices did
 * nothing with it. The sandbox's `done` fault lets the API carry out the
 * write and then answers in its place, as a gateway does when the API was
 * slow (504) or its answer was lost on the way back (502, a dropped
 * connection). Before this rule, such an answer made the node send the
 * write up to 3 more times: 4 POST /CreateProduct for one item, and then a
 * 409 "already exists" for the product the first one had created.
 */
import type { IDataObject } from 'n8n-workflow';

import { createSandbox } from '../sandbox/server';
import { createProduct, logs, runAction, updateStockCost, useSandbox } from './harness.cjs';

const env = useSandbox();

const create = createProduct;
const update = updateStockCost;
const upsert = (p: IDataObject = {}) => ({ ...create(), operation: 'upsert', newStock: 5, newCost: 2.5, ...p });
const sent = (method: string) => env.sandbox.requests.filter((r: IDataObject) => r.method === method);
const products = (externalId: string) => [...env.sandbox.state.products.values()].filter((p: IDataObject) => p.external_id === externalId);
const stockMovements = (externalId: string) => env.sandbox.state.movements.filter((m: IDataObject) => m.reference === `Stock update ${externalId}`);

describe('a write whose outcome is unknown is not sent again', () => {
	test.each([
		['a 502 from a gateway', { status: 502, body: '<html>Bad Gateway</html>' }],
		['a 504 from a gateway', { status: 504, body: '<html>Gateway Time-out</html>' }],
		['a 500', { status: 500, body: { message: 'Internal error' } }],
		['a 503 without Retry-After', { status: 503, body: 'Service Unavailable' }],
	])('Create after %s: one POST, the product made once, and the error says it may have been created', async (_, fault) => {
		env.sandbox.inject({ path: '/CreateProduct', done: true, ...fault });
		const { error } = await runAction({ parameters: create(), credentials: env.credentials });
		expect(sent('POST')).toHaveLength(1);
		expect(products('SKU-9001')).toHaveLength(1);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.httpCode).toBe(String(fault.status));
		expect(error?.message).toMatch(new RegExp(`^MPservices did not confirm POST /CreateProduct for External ID SKU-9001 \\(${fault.status}\\)`));
		expect(error?.description).toContain('The product may have been created. Look for its External ID in MPservices before you run this item again');
		expect(error?.description).toContain('it was not sent again');
	});

	test('Create after a connection dropped once the request was in: one POST, and the error says so', async () => {
		env.sandbox.inject({ path: '/CreateProduct', done: true, reset: true });
		const { error } = await runAction({ parameters: create(), credentials: env.credentials });
		expect(sent('POST')).toHaveLength(1);
		expect(products('SKU-9001')).toHaveLength(1);
		expect(error?.message).toBe('The connection to MPservices broke during POST /CreateProduct for External ID SKU-9001, after the request was sent [item 0]');
		expect(error?.description).toContain('The product may have been created');
	});

	test('Update Stock and Cost after a 502: one PATCH, one inventory movement recorded', async () => {
		env.sandbox.inject({ path: '/UpdateProductStockCost', done: true, status: 502, body: 'Bad Gateway' });
		const { error } = await runAction({ parameters: update(), credentials: env.credentials });
		expect(sent('PATCH')).toHaveLength(1);
		expect(stockMovements('SKU-1000')).toHaveLength(1);
		expect(error?.message).toMatch(/^MPservices did not confirm PATCH \/UpdateProductStockCost for External ID SKU-1000 \(502\)/);
		expect(error?.description).toContain("The stock and cost may have been set. Check the product's stock and its inventory movements");
	});

	test("Create or Update: a 504 on its create step is not sent again; run again, it updates what the create made", async () => {
		env.sandbox.inject({ path: '/CreateProduct', done: true, status: 504 });
		const first = await runAction({ parameters: upsert(), credentials: env.credentials });
		expect(sent('POST')).toHaveLength(1);
		expect(first.error?.message).toMatch(/did not confirm POST \/CreateProduct for External ID SKU-9001 \(504\)/);
		expect(first.error?.description).toContain('Create or Update can be run again: it then updates the product');
		const again = await runAction({ parameters: upsert(), credentials: env.credentials });
		expect(again.items[0].json.outcome).toBe('updated');
		expect(products('SKU-9001')).toHaveLength(1);
	});

	test('with Continue On Fail the item carries that error, paired, and the other items go on', async () => {
		env.sandbox.inject({ path: '/UpdateProductStockCost', done: true, status: 502 });
		const { items, error } = await runAction({
			parameters: update({ externalId: '={{ $json.sku }}', options: { concurrency: 1 } }),
			input: [{ sku: 'SKU-1000' }, { sku: 'SKU-1001' }],
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.error).toMatch(/did not confirm PATCH \/UpdateProductStockCost for External ID SKU-1000 \(502\)/);
		expect(items[1].json.message).toBe('Stock and cost updated');
		expect(sent('PATCH')).toHaveLength(2);
	});
});

describe('a write is sent again when the answer proves nothing was done', () => {
	test('429: the rate limit refused it; sent again after Retry-After', async () => {
		env.sandbox.inject({ path: '/CreateProduct', status: 429, headers: { 'retry-after': '0' } });
		const { error, items } = await runAction({ parameters: create(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items[0].json.message).toBe('Product created');
		expect(sent('POST')).toHaveLength(2);
	});

	test('503 with Retry-After: the server says it took nothing; sent again', async () => {
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 503, headers: { 'retry-after': '0' } });
		const { error } = await runAction({ parameters: update(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(sent('PATCH')).toHaveLength(2);
		expect(stockMovements('SKU-1000')).toHaveLength(1);
		expect(logs.some((l) => l.level === 'debug' && l.message.includes('got 503'))).toBe(true);
	});

	test('a refused connection (nothing sent): sent again once MPservices listens', async () => {
		// A port nothing listens on yet; the API starts on it while the node waits to retry.
		const late = createSandbox({ apiKey: env.sandbox.apiKey });
		const probe = createSandbox({});
		const port = Number(new URL(await probe.start()).port);
		await probe.stop();
		const starting = new Promise((resolve) => setTimeout(() => resolve(late.start(port)), 500));
		try {
			const { error, items } = await runAction({ parameters: create(), credentials: { baseUrl: `http://127.0.0.1:${port}` } });
			await starting;
			expect(error).toBeUndefined();
			expect(items[0].json.message).toBe('Product created');
			expect((late.requests as IDataObject[]).filter((r) => r.method === 'POST')).toHaveLength(1);
		} finally {
			await starting;
			await late.stop();
		}
	});

	test('reads keep their retries: Get Many after a 502 and a dropped connection', async () => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 502, headers: { 'retry-after': '0' } });
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', reset: true });
		const { error, items } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', limit: 1 }, credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		expect(sent('GET')).toHaveLength(3);
	}, 20_000);
});

describe("n8n's Retry On Fail would run the whole node again", () => {
	test('a write with Retry On Fail on is refused before anything is sent, and says why', async () => {
		const { error } = await runAction({ parameters: update(), credentials: env.credentials, settings: { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } });
		expect(error?.message).toMatch(/^'Retry On Fail' is on: n8n would send again writes MPservices may already have done/);
		expect(error?.description).toContain("Turn off 'Retry On Fail'");
		expect(env.sandbox.requests).toHaveLength(0);
	});

	test('a read with Retry On Fail on runs as usual', async () => {
		const { error, items } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll', limit: 1 }, credentials: env.credentials, settings: { retryOnFail: true } });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
	});
});

describe('errors that say what happened', () => {
	test('a write MPservices accepted but answered with something that is not JSON: the message says it was done', async () => {
		env.sandbox.inject({ path: '/CreateProduct', done: true, status: 201, body: '<html>Created</html>' });
		const { error } = await runAction({ parameters: create(), credentials: env.credentials });
		expect(error?.description).toContain('MPservices accepted the request (201): the write was done, so do not run this item again');
		expect(products('SKU-9001')).toHaveLength(1);
	});

	test('a 429 in Get Many does not point at Concurrency, an option only the product operations have', async () => {
		env.sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 10 });
		const { error } = await runAction({ parameters: { resource: 'workOrder', operation: 'getAll' }, credentials: env.credentials });
		expect(error?.message).toMatch(/rate limit reached \(429\) \(after 3 retries\)/);
		expect(error?.description).not.toMatch(/Concurrency|Requests per Second/);
		expect(error?.description).toContain('Run the workflow less often');
	});

	test('a 429 in a product operation does point at Concurrency and Requests per Second', async () => {
		env.sandbox.inject({ status: 429, headers: { 'retry-after': '0' }, times: 10 });
		const { error } = await runAction({ parameters: update(), credentials: env.credentials });
		expect(error?.description).toContain("Lower 'Concurrency' or set 'Requests per Second'");
	});

	test('Create or Update: a 404 on the last PATCH after a 409 does not blame the External ID', async () => {
		// PATCH: no such product; POST: it exists (made meanwhile); PATCH again: gone again.
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 404, body: { message: 'No product' }, times: 2 });
		env.sandbox.inject({ path: '/CreateProduct', status: 409, body: { message: 'exists' } });
		const { error } = await runAction({ parameters: upsert(), credentials: env.credentials });
		expect(error?.httpCode).toBe('404');
		expect(error?.description).toContain('first found no product with this External ID SKU-9001 (404), then refused to create it because it exists (409)');
		expect(error?.description).not.toMatch(/Check the values sent/);
	});
});
