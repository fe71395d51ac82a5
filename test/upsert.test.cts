/**
 * Product → Create or Update, through n8n's engine against the
 * sandbox, which answers an update of an unknown External ID with 404 and a
 * create of a known one with 409 (assumed of MPservices, see the README).
 */
import type { IDataObject } from 'n8n-workflow';

import { runAction, useSandbox } from './harness.cjs';

const env = useSandbox();

const { UPSERT_FROM_ITEM } = require('../scripts/lib/workflows');

const upsert = (extra: IDataObject = {}) => ({ ...UPSERT_FROM_ITEM, ...extra });
const row = (sku: string, extra: IDataObject = {}) => ({ sku, barCode: `750${sku.replace(/\D/g, '')}`, name: `Part ${sku}`, stock: 12, cost: '4.5', ...extra });
const calls = (): unknown[][] => env.sandbox.requests.map((r: IDataObject) => [r.method, r.path, r.body]);

describe('Product → Create or Update', () => {
	test('a product MPservices has: one PATCH with the update fields only, outcome "updated"', async () => {
		const { items, error } = await runAction({ parameters: upsert({ additionalFields: { category: 'Filters' } }), input: [row('SKU-1000')], credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([['PATCH', '/UpdateProductStockCost', 'external_id=SKU-1000&new_stock=12&new_cost=4.5']]);
		expect(items[0].json).toMatchObject({ outcome: 'updated', message: 'Stock and cost updated' });
	});

	test('a product MPservices has not: PATCH answered 404, then POST with the create fields, outcome "created"', async () => {
		const { items, error } = await runAction({ parameters: upsert({ additionalFields: { category: 'Filters', minStock: 2, maxStock: '' } }), input: [row('SKU-NEW-1')], credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(calls()).toEqual([
			['PATCH', '/UpdateProductStockCost', 'external_id=SKU-NEW-1&new_stock=12&new_cost=4.5'],
			['POST', '/CreateProduct', 'bar_code=7501&product_name=Part+SKU-NEW-1&product_unit=Pieces&external_id=SKU-NEW-1&product_stock=12&weighted_average=4.5&category=Filters&min_stock=2'],
		]);
		expect(items[0].json).toMatchObject({ outcome: 'created', message: 'Product created', product: { external_id: 'SKU-NEW-1' } });
		expect(env.sandbox.state.products.get('SKU-NEW-1')).toMatchObject({ product_stock: '12', weighted_average: '4.5' });
	});

	test('made meanwhile by another run (the create answers 409): updated once more', async () => {
		env.sandbox.inject({ method: 'PATCH', path: '/UpdateProductStockCost', status: 404, body: { message: 'No product with external_id SKU-1001' } });
		const { items, error } = await runAction({ parameters: upsert(), input: [row('SKU-1001')], credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(calls().map(([method]) => method)).toEqual(['PATCH', 'POST', 'PATCH']);
		expect(items[0].json.outcome).toBe('updated');
	});

	test('all six required fields are checked before anything is sent, also for a product that exists', async () => {
		for (const [field, value, message] of [
			['barCode', '', /'Bar Code' \(barCode\) is required but empty \[item 0\]/],
			['name', '  ', /'Product Name' \(productName\) is required but empty \[item 0\]/],
			['stock', 'twelve', /'New Stock' \(newStock\) must be a number, got "twelve" \[item 0\]/],
			['cost', '', /'New Cost' \(newCost\) is required but empty \[item 0\]/],
			['sku', '', /'External ID' \(externalId\) is required but empty \[item 0\]/],
		] as const) {
			const { error } = await runAction({ parameters: upsert(), input: [row('SKU-1000', { [field]: value })], credentials: env.credentials });
			expect(error?.message).toMatch(message);
		}
		const { error } = await runAction({ parameters: upsert({ productUnit: '={{ "" }}' }), input: [row('SKU-1000')], credentials: env.credentials });
		expect(error?.message).toMatch(/'Product Unit' \(productUnit\) is required but empty/);
		const whole = await runAction({ parameters: upsert({ additionalFields: { minStock: 1.5 } }), input: [row('SKU-1000')], credentials: env.credentials });
		expect(whole.error?.message).toMatch(/'Min Stock' \(minStock\) must be a whole number, got 1.5/);
		expect(env.sandbox.requests).toEqual([]);
	});

	test('only a 404 leads to a create: any other failure is the item\'s error', async () => {
		env.sandbox.inject({ method: 'PATCH', status: 400, body: { message: 'new_cost must be positive' } });
		const { error } = await runAction({ parameters: upsert(), input: [row('SKU-1000')], credentials: env.credentials });
		expect(error?.message).toBe('MPservices refused PATCH /UpdateProductStockCost (400): new_cost must be positive [item 0]');
		expect(calls().map(([method]) => method)).toEqual(['PATCH']);
	});

	test('a bulk sync: order, pairing, Continue On Fail, concurrency', async () => {
		const input = [row('SKU-1000'), row('SKU-NEW-2'), row('SKU-1001', { stock: 'x' }), row('SKU-NEW-3'), row('SKU-1002')];
		env.sandbox.setLatency(5);
		const { items, error } = await runAction({ parameters: upsert({ options: { concurrency: 3 } }), input, credentials: env.credentials, continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((i) => [i.pairedItem, i.json.outcome ?? 'error'])).toEqual([
			[{ item: 0 }, 'updated'],
			[{ item: 1 }, 'created'],
			[{ item: 2 }, 'error'],
			[{ item: 3 }, 'created'],
			[{ item: 4 }, 'updated'],
		]);
		expect(items[2].json.error).toMatch(/'New Stock' \(newStock\) must be a number, got "x" \[item 2\]/);
		expect(env.sandbox.stats.peakInFlight).toBeLessThanOrEqual(3);
		expect(env.sandbox.requests.filter((r: IDataObject) => (r.form as IDataObject).external_id === 'SKU-1001')).toEqual([]);
	});

	test('a 404 on the assumed create path says which path was tried', async () => {
		const { error } = await runAction({ parameters: upsert({ options: { endpointPath: '/CreateProductV2' } }), input: [row('SKU-NEW-4')], credentials: env.credentials });
		expect(error?.message).toBe('MPservices has no endpoint at POST /CreateProductV2 (404): Cannot POST /CreateProductV2 [item 0]');
	});
});
