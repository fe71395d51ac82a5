import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS, CLOCK_TOLERANCE_MS } from '../shared/constants';
import { createdAtMs, recordId } from '../shared/records';
import { changesBetween, CHANGES_KEY, withoutId } from './changes';
import type { BaselineReason, PollScope, PollState } from './state';
import { baselineReason, STATE_MARGIN_MS, STATE_VERSION } from './state';

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
 * - What is watched: new records (`created`); work orders that turn closed
 *   (`closed`: the ids closed at the last poll are kept); work orders whose
 *   content changes (`updated`: the last content of each is kept, to report
 *   the previous values; with Watch Fields, only changes to those fields are
 *   emitted). Every kind of state is pruned with the ids.
 */

/** What an event watches for among the records the API returns. */
export type Watch = 'created' | 'closed' | 'updated';

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
	/** Set when the state polled from is older than the API's window: records may be lost since then. */
	gapSince?: number;
	/**
	 * What this poll learned that only the state remembers, when it emits
	 * nothing n8n does not save (its classic engine saves at emission): work
	 * orders that turned open again (`closed`), records first seen without an
	 * item (`updated`: their content is what a later change is compared with).
	 */
	remembered: { reopened: number; firstSeen: number };
}

export function processPoll(
	previous: PollState | undefined,
	scope: PollScope,
	records: IDataObject[],
	now: number,
	{ emitExisting = false, watch = 'created' as Watch, watchFields = [] as string[] } = {},
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
	const remembered = { reopened: 0, firstSeen: 0 };
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
			else if (closed.delete(entry.id)) remembered.reopened++;
		} else if (content) {
			const before = content[entry.id];
			const current = withoutId(entry.record);
			if (known && before) {
				const changes = changesBetween(before, current);
				// Watch Fields: only a change to one of them is emitted; _changes still lists every field.
				if (changes && (watchFields.length === 0 || changes.fields.some((field) => watchFields.includes(field)))) {
					output = { ...entry.record, [CHANGES_KEY]: changes };
				}
			}
			content[entry.id] = current;
		}
		if (!known && !output) remembered.firstSeen++;
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
		remembered,
	};
}

/**
 * The newest record, for Fetch Test Event: the newest plausible one; else,
 * one dated implausibly far ahead; else, one without a readable date.
 */
export function newestRecord(records: IDataObject[], now: number): IDataObject | undefined {
	const plausibleUntil = now + CLOCK_TOLERANCE_MS;
	let newest: IDataObject | undefined;
	let newestRank: [number, number] = [-1, 0];
	for (const record of records) {
		const ms = createdAtMs(record);
		// [tier, date]: plausible records (2) before those dated far ahead (1) before undated ones (0).
		const rank: [number, number] = ms === undefined ? [0, 0] : ms > plausibleUntil ? [1, 0] : [2, ms];
		if (rank[0] > newestRank[0] || (rank[0] === newestRank[0] && rank[1] > newestRank[1])) {
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

