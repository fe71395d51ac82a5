import type { IDataObject } from 'n8n-workflow';

import { runAction, useSandbox } from './harness.cjs';

const N = 40;
const skus = Array.from({ length: N }, (_, i) => `SKU-C${i}`);

const env = useSandbox();
beforeEach(() => {
	env.sandbox.reset({ seedData: false });
	for (const sku of skus) env.sandbox.state.products.set(sku, { id: sku, external_id: sku, product_name: sku, product_stock: '0' });
});

const update = (options: IDataObject = {}) => ({
	resource: 'product',
	operation: 'updateStockCost',
	externalId: '={{ $json.sku }}',
	newStock: '={{ $json.stock }}',
	newCost: 1.5,
	options,
});
const input = (list = skus) => list.map((sku, i) => ({ sku, stock: i }));
/**
 * Later items answer sooner: completions come back out of order. At least
 * 60 ms each, far longer than the node takes to send the next request, so
 * that requests overlap even on a busy machine.
 */
const scrambled = (request: { form?: IDataObject }) => {
	const index = Number(String(request.form?.external_id ?? '').replace(/\D/g, '')) || 0;
	return 60 + (((N - index) * 7) % 31) * 2;
};
const sentSkus = () => env.sandbox.requests.map((r: IDataObject) => (r.form as IDataObject).external_id as string);

describe('bounded concurrency for Create and Update Stock and Cost', () => {
	test('output keeps input order and pairing while answers arrive out of order; each item sent once', async () => {
		env.sandbox.setLatency(scrambled);
		const { items, error } = await runAction({ parameters: update({ concurrency: 8 }), input: input(), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => (i.json.product as IDataObject).external_id)).toEqual(skus);
		expect(items.map((i) => i.pairedItem)).toEqual(skus.map((_, item) => ({ item })));
		expect(sentSkus().sort()).toEqual([...skus].sort());
		expect(env.sandbox.stats.peakInFlight).toBeGreaterThan(1);
		expect(env.sandbox.stats.peakInFlight).toBeLessThanOrEqual(8);
	});

	test('the default is at most 5 requests in flight, and more than one', async () => {
		// An answer takes 300 ms: the requests the node sends together overlap at the API whatever the machine's load.
		env.sandbox.setLatency(300);
		const list = skus.slice(0, 15);
		const { items, error } = await runAction({ parameters: update(), input: input(list), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual(list.map((_, item) => ({ item })));
		expect(env.sandbox.stats.peakInFlight).toBeGreaterThan(1);
		expect(env.sandbox.stats.peakInFlight).toBeLessThanOrEqual(5);
		expect(sentSkus().sort()).toEqual([...list].sort());
	});

	test('Concurrency 1 sends one request after another, in input order', async () => {
		env.sandbox.setLatency(2);
		await runAction({ parameters: update({ concurrency: 1 }), input: input(skus.slice(0, 10)), credentials: env.credentials });
		expect(env.sandbox.stats.peakInFlight).toBeLessThanOrEqual(1);
		expect(sentSkus()).toEqual(skus.slice(0, 10));
	});

	test('Continue On Fail under concurrency: error items paired in place, the rest go on, nothing sent twice', async () => {
		env.sandbox.setLatency(scrambled);
		const list = skus.map((sku, i) => (i % 7 === 3 ? `MISSING-${i}` : sku));
		const { items, error } = await runAction({
			parameters: update({ concurrency: 6 }),
			input: input(list).map((json, i) => (i === 20 ? { ...json, stock: 'n/a' } : json)),
			credentials: env.credentials,
			continueOnFail: true,
		});
		expect(error).toBeUndefined();
		expect(items.map((i) => i.pairedItem)).toEqual(list.map((_, item) => ({ item })));
		items.forEach((item, i) => {
			if (i === 20) expect(item.json.error).toMatch(/'New Stock' \(newStock\) must be a number, got "n\/a" \[item 20\]/);
			else if (i % 7 === 3) expect(item.json.error).toMatch(`No product with external_id MISSING-${i}`);
			else expect((item.json.product as IDataObject).external_id).toBe(list[i]);
		});
		expect(sentSkus().sort()).toEqual(list.filter((_, i) => i !== 20).sort());
	});

	test('without Continue On Fail the first failing item stops the node: no new items start, the lowest failing index is reported', async () => {
		// Item 10 fails slowly, item 12 at once: the error must still be item 10's. Item 12's answer
		// comes before that of any item sent after it (those take 20 ms), whatever the machine's speed.
		const latency: Record<string, number> = { 'MISSING-10': 80, 'MISSING-12': 0 };
		env.sandbox.setLatency((request: { form?: IDataObject }) => latency[request.form?.external_id as string] ?? 20);
		const list = skus.map((sku, i) => (i === 10 || i === 12 ? `MISSING-${i}` : sku));
		const { items, error } = await runAction({ parameters: update({ concurrency: 4 }), input: input(list), credentials: env.credentials });
		expect(items).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toContain('No product with external_id MISSING-10');
		expect((error?.context as IDataObject).itemIndex).toBe(10);
		const sent = sentSkus();
		expect(new Set(sent).size).toBe(sent.length);
		const sentIndices = sent.map((sku: string) => list.indexOf(sku));
		expect(Math.max(...sentIndices)).toBeLessThan(10 + 4 + 1);
	});

	test('each request carries its own item\'s expression values and the fixed ones, whichever order items are read and answered in', async () => {
		env.sandbox.setLatency(scrambled);
		const { error } = await runAction({ parameters: update({ concurrency: 8 }), input: input(), credentials: env.credentials });
		expect(error).toBeUndefined();
		const forms = env.sandbox.requests.map((r: IDataObject) => r.form as IDataObject).sort((a: IDataObject, b: IDataObject) => skus.indexOf(a.external_id as string) - skus.indexOf(b.external_id as string));
		expect(forms).toEqual(skus.map((sku, i) => ({ external_id: sku, new_stock: String(i), new_cost: '1.5' })));
	});

	test('without Continue On Fail a bad value read while requests are in flight stops the node in its own turn: never sent', async () => {
		env.sandbox.setLatency(60);
		const { items, error } = await runAction({
			parameters: update({ concurrency: 4 }),
			input: input().map((json, i) => (i === 6 ? { ...json, stock: 'n/a' } : json)),
			credentials: env.credentials,
		});
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/'New Stock' \(newStock\) must be a number, got "n\/a" \[item 6\]/);
		expect((error?.context as IDataObject).itemIndex).toBe(6);
		const sentIndices = sentSkus().map((sku: string) => skus.indexOf(sku));
		expect(sentIndices).not.toContain(6);
		// Items 0–5 were sent before item 6's turn; after it, no new item starts.
		expect(sentIndices.filter((i: number) => i < 6).sort((a: number, b: number) => a - b)).toEqual([0, 1, 2, 3, 4, 5]);
		expect(sentIndices.filter((i: number) => i > 6)).toEqual([]);
		expect(error?.description).toMatch(/had already accepted items 0–5/);
	});

	test('a 429 pauses the whole node for Retry-After, not just the one request', async () => {
		env.sandbox.setLatency(30);
		env.sandbox.inject({ status: 429, body: { message: 'Too many requests' }, headers: { 'retry-after': '1' } });
		const started = Date.now();
		const { items, error } = await runAction({ parameters: update({ concurrency: 5 }), input: input(skus.slice(0, 20)), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items.map((i) => (i.json.product as IDataObject).external_id)).toEqual(skus.slice(0, 20));
		// Lower bounds only (a busy machine makes waits longer, never shorter): within the second
		// after the 429's request arrived, only the first five requests (sent before the 429 came
		// back) reached the API. Without the node-wide pause the four other slots would go on.
		const t0 = env.sandbox.requests[0].receivedAt as number;
		const withinThePause = env.sandbox.requests.filter((r: IDataObject) => (r.receivedAt as number) < t0 + 1000);
		expect(withinThePause.length).toBeLessThanOrEqual(5);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		expect(env.sandbox.stats.requests).toBe(21);
	});

	test('Requests per Second paces request starts', async () => {
		const started = Date.now();
		const { error } = await runAction({
			parameters: update({ concurrency: 5, requestsPerSecond: 10 }),
			input: input(skus.slice(0, 10)),
			credentials: env.credentials,
		});
		expect(error).toBeUndefined();
		// At 10 per second the k-th request starts no sooner than k × 100 ms after the run began: a
		// lower bound, which a busy machine only makes easier to meet (it delays requests, never
		// brings them forward). Unpaced, all ten would arrive within a few milliseconds of the
		// workflow's start. 2 ms are left for a timer that fires a millisecond early by Date.now().
		const times: number[] = env.sandbox.requests.map((r: IDataObject) => r.receivedAt as number).sort((a: number, b: number) => a - b);
		expect(times).toHaveLength(10);
		const tooSoon = times.map((time, k) => ({ k, msAfterStart: time - started })).filter(({ k, msAfterStart }) => msAfterStart < k * 100 - 2);
		expect(tooSoon).toEqual([]);
	});

	test('Create runs concurrently too, in input order', async () => {
		env.sandbox.setLatency(scrambled);
		const { items } = await runAction({
			parameters: {
				resource: 'product',
				operation: 'create',
				barCode: '={{ $json.sku }}',
				productName: 'Part',
				productUnit: 'Pieces',
				externalId: '={{ "NEW-" + $json.sku }}',
				options: { concurrency: 10 },
			},
			input: input(),
			credentials: env.credentials,
		});
		expect(items.map((i) => (i.json.product as IDataObject).external_id)).toEqual(skus.map((s) => `NEW-${s}`));
		expect(items.map((i) => i.pairedItem)).toEqual(skus.map((_, item) => ({ item })));
		expect(env.sandbox.stats.peakInFlight).toBeGreaterThan(1);
		expect(env.sandbox.stats.peakInFlight).toBeLessThanOrEqual(10);
	});
});
