import type { IDataObject } from 'n8n-workflow';

import { processPoll, testItem } from '../nodes/MpServicesTrigger/poll';
import type { Emitted } from '../nodes/MpServicesTrigger/poll';
import { isPollState, STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/state';
import type { PollState } from '../nodes/MpServicesTrigger/state';
import { API_WINDOW_MS, CLOCK_TOLERANCE_MS } from '../nodes/shared/constants';

const T = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3600_000;
const rec = (id: string, msAgo: number): IDataObject => ({ id, createdAt: new Date(T - msAgo).toISOString() });
const ids = (entries: Array<IDataObject | Emitted>) => entries.map((e) => ('record' in e ? (e.record as IDataObject).id : e.id));

/** Runs polls in sequence, carrying the state like n8n does (a JSON round trip). */
const ACCOUNT = 'cred-1@http://127.0.0.1:5680';
const scope = (event = 'workOrderCreated', account = ACCOUNT) => ({ event, account });

function sequence(event = 'workOrderCreated') {
	let state: PollState | undefined;
	return (records: IDataObject[], now = T, options = {}, account = ACCOUNT) => {
		const result = processPoll(state, scope(event, account), records, now, 'created', options);
		state = JSON.parse(JSON.stringify(result.state));
		return result;
	};
}

describe('processPoll (the trigger dedupe, pure)', () => {
	test('baseline, then new records oldest first, each once', () => {
		const poll = sequence();
		expect(poll([rec('a', 3 * HOUR)]).emitted).toEqual([]);
		const result = poll([rec('c', 0), rec('b', HOUR), rec('a', 3 * HOUR)]);
		expect(ids(result.emitted)).toEqual(['b', 'c']);
		expect(poll([rec('c', 0), rec('b', HOUR), rec('a', 3 * HOUR)]).emitted).toEqual([]);
	});

	test('ties keep the order they arrived in (the API lists newest first)', () => {
		const poll = sequence();
		poll([]);
		expect(ids(poll([rec('y', 0), rec('x', 0), rec('w', HOUR)]).emitted)).toEqual(['w', 'x', 'y']);
	});

	test('a late record older than the newest seen is still emitted; a duplicate in one response once', () => {
		const poll = sequence();
		poll([rec('a', HOUR)]);
		poll([rec('b', 0), rec('a', HOUR)]);
		expect(ids(poll([rec('b', 0), rec('late', 10 * HOUR), rec('late', 10 * HOUR)]).emitted)).toEqual(['late']);
	});

	test('emitExisting emits the baseline once', () => {
		const poll = sequence();
		expect(ids(poll([rec('b', 0), rec('a', HOUR)], T, { emitExisting: true }).emitted)).toEqual(['a', 'b']);
		expect(poll([rec('b', 0), rec('a', HOUR)], T, { emitExisting: true }).emitted).toEqual([]);
	});

	test('records without an id are counted, not emitted', () => {
		const poll = sequence();
		poll([]);
		const result = poll([{ createdAt: new Date(T).toISOString() }, { id: '' }, rec('ok', 0)]);
		expect(result.malformed).toBe(2);
		expect(ids(result.emitted)).toEqual(['ok']);
	});

	test('pruned by the API clock: ids older than window + margin are dropped, and never replayed', () => {
		const poll = sequence();
		poll([rec('old', 0)]);
		const later = T + API_WINDOW_MS + STATE_MARGIN_MS + HOUR;
		const fresh = { id: 'new', createdAt: new Date(later).toISOString() };
		const result = poll([fresh], later);
		expect(ids(result.emitted)).toEqual(['new']);
		expect(Object.keys(result.state.seen)).toEqual(['new']);
		// The API (longer window than documented) shows the forgotten record again: not replayed.
		expect(poll([fresh, rec('old', 0)], later).emitted).toEqual([]);
	});

	test('n8n clock skew does not matter: a poll "days later" by n8n keeps ids the API still lists', () => {
		const poll = sequence();
		poll([rec('a', 0)]);
		const result = poll([rec('b', 0), rec('a', 0)], T + 10 * 24 * HOUR);
		expect(ids(result.emitted)).toEqual(['b']);
		expect(Object.keys(result.state.seen).sort()).toEqual(['a', 'b']);
	});

	test('without any createdAt the state is still bounded (by n8n clock)', () => {
		const poll = sequence();
		poll([{ id: 'a' }]);
		const result = poll([{ id: 'b' }], T + API_WINDOW_MS + STATE_MARGIN_MS + HOUR);
		expect(Object.keys(result.state.seen)).toEqual(['b']);
	});

	test('a gap longer than the window is reported with the last poll time; another event is a new baseline', () => {
		const poll = sequence();
		poll([rec('a', 0)]);
		expect(poll([rec('a', 0)], T + 3 * 24 * HOUR).gapSince).toBe(T);
		const other = processPoll(processPoll(undefined, scope(), [rec('a', 0)], T).state, scope('inventoryMovementCreated'), [rec('m', 0)], T);
		expect(other.baseline).toBe('event');
		expect(other.emitted).toEqual([]);
	});

	test('isPollState and the test item (Fetch Test Event: the newest record)', () => {
		const newestRecord = (records: IDataObject[], now: number) => testItem(records, now, 'created', {})?.record;
		expect(isPollState(undefined)).toBe(false);
		expect(isPollState({ version: 0 })).toBe(false);
		expect(isPollState(processPoll(undefined, scope('e'), [], T).state)).toBe(true);
		expect(newestRecord([rec('a', HOUR), rec('b', 0), { id: 'c' }], T)?.id).toBe('b');
		expect(newestRecord([rec('a', HOUR), rec('future', -20 * 365 * 24 * HOUR)], T)?.id).toBe('a');
		expect(newestRecord([rec('future', -20 * 365 * 24 * HOUR)], T)?.id).toBe('future');
		expect(newestRecord([], T)).toBeUndefined();
		// A record dated far ahead is preferred to one without a date; a plausible one to both.
		expect(newestRecord([{ id: 'undated' }, rec('future', -20 * 365 * 24 * HOUR)], T)?.id).toBe('future');
		expect(newestRecord([rec('future', -20 * 365 * 24 * HOUR), { id: 'undated' }], T)?.id).toBe('future');
		expect(newestRecord([{ id: 'undated' }, rec('a', HOUR), rec('future', -20 * 365 * 24 * HOUR)], T)?.id).toBe('a');
	});

	test('a record dated decades ahead is emitted once and moves neither the high-water mark nor the horizon', () => {
		const poll = sequence();
		poll([rec('a', HOUR)]);
		const future = rec('2071', -45 * 365 * 24 * HOUR);
		const result = poll([future, rec('a', HOUR)]);
		expect(ids(result.emitted)).toEqual(['2071']);
		expect(ids(result.future)).toEqual(['2071']);
		expect(result.state.highWater).toBe(T - HOUR);
		expect(result.state.horizon).toBeLessThan(T - API_WINDOW_MS);
		// Records created afterwards keep coming out, once each, for days.
		for (let day = 1; day <= 5; day++) {
			const now = T + day * 24 * HOUR;
			const fresh = { id: `day-${day}`, createdAt: new Date(now).toISOString() };
			expect(ids(poll([future, fresh], now).emitted)).toEqual([`day-${day}`]);
			expect(poll([future, fresh], now).emitted).toEqual([]);
		}
	});

	test('a record up to the clock tolerance ahead is trusted like any other', () => {
		const poll = sequence();
		poll([]);
		const result = poll([rec('soon', -CLOCK_TOLERANCE_MS)]);
		expect(result.future).toEqual([]);
		expect(result.state.highWater).toBe(T + CLOCK_TOLERANCE_MS);
		expect(STATE_MARGIN_MS).toBeGreaterThan(CLOCK_TOLERANCE_MS);
	});

	test('an unseen record dated before the horizon is not emitted, and reported as stale', () => {
		const poll = sequence();
		poll([rec('a', 0)]);
		const later = T + 4 * 24 * HOUR;
		poll([{ id: 'b', createdAt: new Date(later).toISOString() }], later);
		const result = poll([{ id: 'epoch', createdAt: '1970-01-01T00:00:00Z' }], later);
		expect(result.emitted).toEqual([]);
		expect(ids(result.stale)).toEqual(['epoch']);
	});

	test('another account (credential or Base URL) is a fresh baseline; the same account with a new key is not', () => {
		const poll = sequence();
		poll([rec('a', HOUR)]);
		// Another credential: its whole window is taken as seen.
		const switched = poll([rec('x', 0), rec('y', HOUR)], T, {}, 'cred-2@http://127.0.0.1:5680');
		expect(switched.baseline).toBe('account');
		expect(switched.emitted).toEqual([]);
		expect(ids(poll([rec('z', 0), rec('x', 0), rec('y', HOUR)], T, {}, 'cred-2@http://127.0.0.1:5680').emitted)).toEqual(['z']);
		// The key is not part of the scope, so rotating it changes nothing.
		expect(poll([rec('z', 0)], T, {}, 'cred-2@http://127.0.0.1:5680').baseline).toBeUndefined();
	});

});
