import type { IDataObject } from 'n8n-workflow';

import { isPollState, newestRecord, processPoll, STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/poll';
import type { PollState } from '../nodes/MpServicesTrigger/poll';
import { API_WINDOW_MS } from '../nodes/shared/constants';

const T = Date.parse('2026-11-27T12:00:00Z');
const HOUR = 3600_000;
const rec = (id: string, msAgo: number): IDataObject => ({ id, createdAt: new Date(T - msAgo).toISOString() });
const ids = (records: IDataObject[]) => records.map((r) => r.id);

/** Runs polls in sequence, carrying the state like n8n does (a JSON round trip). */
function sequence(event = 'workOrderCreated') {
	let state: PollState | undefined;
	return (records: IDataObject[], now = T, options = {}) => {
		const result = processPoll(state, event, records, now, options);
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
		const other = processPoll(processPoll(undefined, 'workOrderCreated', [rec('a', 0)], T).state, 'inventoryMovementCreated', [rec('m', 0)], T);
		expect(other.baseline).toBe(true);
		expect(other.emitted).toEqual([]);
	});

	test('isPollState and newestRecord', () => {
		expect(isPollState(undefined)).toBe(false);
		expect(isPollState({ version: 0 })).toBe(false);
		expect(isPollState(processPoll(undefined, 'e', [], T).state)).toBe(true);
		expect(newestRecord([rec('a', HOUR), rec('b', 0), { id: 'c' }])?.id).toBe('b');
		expect(newestRecord([])).toBeUndefined();
	});
});
