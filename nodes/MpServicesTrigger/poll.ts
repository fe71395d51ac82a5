import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS, CLOCK_TOLERANCE_MS } from '../shared/constants';
import { createdAtMs, recordId } from '../shared/records';

/**
 * The trigger's exactly-once logic, pure: given the saved state and one list
 * response, which records are new, and what to save.
 *
 * - Dedupe is by record id: every id in the window is remembered with its
 *   createdAt, so ties, out-of-order arrivals and records that appear late
 *   are all handled alike.
 * - The state is pruned by the API's own clock (the newest createdAt it has
 *   returned), not by n8n's: ids older than that minus the window and a
 *   margin can no longer be returned, so they are forgotten. `horizon`
 *   remembers how far pruning went; a record older than it is never emitted,
 *   so a forgotten id cannot be replayed.
 * - The API's clock is trusted only as far as it is plausible: a record dated
 *   more than CLOCK_TOLERANCE_MS past n8n's clock (a vendor clock or
 *   data-entry bug, off by hours or decades) is emitted once like any new
 *   record, but moves neither the high-water mark nor the horizon. Without
 *   this bound, one record dated 2071 would push the horizon past every
 *   record created afterwards, and the trigger would fall silent.
 * - The state belongs to one event of one account (credential and Base URL).
 *   Another event or account starts a fresh baseline, as activation does; a
 *   new key in the same credential is the same account.
 * - What is watched: new records (`created`); work orders that turn closed
 *   (`closed`: the ids closed at the last poll are kept); work orders whose
 *   content changes (`updated`: the last content of each is kept, to report
 *   the previous values). Every kind of state is pruned with the ids.
 */

/** What an event watches for among the records the API returns. */
export type Watch = 'created' | 'closed' | 'updated';

/** The key of an updated work order's item that says what changed: `{ fields, previous }`. */
export const CHANGES_KEY = '_changes';

/** Ids are kept this long past the API's window. Must exceed CLOCK_TOLERANCE_MS. */
export const STATE_MARGIN_MS = 6 * 60 * 60 * 1000;

export const STATE_VERSION = 2;

export interface PollScope {
	event: string;
	/** Which account: the credential's id and the Base URL (never the key). */
	account: string;
}

export interface PollState {
	version: number;
	/** The event the state belongs to; another event starts a fresh baseline. */
	event: string;
	/** The account the state belongs to; another account starts a fresh baseline. Absent in version 1 states. */
	account?: string;
	/** Record id → createdAt in ms (the API's clock). */
	seen: Record<string, number>;
	/** Records created before this were possibly forgotten: never emitted (0: none yet). */
	horizon: number;
	/** The newest plausible createdAt the API has returned (0: none yet). */
	highWater: number;
	/** n8n's clock at the last successful poll, for the gap warning only. */
	lastPollAt: number;
	/** `closed`: the ids that were closed at the last poll. */
	closed?: string[];
	/** `updated`: each record's content at the last poll (without its id), by id. */
	content?: Record<string, IDataObject>;
}

export type BaselineReason = 'first' | 'event' | 'account';

export interface PollResult {
	/** What to emit, oldest first: new records, newly closed ones, or changed ones with CHANGES_KEY. */
	emitted: IDataObject[];
	state: PollState;
	/** Records without an id, skipped. */
	malformed: number;
	/** New records dated more than CLOCK_TOLERANCE_MS ahead of n8n's clock (emitted, not trusted for pruning). */
	future: IDataObject[];
	/** Unseen records dated before the horizon, not emitted: already emitted and forgotten, or with a wrong createdAt. */
	stale: IDataObject[];
	/** Why this poll took a baseline, if it did. */
	baseline?: BaselineReason;
	/** Set when the previous successful poll is older than the API's window: records may be lost since then. */
	gapSince?: number;
}

export function isPollState(value: unknown): value is PollState {
	const state = value as PollState | undefined;
	return (
		!!state &&
		(state.version === 1 || state.version === STATE_VERSION) &&
		typeof state.event === 'string' &&
		!!state.seen &&
		typeof state.seen === 'object'
	);
}

export function baselineReason(previous: PollState | undefined, scope: PollScope): BaselineReason | undefined {
	if (!previous) return 'first';
	if (previous.event !== scope.event) return 'event';
	// A version 1 state knew no account: it is adopted by the account polling now.
	if (previous.account !== undefined && previous.account !== scope.account) return 'account';
	return undefined;
}

export function processPoll(
	previous: PollState | undefined,
	scope: PollScope,
	records: IDataObject[],
	now: number,
	{ emitExisting = false, watch = 'created' as Watch } = {},
): PollResult {
	const baseline = baselineReason(previous, scope);
	const kept = baseline ? undefined : previous;
	const seen: Record<string, number> = kept ? { ...kept.seen } : {};
	const closed = watch === 'closed' ? new Set(kept?.closed ?? []) : undefined;
	const content: Record<string, IDataObject> | undefined = watch === 'updated' ? { ...kept?.content } : undefined;
	const horizon = kept?.horizon ?? 0;
	const plausibleUntil = now + CLOCK_TOLERANCE_MS;

	let highWater = kept?.highWater ?? 0;
	let malformed = 0;
	const valid: Array<{ id: string; ms: number | undefined; record: IDataObject }> = [];
	for (const record of records) {
		const id = recordId(record);
		if (id === undefined) {
			malformed++;
			continue;
		}
		const ms = createdAtMs(record);
		if (ms !== undefined && ms > highWater && ms <= plausibleUntil) highWater = ms;
		valid.push({ id, ms, record });
	}

	const emitted: Array<{ ms: number | undefined; record: IDataObject }> = [];
	const future: IDataObject[] = [];
	const stale: IDataObject[] = [];
	const mayEmitExisting = !baseline || emitExisting;
	for (const entry of valid) {
		const known = entry.id in seen;
		if (!known) {
			if (entry.ms !== undefined && entry.ms < horizon) {
				stale.push(entry.record);
				continue;
			}
			seen[entry.id] = entry.ms ?? (highWater > 0 ? highWater : now);
		}
		let output: IDataObject | undefined;
		if (watch === 'created') {
			if (!known && mayEmitExisting) output = entry.record;
		} else if (closed) {
			const isClosed = entry.record.closed === true;
			if (isClosed && !closed.has(entry.id) && (known || mayEmitExisting)) output = entry.record;
			if (isClosed) closed.add(entry.id);
			else closed.delete(entry.id);
		} else if (content) {
			const before = content[entry.id];
			const current = withoutId(entry.record);
			if (known && before) {
				const changes = changesBetween(before, current);
				if (changes) output = { ...entry.record, [CHANGES_KEY]: changes };
			}
			content[entry.id] = current;
		}
		if (output) {
			emitted.push({ ms: entry.ms, record: output });
			if (!known && entry.ms !== undefined && entry.ms > plausibleUntil) future.push(entry.record);
		}
	}

	// Pruned by the API's clock where it has given a plausible one; else by
	// n8n's, the only one there is, so the state stays bounded either way.
	const cutoff = (highWater > 0 ? highWater : now) - API_WINDOW_MS - STATE_MARGIN_MS;
	for (const id of Object.keys(seen)) {
		if (seen[id] >= cutoff) continue;
		delete seen[id];
		closed?.delete(id);
		if (content) delete content[id];
	}
	const nextHorizon = highWater > 0 ? Math.max(horizon, cutoff) : horizon;

	// The API lists newest first: reversed, a stable sort by createdAt keeps ties in arrival order.
	emitted.reverse();
	emitted.sort((a, b) => byCreatedAt(a.ms, b.ms));

	const gapSince = kept && now - kept.lastPollAt > API_WINDOW_MS ? kept.lastPollAt : undefined;

	const state: PollState = {
		version: STATE_VERSION,
		event: scope.event,
		account: scope.account,
		seen,
		horizon: nextHorizon,
		highWater,
		lastPollAt: now,
	};
	if (closed) state.closed = [...closed];
	if (content) state.content = content;
	return {
		emitted: emitted.map((entry) => entry.record),
		state,
		malformed,
		future,
		stale,
		baseline,
		gapSince,
	};
}

function withoutId(record: IDataObject): IDataObject {
	const rest = { ...record };
	delete rest.id;
	return rest;
}

/** JSON with object keys sorted, so that a change of key order alone is not a change. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const object = value as IDataObject;
		return `{${Object.keys(object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * The top-level fields whose values differ between two versions of a
 * record, and their previous values (a field that did not exist before has
 * none in `previous`); undefined when nothing changed.
 */
export function changesBetween(before: IDataObject, after: IDataObject): { fields: string[]; previous: IDataObject } | undefined {
	if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
	const fields: string[] = [];
	const previous: IDataObject = {};
	const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))];
	for (const key of keys) {
		if (key in before && key in after && canonical(before[key]) === canonical(after[key])) continue;
		fields.push(key);
		if (key in before) previous[key] = before[key];
	}
	return fields.length ? { fields, previous } : undefined;
}

/** The newest record, for Fetch Test Event; one dated implausibly far ahead only when there is no other. */
export function newestRecord(records: IDataObject[], now: number): IDataObject | undefined {
	const plausibleUntil = now + CLOCK_TOLERANCE_MS;
	let newest: IDataObject | undefined;
	let newestRank = -Infinity;
	for (const record of records) {
		const ms = createdAtMs(record);
		const rank = ms === undefined ? -Infinity : ms > plausibleUntil ? -Infinity + 1 : ms;
		if (newest === undefined || rank > newestRank) {
			newest = record;
			newestRank = rank;
		}
	}
	return newest;
}

/** Oldest first; records without a readable createdAt last. */
function byCreatedAt(a: number | undefined, b: number | undefined): number {
	if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
	return a - b;
}

/**
 * The state to poll from when n8n did not keep the one the activation poll
 * saved. n8n 2.41's poll scheduler with durable cursors runs the activation
 * poll on a copy of the node's static data and discards it when the poll
 * emits nothing (docs/n8n-2.41-poll-scheduler.md); so the trigger also keeps
 * the state of every baseline in the workflow's global static data, which
 * n8n saves after activation on every engine. That copy is used only where
 * the node's own state would take a baseline (none, another event, another
 * account), only for the same event and account, and only while it is
 * younger than the API's window.
 */
export function activationBaseline(
	previous: PollState | undefined,
	copy: unknown,
	scope: PollScope,
	now: number,
): { previous: PollState | undefined; adopted: boolean } {
	if (!baselineReason(previous, scope) || !isPollState(copy)) return { previous, adopted: false };
	const usable = copy.event === scope.event && copy.account === scope.account && now - copy.lastPollAt <= API_WINDOW_MS;
	return usable ? { previous: copy, adopted: true } : { previous, adopted: false };
}
