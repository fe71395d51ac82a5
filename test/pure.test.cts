import type { IDataObject } from 'n8n-workflow';

import { newestFirst, normalizeList, splitMovementLines } from '../nodes/shared/records';
import { filterReader, zonelessToMs } from '../nodes/shared/filters';
import { inventoryMovementFilter } from '../nodes/shared/kinds/inventoryMovement';
import { workOrderFilter } from '../nodes/shared/kinds/workOrder';
import { RECORD_KINDS } from '../nodes/shared/kinds';

/** The filter readers of both kinds' Filters collections, for the labels in their errors. */
const reader = filterReader([...RECORD_KINDS.workOrder.filterFields, ...RECORD_KINDS.inventoryMovement.filterFields]);
const dateFilter = reader.date;
const textFilter = reader.text;
const workOrderPredicate = (filters: IDataObject) => workOrderFilter(filters).matches;
const inventoryMovementPredicate = (filters: IDataObject) => inventoryMovementFilter(filters).matches;
import { apiMessageOf, redact, safeExcerpt, withoutKey } from '../nodes/shared/transport/errors';
import { parseRetryAfter, readBody } from '../nodes/shared/transport/request';
import { itemsText } from '../nodes/MpServices/actions/router';
import { readItemOptions, readNodeWideOptions } from '../nodes/shared/options';
import { buildForm, formatNumber, formValue, toFiniteNumber } from '../nodes/shared/validation';
import type { FieldSpec } from '../nodes/shared/validation';
import { pipeline } from '../nodes/shared/concurrency';
import { CREATE_FIELDS, UPDATE_STOCK_COST_FIELDS } from '../nodes/MpServices/actions/product/common';

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
		expect(() => formValue(text, '')).toThrow(`'Bar Code' (barCode) is required but empty`);
		expect(() => formValue(text, { a: 1 })).toThrow(`'Bar Code' (barCode) must be text`);
		expect(formValue(whole, undefined)).toBeUndefined();
		expect(formValue(whole, '4')).toBe('4');
		expect(() => formValue(whole, 4.5)).toThrow(`'Min Stock' (minStock) must be a whole number, got 4.5`);
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
	test('a single movement (its lines under "movements") is one record, not its lines', () => {
		const movement = { id: 'm1', reference: 'Folio-198', type: 'Outbound', createdAt: '2026-11-27T10:00:00Z', movements: [{ item_id: '1', quantity: 2 }, { item_id: '2', quantity: 1 }] };
		expect(normalizeList(movement, 'inventory movements')).toEqual([movement]);
		const undated = { ...movement, createdAt: undefined };
		expect(normalizeList(undated, 'inventory movements')).toEqual([undated]);
		expect(normalizeList({ movements: [movement] }, 'inventory movements', 'movements')).toEqual([movement]);
	});
	test('an envelope with its own id that wraps records with ids is a wrapper', () => {
		expect(normalizeList({ id: 'req-7', data: [r] }, 'work orders')).toEqual([r]);
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
	test('Created After: a date text, epoch milliseconds, a Date or a Luxon DateTime; anything else names the field', () => {
		expect(dateFilter({ createdAfter: '' }, 'createdAfter')).toBeUndefined();
		expect(dateFilter({ createdAfter: '2026-11-27T10:00:00Z' }, 'createdAfter')).toBe(Date.parse('2026-11-27T10:00:00Z'));
		expect(dateFilter({ createdAfter: 1764237600000 }, 'createdAfter')).toBe(1764237600000);
		expect(dateFilter({ createdAfter: new Date(5) }, 'createdAfter')).toBe(5);
		expect(dateFilter({ createdAfter: { toMillis: () => 7 } }, 'createdAfter')).toBe(7);
		expect(() => dateFilter({ createdAfter: 'soon' }, 'createdAfter')).toThrow(`'Filters → Created After' (createdAfter) must be a date, got "soon"`);
		expect(() => dateFilter({ createdAfter: true }, 'createdAfter')).toThrow("Created After' (createdAfter) must be a date");
	});
	test('text filters take numbers and booleans as their text; objects name the field', () => {
		expect(textFilter({ assetCode: 1042 }, 'assetCode')).toBe('1042');
		expect(textFilter({ reference: false }, 'reference')).toBe('false');
		expect(textFilter({}, 'reference')).toBe('');
		expect(() => textFilter({ clientName: { a: 1 } }, 'clientName')).toThrow(`'Filters → Client Name' (clientName) must be text, got an object`);
		const wo = { id: '1', asset: { code: 1042 }, client: { name: 'Hotel 7' } };
		expect(workOrderPredicate({ assetCode: 1042 })(wo)).toBe(true);
		expect(workOrderPredicate({ clientName: 7 })(wo)).toBe(true);
	});
	test('option filters: any case, and a value that is not an option names the field', () => {
		expect(workOrderPredicate({ status: 'Open' })({ id: '1', open: true })).toBe(true);
		expect(() => workOrderPredicate({ status: 'pending' })).toThrow(`'Filters → Status' (status) must be one of any, open, closed, got "pending"`);
		expect(() => inventoryMovementPredicate({ type: 3 })).toThrow(`'Filters → Type' (type) must be one of any, inbound, outbound, got 3`);
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
	test('the API message from JSON or HTML', () => {
		expect(apiMessageOf('{"message":"Bad bar code"}')).toBe('Bad bar code');
		expect(apiMessageOf('{"error":{"code":1}}')).toBe('{"code":1}');
		expect(apiMessageOf('<html><head><style>x{}</style></head><body><h1>Bad Gateway</h1></body></html>')).toBe('Bad Gateway');
		expect(apiMessageOf('')).toBe('');
	});
	test('redact: the key, and any run of 12 or more of its characters', () => {
		expect(redact('a KEY b KEY', 'KEY')).toBe('a [redacted] b [redacted]');
		expect(redact('token MPSER110_eyJhbGciOi… was cut', 'MPSER110_eyJhbGciOiJIUzI1NiJ9.x')).toBe('token [redacted]… was cut');
		expect(redact('MPSER110_eyJ', 'MPSER110_eyJhbGciOiJIUzI1NiJ9.x')).toBe('[redacted]');
		expect(redact('MPSER110_ey', 'MPSER110_eyJhbGciOiJIUzI1NiJ9.x')).toBe('MPSER110_ey');
		// Two pieces apart are two marks; pieces that overlap or touch are one.
		const key = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.x';
		expect(redact(`a ${key.slice(0, 12)} b ${key.slice(14, 26)} c`, key)).toBe('a [redacted] b [redacted] c');
		expect(redact(`a ${key.slice(0, 14)}${key.slice(2, 20)} c`, key)).toBe('a [redacted] c');
	});
});

describe('the key never survives a cut', () => {
	const key = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl';
	const leaks = (text: string) => {
		for (let i = 0; i + 12 <= key.length; i++) if (text.includes(key.slice(i, i + 12))) return key.slice(i, i + 12);
		return undefined;
	};
	test.each([300, 2000])('at every position around a cut of %i characters', (max) => {
		for (let at = max - key.length - 2; at <= max + 2; at++) {
			const body = `${'x'.repeat(at)}${key}${'y'.repeat(50)}`;
			expect(leaks(safeExcerpt(body, key, max))).toBeUndefined();
			expect(leaks(apiMessageOf(JSON.stringify({ message: body }), key))).toBeUndefined();
		}
	});
	test('behind white space that folding removes, in HTML, and in a body of a megabyte', () => {
		expect(leaks(safeExcerpt(`${' '.repeat(100_000)}${key}`, key))).toBeUndefined();
		expect(leaks(apiMessageOf(`<html><body><p>${key.slice(0, 20)}</p><b>${key.slice(20)}</b></body></html>`, key))).toBeUndefined();
		expect(leaks(safeExcerpt(`${'z'.repeat(1_000_000)}${key}`, key, 2000))).toBeUndefined();
	});
});

describe('the key out of a good answer (withoutKey)', () => {
	const key = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.eyJ0ZW5hbnQiOiJhY21lIn0.c2lnbmF0dXJl';
	const parsed = (text: string) => withoutKey(JSON.parse(text), text, key);

	test('the whole key, in any string or key, is replaced; an answer without it is the same object', () => {
		const answer = { note: `x ${key} y`, [key]: [key, 1, null, { deep: key }] };
		expect(withoutKey(answer, JSON.stringify(answer), key)).toEqual({ note: 'x [redacted] y', '[redacted]': ['[redacted]', 1, null, { deep: '[redacted]' }] });
		const clean = { note: 'nothing here' };
		expect(withoutKey(clean, JSON.stringify(clean), key)).toBe(clean);
	});

	test('spelled with escapes, found after parsing; pieces, even the JWT header every HS256 token shares, stay', () => {
		const escaped = JSON.stringify({ note: key }).replace(/[A-Za-z]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
		expect(parsed(escaped)).toEqual({ note: '[redacted]' });
		const header = key.slice(9, 29);
		expect(parsed(JSON.stringify({ note: `token of another user: ${header}.eyJ1c2VyIjoxfQ.sig` }))).toEqual({ note: `token of another user: ${header}.eyJ1c2VyIjoxfQ.sig` });
		expect(parsed(JSON.stringify({ note: key.slice(0, -1) }))).toEqual({ note: key.slice(0, -1) });
	});
});

describe('options and messages', () => {
	test('node-wide and per-item options are checked and name the option', () => {
		expect(readNodeWideOptions({})).toEqual({ concurrency: 5, requestsPerSecond: 0 });
		expect(readNodeWideOptions({ concurrency: '20' }).concurrency).toBe(20);
		expect(() => readNodeWideOptions({ concurrency: 0 })).toThrow(`'Options → Concurrency' (concurrency) must be a whole number from 1 to 200, got 0`);
		expect(() => readItemOptions({ timeout: 'soon' })).toThrow(`'Options → Timeout' (timeout) must be a number from 1 to 2147483647`);
		expect(readItemOptions({ timeout: 1500.5 }).timeout).toBe(1501);
		expect(readItemOptions({ endpointPath: ' /X ', splitLines: true })).toMatchObject({ endpointPath: '/X', splitLines: true });
	});
	test('item lists are compact', () => {
		expect(itemsText([3])).toBe('item 3');
		expect(itemsText([0, 1, 2, 5, 7, 8, 9])).toBe('items 0–2, 5 and 7–9');
	});
	test('newest first, ties in the order given, undated last', () => {
		const list = [{ id: 'a', createdAt: '2026-11-27T10:00:00Z' }, { id: 'u' }, { id: 'b', createdAt: '2026-11-27T11:00:00Z' }, { id: 'c', createdAt: '2026-11-27T10:00:00Z' }];
		expect(newestFirst(list).map((r) => r.id)).toEqual(['b', 'a', 'c', 'u']);
	});
});

describe('pipeline', () => {
	const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

	test('at most limit runs at once, all slots used, started in index order; stops when asked', async () => {
		let inFlight = 0;
		let peak = 0;
		const events: string[] = [];
		await pipeline(20, 4, (i) => i, async (i) => {
			events.push(`start ${i}`);
			inFlight++;
			peak = Math.max(peak, inFlight);
			await pause(1 + (i % 3));
			inFlight--;
			events.push(`end ${i}`);
			return true;
		});
		expect(peak).toBeLessThanOrEqual(4);
		// The first four start before any ends: the slots fill at once, whatever the machine's speed.
		expect(events.slice(0, 4)).toEqual(['start 0', 'start 1', 'start 2', 'start 3']);
		expect(events.filter((e) => e.startsWith('start'))).toEqual([...Array(20).keys()].map((i) => `start ${i}`));
		expect(events.filter((e) => e.startsWith('end'))).toHaveLength(20);

		// Once a run says stop, no further index starts: at most the other two slots' runs begun before it ends.
		const run: number[] = [];
		await pipeline(20, 3, (i) => i, async (i) => {
			run.push(i);
			await pause(1);
			return i !== 5;
		});
		expect(run).toContain(5);
		expect(Math.max(...run)).toBeLessThan(5 + 3);
	});

	test('a limit below 1, not a number or above the count still runs each index once, in order', async () => {
		for (const [count, limit] of [[5, 0], [5, NaN], [3, 10], [0, 5]]) {
			const started: number[] = [];
			await pipeline(count, limit, (i) => i * 2, async (i, p) => {
				expect(p).toEqual({ ok: true, value: i * 2 });
				started.push(i);
				await pause(0);
				return true;
			});
			expect(started).toEqual([...Array(count).keys()]);
		}
	});

	test('the next items are prepared while runs are in flight, at most limit ahead, each once', async () => {
		const events: string[] = [];
		const prepared = new Map<number, number>();
		let ran = 0;
		await pipeline(
			30,
			5,
			(i) => {
				prepared.set(i, (prepared.get(i) ?? 0) + 1);
				events.push(`prepare ${i}`);
				expect(i).toBeLessThan(ran + 5 + 5);
				return i * 10;
			},
			async (i, p) => {
				expect(p).toEqual({ ok: true, value: i * 10 });
				events.push(`start ${i}`);
				await pause(10);
				ran++;
				events.push(`end ${i}`);
				return true;
			},
		);
		expect([...prepared.values()].every((n) => n === 1)).toBe(true);
		expect(prepared.size).toBe(30);
		// From the second round on, an item was prepared before the answer that freed its slot.
		for (let i = 5; i < 30; i++) {
			const start = events.indexOf(`start ${i}`);
			const freedBy = Math.max(...events.slice(0, start).map((e, k) => (e.startsWith('end') ? k : -1)));
			expect(events.indexOf(`prepare ${i}`)).toBeLessThan(freedBy);
		}
	});

	test('a prepare that throws reaches run in its own turn, and not at all once the run has stopped', async () => {
		const seen: Array<[number, boolean]> = [];
		await pipeline(
			10,
			2,
			(i) => {
				if (i === 4) throw new Error('bad item 4');
				return i;
			},
			async (i, p) => {
				seen.push([i, p.ok]);
				await pause(5);
				return true;
			},
		);
		expect(seen.map(([i]) => i)).toEqual([...Array(10).keys()]);
		expect(seen.filter(([, ok]) => !ok)).toEqual([[4, false]]);

		const reached: number[] = [];
		await pipeline(
			10,
			2,
			(i) => {
				if (i === 4) throw new Error('bad item 4');
				return i;
			},
			async (i) => {
				reached.push(i);
				await pause(5);
				return i !== 1;
			},
		);
		expect(reached).not.toContain(4);
	});
});

describe('where the key may go (transport/boundary.ts)', () => {
	const { apiKeyProblem, checkBaseUrl, cleanApiKey, decideRedirect, keyDestinationProblem } = require('../nodes/shared/transport/boundary');

	test('cleanApiKey drops a leading token: and all white space, nothing else', () => {
		expect(cleanApiKey('token:MPSER110_abc.def')).toBe('MPSER110_abc.def');
		expect(cleanApiKey(' Token : MPSER110_abc\n.def\r\n')).toBe('MPSER110_abc.def');
		expect(cleanApiKey('MPSER110_token:abc')).toBe('MPSER110_token:abc');
		expect(cleanApiKey(undefined)).toBe('');
		expect(apiKeyProblem('')).toMatch(/is empty/);
		expect(apiKeyProblem('“MPSER110_x”')).toMatch(/cannot be sent/);
		expect(apiKeyProblem('MPSER110_x')).toBeUndefined();
	});

	test('plain http only to this machine (loopback hosts)', () => {
		for (const host of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]']) expect(checkBaseUrl(`http://${host}:5680`)).toHaveProperty('url');
		for (const host of ['localhost.example.com', '128.0.0.1', '10.0.0.1', 'example.com', '127.0.0.1.nip.io']) expect(checkBaseUrl(`http://${host}`)).toHaveProperty('problem');
	});

	test('checkBaseUrl: https anywhere, http only to this machine', () => {
		expect(checkBaseUrl('https://integrations.mpservices.app')).toHaveProperty('url');
		expect(checkBaseUrl('http://127.0.0.1:5680')).toHaveProperty('url');
		expect(checkBaseUrl('http://[::1]:5680')).toHaveProperty('url');
		expect(checkBaseUrl('http://10.0.0.5')).toEqual({ problem: expect.stringMatching(/plain http:\/\//) });
		expect(checkBaseUrl('https://u:p@x.example')).toEqual({ problem: expect.stringMatching(/user name or password/) });
	});

	test('keyDestinationProblem: only the Base URL origin', () => {
		expect(keyDestinationProblem('https://a.example', 'https://a.example/FetchTenantsWorkOrders')).toBeUndefined();
		expect(keyDestinationProblem('https://a.example', '/FetchTenantsWorkOrders')).toBeUndefined();
		expect(keyDestinationProblem('https://a.example', 'https://b.example/x')).toMatch(/only to the credential's Base URL \(https:\/\/a\.example\), not to https:\/\/b\.example/);
		expect(keyDestinationProblem('https://a.example', 'https://a.example:8443/x')).toMatch(/not to https:\/\/a\.example:8443/);
		expect(keyDestinationProblem('https://a.example', 'http://a.example/x')).toMatch(/not to http:\/\/a\.example/);
	});

	test('decideRedirect', () => {
		const from = 'https://a.example/FetchTenantsWorkOrders';
		expect(decideRedirect(from, 'GET', 302, '/v2', 0)).toEqual({ follow: true, url: 'https://a.example/v2' });
		expect(decideRedirect(from, 'PATCH', 307, 'https://a.example/v2', 0)).toEqual({ follow: true, url: 'https://a.example/v2' });
		expect(decideRedirect(from, 'POST', 308, '/v2', 2)).toEqual({ follow: true, url: 'https://a.example/v2' });
		expect(decideRedirect(from, 'POST', 308, '/v2', 3)).toMatchObject({ follow: false, reason: 'tooMany' });
		for (const status of [301, 302, 303]) expect(decideRedirect(from, 'PATCH', status, '/v2', 0)).toMatchObject({ follow: false, reason: 'changesMethod' });
		for (const location of ['http://a.example/x', 'https://b.example/x', 'https://a.example:444/x', '//b.example/x']) {
			expect(decideRedirect(from, 'GET', 302, location, 0)).toMatchObject({ follow: false, reason: 'otherOrigin' });
		}
		for (const location of [undefined, '', '  ', 'http://[bad']) expect(decideRedirect(from, 'GET', 302, location, 0)).toMatchObject({ follow: false, reason: 'noLocation' });
	});
});

describe('reading a body (transport/request.ts readBody)', () => {
	const { Readable } = require('stream');
	const signal = new AbortController().signal;
	const tooLarge = { message: 'tooLarge' };

	test('streams within the limit and over it, and a size announced over it', async () => {
		const progress = { bytes: 0 };
		expect(await readBody(Readable.from([Buffer.from('[{"a":'), Buffer.from('"é"}]')]), NaN, 100, [signal], progress)).toBe('[{"a":"é"}]');
		expect(progress.bytes).toBe(12);
		await expect(readBody(Readable.from([Buffer.alloc(60), Buffer.alloc(60)]), NaN, 100, [signal], { bytes: 0 })).rejects.toMatchObject(tooLarge);
		const announced = Readable.from([Buffer.from('x')]);
		await expect(readBody(announced, 101, 100, [signal], { bytes: 0 })).rejects.toMatchObject({ ...tooLarge, announced: 101 });
		expect(announced.destroyed).toBe(true);
	});

	test('a multi-byte character split across chunks is decoded whole', async () => {
		const chunks = Array.from(Buffer.from('ñandú'), (b) => Buffer.from([b]));
		expect(await readBody(Readable.from(chunks), NaN, 100, [signal], { bytes: 0 })).toBe('ñandú');
	});

	test('an abort destroys the stream being read', async () => {
		const controller = new AbortController();
		const endless = new Readable({ read() {} });
		endless.push('[');
		const reading = readBody(endless, NaN, 100, [controller.signal], { bytes: 0 });
		controller.abort(new Error('deadline'));
		await expect(reading).rejects.toThrow('aborted');
		expect(endless.destroyed).toBe(true);
	});

	test("the execution's Stop destroys the body as the deadline does, whichever signal n8n put on the request", async () => {
		const [deadline, stop] = [new AbortController(), new AbortController()];
		const endless = new Readable({ read() {} });
		endless.push('[');
		const reading = readBody(endless, NaN, 100, [deadline.signal, stop.signal], { bytes: 0 });
		stop.abort(new Error('stopped'));
		await expect(reading).rejects.toThrow('aborted');
		expect(endless.destroyed).toBe(true);
	});

	test('a signal aborted before the body is read destroys it, and nothing is counted', async () => {
		const controller = new AbortController();
		controller.abort(new Error('stopped'));
		const body = Readable.from([Buffer.from('[]')]);
		const progress = { bytes: 0 };
		await expect(readBody(body, NaN, 100, [controller.signal], progress)).rejects.toThrow('aborted');
		expect(body.destroyed).toBe(true);
		expect(progress.bytes).toBe(0);
	});

	test('a connection that breaks mid-body rejects with its error; text chunks are counted in bytes', async () => {
		const broken = new Readable({ read() {} });
		broken.push(Buffer.from('[{"a":1}'));
		const reading = readBody(broken, NaN, 100, [signal], { bytes: 0 });
		broken.destroy(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
		await expect(reading).rejects.toMatchObject({ code: 'ECONNRESET' });
		const progress = { bytes: 0 };
		expect(await readBody(Readable.from(['ñ', 'a'], { objectMode: false }), NaN, 100, [signal], progress)).toBe('ña');
		expect(progress.bytes).toBe(3);
	});
});

describe('search filters and dates in the workflow time zone', () => {
	test('Folio matches the folio as text, exactly: 1003 and "1003" alike, not 10031', () => {
		const wo = (folio: string | number) => ({ id: String(folio), folio });
		for (const value of [1003, '1003', ' 1003 ']) expect(workOrderPredicate({ folio: value })(wo(1003))).toBe(true);
		expect(workOrderPredicate({ folio: 1003 })(wo('1003'))).toBe(true);
		expect(workOrderPredicate({ folio: '1003' })(wo(10031))).toBe(false);
		expect(workOrderPredicate({ folio: '1003' })(wo(100))).toBe(false);
		expect(workOrderPredicate({ folio: '1003' })({ id: 'x' })).toBe(false);
		expect(() => workOrderPredicate({ folio: { n: 1 } })).toThrow(`'Filters → Folio' (folio) must be text, got an object`);
	});

	test('Item External ID: movements with such a line (exact, case-sensitive), and only those lines', () => {
		const movement = { id: 'm', movements: [{ item_external_id: 'SKU-1' }, { item_external_id: 1231232 }, { item_external_id: 'sku-1' }] };
		const filter = inventoryMovementFilter({ itemExternalId: 'SKU-1' });
		expect(filter.matches(movement)).toBe(true);
		expect(inventoryMovementFilter({ itemExternalId: 1231232 }).matches(movement)).toBe(true);
		expect(inventoryMovementFilter({ itemExternalId: 'SKU-2' }).matches(movement)).toBe(false);
		expect(inventoryMovementFilter({ itemExternalId: 'SKU' }).matches(movement)).toBe(false);
		expect(inventoryMovementFilter({ itemExternalId: 'SKU-1' }).matches({ id: 'n', movements: 'broken' })).toBe(false);
		expect([{ item_external_id: 'SKU-1' }, { item_external_id: 'sku-1' }].filter(filter.lineMatches!)).toEqual([{ item_external_id: 'SKU-1' }]);
		expect(inventoryMovementFilter({}).lineMatches).toBeUndefined();
	});

	test('a date without a zone means the workflow time zone, across DST changes', () => {
		// Mexico City has had no DST since 2022: always UTC-6.
		expect(new Date(zonelessToMs('2026-12-01T10:00:00', 'America/Mexico_City')!).toISOString()).toBe('2026-12-01T16:00:00.000Z');
		expect(new Date(zonelessToMs('2026-12-01 10:00', 'America/Mexico_City')!).toISOString()).toBe('2026-12-01T16:00:00.000Z');
		expect(new Date(zonelessToMs('2026-12-01', 'America/Mexico_City')!).toISOString()).toBe('2026-12-01T06:00:00.000Z');
		// Madrid: UTC+1 in winter, UTC+2 in summer.
		expect(new Date(zonelessToMs('2026-01-15T12:30:00.250', 'Europe/Madrid')!).toISOString()).toBe('2026-01-15T11:30:00.250Z');
		expect(new Date(zonelessToMs('2026-07-15T12:30:00', 'Europe/Madrid')!).toISOString()).toBe('2026-07-15T10:30:00.000Z');
		expect(new Date(zonelessToMs('2026-03-29T03:30:00', 'Europe/Madrid')!).toISOString()).toBe('2026-03-29T01:30:00.000Z');
		expect(zonelessToMs('2026-12-01T10:00:00Z', 'America/Mexico_City')).toBeUndefined();
		expect(zonelessToMs('2026-12-01T10:00:00-06:00', 'America/Mexico_City')).toBeUndefined();
	});

	test('Created After: zone-less text in the given zone; offsets, Dates and millis keep their own', () => {
		const context = { timezone: 'America/Mexico_City' };
		expect(dateFilter({ createdAfter: '2026-12-01T10:00:00' }, 'createdAfter', context)).toBe(Date.parse('2026-12-01T16:00:00Z'));
		expect(dateFilter({ createdAfter: '2026-12-01T10:00:00Z' }, 'createdAfter', context)).toBe(Date.parse('2026-12-01T10:00:00Z'));
		expect(dateFilter({ createdAfter: '2026-12-01T10:00:00+01:00' }, 'createdAfter', context)).toBe(Date.parse('2026-12-01T09:00:00Z'));
		expect(dateFilter({ createdAfter: new Date('2026-12-01T10:00:00Z') }, 'createdAfter', context)).toBe(Date.parse('2026-12-01T10:00:00Z'));
		expect(dateFilter({ createdAfter: 1_000 }, 'createdAfter', context)).toBe(1_000);
		expect(dateFilter({ createdAfter: '2026-12-01T10:00:00' }, 'createdAfter')).toBe(Date.parse('2026-12-01T10:00:00'));
	});
});
