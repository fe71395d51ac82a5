import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS } from '../shared/constants';
import { createdAtMs } from '../shared/records';

/**
 * The trigger's exactly-once logic, pure: given the saved state and one list
 * response, which records are new, and what to save.
 *
 * - Dedupe is by record id: every id in the window is remembered with its
 *   createdAt, so ties, out-of-order arrivals and records that appear late
 *   are all handled alike.
 * - The state is pruned by the API's own clock (the newest createdAt it has
 *   returned), never by n8n's: ids older than that minus the window and a
 *   margin can no longer be returned, so they are forgotten. `horizon`
 *   remembers how far pruning went; a record older than it is never emitted,
 *   so a forgotten id cannot be replayed.
 */

/** Ids are kept this long past the API's window. */
export const STATE_MARGIN_MS = 6 * 60 * 60 * 1000;

export const STATE_VERSION = 1;

export interface PollState {
	version: number;
	/** The event the state belongs to; another event starts a fresh baseline. */
	event: string;
	/** Record id → createdAt in ms (the API's clock). */
	seen: Record<string, number>;
	/** Records created before this were possibly forgotten: never emitted (0: none yet). */
	horizon: number;
	/** The newest createdAt the API has returned (0: none yet). */
	highWater: number;
	/** n8n's clock at the last successful poll, for the gap warning only. */
	lastPollAt: number;
}

export interface PollResult {
	/** New records, oldest first. */
	emitted: IDataObject[];
	state: PollState;
	/** Records without an id, skipped. */
	malformed: number;
	/** Whether this poll took the baseline (first poll, or the event changed). */
	baseline: boolean;
	/** Set when the previous successful poll is older than the API's window: records may be lost since then. */
	gapSince?: number;
}

export function isPollState(value: unknown): value is PollState {
	const state = value as PollState | undefined;
	return (
		!!state &&
		state.version === STATE_VERSION &&
		typeof state.event === 'string' &&
		!!state.seen &&
		typeof state.seen === 'object'
	);
}

function recordId(record: IDataObject): string | undefined {
	const id = record.id;
	if (typeof id === 'string' && id.trim() !== '') return id;
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return undefined;
}

export function processPoll(
	previous: PollState | undefined,
	event: string,
	records: IDataObject[],
	now: number,
	{ emitExisting = false } = {},
): PollResult {
	const baseline = !previous || previous.event !== event;
	const seen: Record<string, number> = baseline ? {} : { ...previous.seen };
	const horizon = baseline ? 0 : previous.horizon;

	let highWater = baseline ? 0 : previous.highWater;
	let malformed = 0;
	const valid: Array<{ id: string; ms: number | undefined; record: IDataObject }> = [];
	for (const record of records) {
		const id = recordId(record);
		if (id === undefined) {
			malformed++;
			continue;
		}
		const ms = createdAtMs(record);
		if (ms !== undefined && ms > highWater) highWater = ms;
		valid.push({ id, ms, record });
	}

	const emitted: typeof valid = [];
	for (const entry of valid) {
		const isNew = !(entry.id in seen) && !(entry.ms !== undefined && entry.ms < horizon);
		if (isNew && (!baseline || emitExisting)) emitted.push(entry);
		if (!(entry.id in seen)) seen[entry.id] = entry.ms ?? (highWater > 0 ? highWater : now);
	}

	let nextHorizon = horizon;
	if (highWater > 0) {
		const cutoff = highWater - API_WINDOW_MS - STATE_MARGIN_MS;
		for (const id of Object.keys(seen)) if (seen[id] < cutoff) delete seen[id];
		nextHorizon = Math.max(horizon, cutoff);
	} else {
		// No record has had a readable createdAt yet: the ids carry n8n's clock,
		// the only one there is, and are pruned by it so the state stays bounded.
		const cutoff = now - API_WINDOW_MS - STATE_MARGIN_MS;
		for (const id of Object.keys(seen)) if (seen[id] < cutoff) delete seen[id];
	}

	// The API lists newest first: reversed, a stable sort by createdAt keeps ties in arrival order.
	emitted.reverse();
	emitted.sort((a, b) => byCreatedAt(a.ms, b.ms));

	const gapSince =
		!baseline && now - previous.lastPollAt > API_WINDOW_MS ? previous.lastPollAt : undefined;

	return {
		emitted: emitted.map((entry) => entry.record),
		state: {
			version: STATE_VERSION,
			event,
			seen,
			horizon: nextHorizon,
			highWater,
			lastPollAt: now,
		},
		malformed,
		baseline,
		gapSince,
	};
}

/** The newest record, for Fetch Test Event. */
export function newestRecord(records: IDataObject[]): IDataObject | undefined {
	let newest: IDataObject | undefined;
	let newestMs = -Infinity;
	for (const record of records) {
		const ms = createdAtMs(record) ?? -Infinity;
		if (newest === undefined || ms > newestMs) {
			newest = record;
			newestMs = ms;
		}
	}
	return newest;
}

/** Oldest first; records without a readable createdAt last. */
function byCreatedAt(a: number | undefined, b: number | undefined): number {
	if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
	return a - b;
}
