import { normalizeList, splitMovementLines, workOrderPredicate, inventoryMovementPredicate, parseCreatedAfter } from '../nodes/shared/records';
import { apiMessageOf, backoffDelay, parseRetryAfter, redact, resolvePath } from '../nodes/shared/transport';
import { buildForm, formatNumber, formValue, toFiniteNumber } from '../nodes/shared/validation';
import type { FieldSpec } from '../nodes/shared/validation';
import { forEachIndex } from '../nodes/shared/concurrency';
import { ENDPOINTS } from '../nodes/shared/constants';
import { CREATE_FIELDS } from '../nodes/MpServices/actions/product/create.operation';
import { UPDATE_STOCK_COST_FIELDS } from '../nodes/MpServices/actions/product/updateStockCost.operation';

describe('validation', () => {
	test('toFiniteNumber takes numbers and numeric strings only', () => {
		expect(toFiniteNumber(12.5)).toBe(12.5);
		expect(toFiniteNumber(' 12.5 ')).toBe(12.5);
		expect(toFiniteNumber('-3')).toBe(-3);
		expect(toFiniteNumber('.5')).toBe(0.5);
		expect(toFiniteNumber('1e3')).toBe(1000);
		for (const bad of ['', ' ', 'abc', '12,5', '1 2', '0x10', 'Infinity', 'NaN', Infinity, NaN, null, undefined, true, {}, []]) {
			expect(toFiniteNumber(bad)).toBeUndefined();
		}
	});

	test('formatNumber never uses exponent notation', () => {
		expect(formatNumber(12.5)).toBe('12.5');
		expect(formatNumber(1e21)).toBe('1000000000000000000000');
		expect(formatNumber(1e-7)).toBe('0.0000001');
		expect(formatNumber(-0.5)).toBe('-0.5');
	});

	test('formValue: required, optional, kinds', () => {
		const text: FieldSpec = { name: 'barCode', label: 'Bar Code', apiField: 'bar_code', kind: 'string', required: true };
		const whole: FieldSpec = { name: 'minStock', label: 'Min Stock', apiField: 'min_stock', kind: 'integer', required: false };
		expect(formValue(text, ' 123 ')).toBe('123');
		expect(formValue(text, 123)).toBe('123');
		expect(() => formValue(text, '')).toThrow('Bar Code (barCode) is required but empty');
		expect(() => formValue(text, { a: 1 })).toThrow('Bar Code (barCode) must be text');
		expect(formValue(whole, undefined)).toBeUndefined();
		expect(formValue(whole, '4')).toBe('4');
		expect(() => formValue(whole, 4.5)).toThrow('Min Stock (minStock) must be a whole number, got 4.5');
	});

	test('the field lists map every contract parameter to its API field', () => {
		const mapping = Object.fromEntries([...CREATE_FIELDS, ...UPDATE_STOCK_COST_FIELDS].map((f) => [f.name, f.apiField]));
		expect(mapping).toEqual({
			barCode: 'bar_code', productName: 'product_name', productUnit: 'product_unit', externalId: 'external_id',
			productStock: 'product_stock', productLocation: 'product_location', weightedAverage: 'weighted_average',
			category: 'category', minStock: 'min_stock', maxStock: 'max_stock', newStock: 'new_stock', newCost: 'new_cost',
		});
		expect(buildForm(UPDATE_STOCK_COST_FIELDS, { externalId: 'A', newStock: 2, newCost: '0.5' })).toEqual({ external_id: 'A', new_stock: '2', new_cost: '0.5' });
	});
});

describe('list normalisation', () => {
	const r = { id: 'a' };
	test('array, single object, wrapped array', () => {
		expect(normalizeList([r], 'work orders')).toEqual([r]);
		expect(normalizeList(r, 'work orders')).toEqual([r]);
		expect(normalizeList({ data: [r] }, 'work orders')).toEqual([r]);
		expect(normalizeList({ results: [r], next: null }, 'work orders')).toEqual([r]);
	});
	test('anything else is a clear error', () => {
		expect(() => normalizeList(undefined, 'work orders')).toThrow('the body was empty where a list of work orders was expected');
		expect(() => normalizeList({ ok: true }, 'work orders')).toThrow('got an object with the keys ok');
		expect(() => normalizeList(42, 'work orders')).toThrow('got the number 42');
		expect(() => normalizeList([r, 'x'], 'work orders')).toThrow('entry 1 of the list of work orders is not an object');
	});
});

describe('filters', () => {
	const wo = { id: '1', open: true, closed: false, createdAt: '2026-11-27T10:00:00Z', client: { name: 'Hotel Las Palmas' }, asset: { code: 'MS-230' } };
	test('work orders', () => {
		expect(workOrderPredicate({})(wo)).toBe(true);
		expect(workOrderPredicate({ status: 'closed' })(wo)).toBe(false);
		expect(workOrderPredicate({ clientName: ' las PAL ' })(wo)).toBe(true);
		expect(workOrderPredicate({ assetCode: 'ms-230' })(wo)).toBe(false);
		expect(workOrderPredicate({ createdAfter: '2026-11-27T10:00:00Z' })(wo)).toBe(false);
		expect(workOrderPredicate({ createdAfter: '2026-11-27T09:59:59Z' })(wo)).toBe(true);
		expect(workOrderPredicate({ clientName: 'x' })({ id: '2' })).toBe(false);
	});
	test('movements', () => {
		const m = { id: '1', type: ' Outbound', reference: 'Folio-198', createdAt: '2026-11-27T10:00:00Z' };
		expect(inventoryMovementPredicate({ type: 'outbound' })(m)).toBe(true);
		expect(inventoryMovementPredicate({ type: 'inbound' })(m)).toBe(false);
		expect(inventoryMovementPredicate({ reference: 'Folio-19' })(m)).toBe(false);
	});
	test('Created After must be a date', () => {
		expect(parseCreatedAfter('')).toBeUndefined();
		expect(() => parseCreatedAfter('soon')).toThrow('"soon" is not a date');
	});
	test('split lines of a movement without lines is nothing', () => {
		expect(splitMovementLines({ id: 'm', movements: [] })).toEqual([]);
		expect(splitMovementLines({ id: 'm' })).toEqual([]);
	});
});

describe('transport helpers', () => {
	test('Retry-After in seconds or as a date', () => {
		const now = Date.parse('2026-11-27T10:00:00Z');
		expect(parseRetryAfter('2', now)).toBe(2000);
		expect(parseRetryAfter('0', now)).toBe(0);
		expect(parseRetryAfter('Fri, 27 Nov 2026 10:00:05 GMT', now)).toBe(5000);
		expect(parseRetryAfter('soon', now)).toBeUndefined();
		expect(parseRetryAfter(undefined, now)).toBeUndefined();
	});
	test('backoff doubles', () => {
		expect([0, 1, 2].map(backoffDelay)).toEqual([1000, 2000, 4000]);
	});
	test('the API message from JSON or HTML', () => {
		expect(apiMessageOf('{"message":"Bad bar code"}')).toBe('Bad bar code');
		expect(apiMessageOf('{"error":{"code":1}}')).toBe('{"code":1}');
		expect(apiMessageOf('<html><head><style>x{}</style></head><body><h1>Bad Gateway</h1></body></html>')).toBe('Bad Gateway');
		expect(apiMessageOf('')).toBe('');
	});
	test('redact and resolvePath', () => {
		expect(redact('a KEY b KEY', 'KEY')).toBe('a [redacted] b [redacted]');
		expect(resolvePath(ENDPOINTS.workOrders)).toBe('/FetchTenantsWorkOrders');
		expect(resolvePath(ENDPOINTS.workOrders, ' WorkOrders ')).toBe('/WorkOrders');
	});
});

describe('forEachIndex', () => {
	test('bounded concurrency, starts in order, stops when asked', async () => {
		let inFlight = 0;
		let peak = 0;
		const started: number[] = [];
		await forEachIndex(20, 4, async (i) => {
			started.push(i);
			inFlight++;
			peak = Math.max(peak, inFlight);
			await new Promise((r) => setTimeout(r, 5 + (i % 3)));
			inFlight--;
			return true;
		});
		expect(peak).toBe(4);
		expect(started).toEqual([...Array(20).keys()]);

		const run: number[] = [];
		await forEachIndex(20, 3, async (i) => {
			run.push(i);
			await new Promise((r) => setTimeout(r, 1));
			return i !== 5;
		});
		expect(Math.max(...run)).toBeLessThan(5 + 3);
	});
});
