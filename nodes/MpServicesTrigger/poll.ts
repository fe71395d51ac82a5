import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS, CLOCK_TOLERANCE_MS } from '../shared/constants';
import { asText, createdAtMs, isObject, recordId, toMs } from '../shared/records';
import type { BaselineReason, PollScope, PollState } from './state';
import { baselineReason, STATE_MARGIN_MS, STATE_VERSION } from './state';

/**
 * The trigger's exactly-once logic, pure: given the saved state and one list response, what to emit and what to save.
 * - Every id of the window is remembered with its createdAt, so ties, late and out-of-order records are all handled alike.
 * - The state is pruned by the API's clock (the newest createdAt it returned): older ids can no longer come back. `horizon`
 *   says how far pruning went; a record older than it is never emitted, so a forgotten id is never replayed.
 * - The API's clock is trusted only as far as plausible: a record dated more than CLOCK_TOLERANCE_MS past n8n's clock (a
 *   clock or typing error, hours or decades off) is emitted once like any other, but moves neither the high-water mark
 *   nor the horizon, or the trigger would fall silent.
 * - Each event watches for something else (WATCHES), keeping a mark per work order where it needs one, pruned with the ids.
 */

export type Watch = 'created' | 'closed' | 'updated' | 'due' | 'assigned';

/** One item to emit: the record, and what the item adds to it (`_changes`, `_due`, `_assignee`). */
export interface Emitted {
	record: IDataObject;
	extra?: IDataObject;
}

export interface WatchOptions {
	/** Emit Existing on Activation: a baseline emits what it finds. */
	emitExisting?: boolean;
	/** Work Order Updated's Watch Fields: only changes to these are emitted (none: any). */
	watchFields?: string[];
	/** Work Order Due: the field that holds the due time, and the minutes added to it (negative: before). */
	dueField?: string;
	dueOffsetMinutes?: number;
}

/** What one record gives a watch: whether the trigger knew it, its mark, whether it may emit, n8n's clock. */
interface Seen {
	known: boolean;
	mark: unknown;
	canEmit: boolean;
	now: number;
}

/** What a watch makes of a record: its items, the mark to keep, and whether the mark changed without an item (held in memory only until n8n saves). */
interface Look {
	emit: Emitted[];
	mark?: unknown;
	quiet?: boolean;
	/** Work Order Due: a Due Field that holds something, but not a time it can be due at. */
	odd?: boolean;
}

/** A record that gives nothing and keeps no mark: most records at most polls. */
const NOTHING: Look = { emit: [] };

const WATCHES: Record<Watch, (record: IDataObject, seen: Seen, options: WatchOptions) => Look> = {
	// A record the trigger has not seen.
	created: (record, { known, canEmit }) => (!known && canEmit ? { emit: [{ record }] } : NOTHING),
	// Each time a work order turns closed (mark: it was closed at the last poll).
	closed: (record, { mark, canEmit }) => {
		const closed = record.closed === true;
		return { emit: closed && !mark && canEmit ? [{ record }] : [], mark: closed || undefined, quiet: !!mark && !closed };
	},
	// Each change of content (mark: the content at the last poll), with what changed.
	updated: (record, { known, mark }, { watchFields = [] }) => {
		const content = withoutId(record);
		const changes = known && mark ? changesBetween(mark as IDataObject, content) : undefined;
		const watched = !!changes && (watchFields.length === 0 || changes.fields.some((field) => watchFields.includes(field)));
		return { emit: watched ? [{ record, extra: { _changes: changes } }] : [], mark: content, quiet: !known || (!!changes && !watched) };
	},
	// An open work order once its Due Field plus Offset has come (mark: the field's time emitted, or taken as seen).
	// Rescheduled, it is due again; closed, not while it is; reopened, not again for the same time.
	due: (record, { mark, canEmit, now }, { dueField = 'scheduleDate', dueOffsetMinutes = 0 }) => {
		if (record.open !== true || record.closed === true) return { emit: [], mark };
		const time = dueTime(record, dueField);
		if (time === undefined) return { emit: [], mark, odd: ![undefined, null, ''].includes(record[dueField] as string) };
		const dueAt = time + dueOffsetMinutes * 60_000;
		if (time === mark || dueAt > now) return { emit: [], mark };
		const due = { field: dueField, fieldTime: new Date(time).toISOString(), offsetMinutes: dueOffsetMinutes, dueAt: new Date(dueAt).toISOString() };
		return { emit: canEmit ? [{ record, extra: { _due: due } }] : [], mark: time };
	},
	// Each user newly on a work order (mark: who was on it at the last poll); removed and added again is new.
	// A `users` that is not a list says nothing of who is on it: the mark stays, so its return re-notifies nobody.
	assigned: (record, { known, mark, canEmit }) => {
		if (!Array.isArray(record.users)) return { emit: [], mark };
		const users = assignees(record.users);
		const before = new Set(mark as string[] | undefined);
		const keys = [...new Set(users.flatMap(({ key, alias }) => (alias ? [key, alias] : [key])))];
		// Known by its key, or by what it was called before its email came or went; each old entry stands for one user, and
		// what no user claims was removed.
		const added = users.filter(({ key, was }) => !(before.delete(key) || before.delete(was)));
		const emit = canEmit ? added.map(({ username, email }) => ({ record, extra: { _assignee: { username, email } } })) : [];
		return { emit, mark: keys, quiet: known && [...before].some((key) => !keys.includes(key)) };
	},
};

/** An instant as MPservices writes one (ISO 8601 with a zone: `2023-09-15T06:00:00.000Z`), in ms; anything else is no time. */
function instant(value: unknown): number | undefined {
	return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(value.trim()) ? toMs(value.trim()) : undefined;
}

/** Work Order Due's time: an instant, but not one more than a year before the work order was created (0001-01-01, 1970-01-01: "no date"). */
function dueTime(record: IDataObject, dueField: string): number | undefined {
	const time = instant(record[dueField]);
	return time === undefined || time < (createdAtMs(record) ?? Date.now()) - 365 * 86_400_000 ? undefined : time;
}

/**
 * The users on a work order, once each: the same email (any case) is the same user; without one, the same username. `alias` and
 * `was` let a user whose email appears or goes stay the same user: one with an email is also known by its username (`name:`).
 */
function assignees(users: unknown[]): Array<{ key: string; alias?: string; was: string; username: unknown; email: unknown }> {
	const found = new Map<string, { key: string; alias?: string; was: string; username: unknown; email: unknown }>();
	for (const user of users) {
		const { username = null, email = null } = isObject(user) ? user : typeof user === 'string' ? { username: user } : {};
		const [mail, name] = [asText(email).toLowerCase(), asText(username).toLowerCase()];
		const key = mail ? `email:${mail}` : name ? `username:${name}` : '';
		const [alias, was] = mail ? [name && `name:${name}`, name && `username:${name}`] : [undefined, `name:${name}`];
		if (key && !found.has(key)) found.set(key, { key, alias: alias || undefined, was: was || key, username: asText(username) || username, email: asText(email) || email });
	}
	return [...found.values()];
}

/** A record without its id: what Work Order Updated keeps to compare with. */
function withoutId(record: IDataObject): IDataObject {
	// Copied key by key: a `delete` would turn the object into a slow dictionary for V8, and every
	// poll of Work Order Updated compares and saves thousands of these.
	const rest: IDataObject = {};
	for (const key of Object.keys(record)) if (key !== 'id') rest[key] = record[key];
	return rest;
}

/** JSON with object keys sorted, so that a change of key order alone is not a change. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (!value || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
	const object = value as IDataObject;
	return `{${Object.keys(object).sort().map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`).join(',')}}`;
}

/** The top-level fields whose values differ, and their previous values (none for a field that is new); undefined when nothing changed. */
function changesBetween(before: IDataObject, after: IDataObject): { fields: string[]; previous: IDataObject } | undefined {
	if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
	const fields: string[] = [];
	const previous: IDataObject = {};
	for (const key of [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))]) {
		if (key in before && key in after && canonical(before[key]) === canonical(after[key])) continue;
		fields.push(key);
		if (key in before) previous[key] = before[key];
	}
	return fields.length ? { fields, previous } : undefined;
}

export interface PollResult {
	/** What to emit, oldest first. */
	emitted: Emitted[];
	state: PollState;
	/** Records without an id, skipped. */
	malformed: number;
	/** New records dated more than CLOCK_TOLERANCE_MS ahead of n8n's clock (emitted, not trusted for pruning). */
	future: IDataObject[];
	/** Unseen records dated before the horizon, not emitted: emitted and forgotten long ago, or misdated. */
	stale: IDataObject[];
	/** Why this poll took a baseline, if it did. */
	baseline?: BaselineReason;
	/** Set when the state polled from is older than the API's window: records may be lost since then. */
	gapSince?: number;
	/** Marks that changed without an item: n8n saves only when a poll emits, so a restart before the next item forgets them. */
	quiet: number;
	/** Open work orders whose Due Field is set but is no time with a zone (or a placeholder): never due. */
	odd: number;
}

export function processPoll(previous: PollState | undefined, scope: PollScope, records: IDataObject[], now: number, watch: Watch = 'created', options: WatchOptions = {}): PollResult {
	const baseline = baselineReason(previous, scope);
	const kept = baseline ? undefined : previous;
	const seen: Record<string, number> = { ...kept?.seen };
	const marks: Record<string, unknown> = { ...kept?.marks };
	const horizon = kept?.horizon ?? 0;
	const plausibleUntil = now + CLOCK_TOLERANCE_MS;
	let highWater = kept?.highWater ?? 0;
	const valid: Array<{ id: string; ms: number | undefined; record: IDataObject }> = [];
	for (const record of records) {
		const id = recordId(record);
		if (id === undefined) continue;
		const ms = createdAtMs(record);
		if (ms !== undefined && ms > highWater && ms <= plausibleUntil) highWater = ms;
		valid.push({ id, ms, record });
	}

	const emitted: Array<Emitted & { ms: number | undefined; index: number }> = [];
	const [future, stale]: IDataObject[][] = [[], []];
	let [quiet, odd] = [0, 0];
	const watcher = WATCHES[watch];
	// Emit Existing: at a baseline, but not for another Due Field or Offset (what the new setting makes due is no news).
	const mayEmitNew = !baseline || (!!options.emitExisting && baseline !== 'setting');
	// New records keep no mark: not looking one up keeps a poll over 10,000 of them as fast as it was.
	const marked = watch !== 'created';
	for (let index = 0; index < valid.length; index++) {
		const { id, ms, record } = valid[index];
		const known = id in seen;
		if (!known) {
			if (ms !== undefined && ms < horizon) {
				stale.push(record);
				continue;
			}
			seen[id] = ms ?? (highWater > 0 ? highWater : now);
		}
		const look = watcher(record, { known, mark: marked ? marks[id] : undefined, canEmit: known || mayEmitNew, now }, options);
		if (look.mark !== undefined) marks[id] = look.mark;
		else if (marked && id in marks) delete marks[id];
		if (look.quiet) quiet++;
		if (look.odd) odd++;
		for (const item of look.emit) emitted.push({ ...item, ms, index });
		if (!known && look.emit.length && ms !== undefined && ms > plausibleUntil) future.push(record);
	}

	// Pruned by the API's clock where it gave a plausible one, else by n8n's: bounded either way.
	const cutoff = (highWater > 0 ? highWater : now) - API_WINDOW_MS - STATE_MARGIN_MS;
	for (const id of Object.keys(seen)) {
		if (seen[id] >= cutoff) continue;
		delete seen[id];
		delete marks[id];
	}
	// Oldest first; the API lists newest first, so ties go in arrival order (a record's own items keep theirs).
	emitted.sort((a, b) => byCreatedAt(a.ms, b.ms) || b.index - a.index);

	return {
		emitted: emitted.map(({ record, extra }) => (extra ? { record, extra } : { record })),
		state: { version: STATE_VERSION, ...scope, seen, marks, horizon: highWater > 0 ? Math.max(horizon, cutoff) : horizon, highWater, lastPollAt: now },
		malformed: records.length - valid.length,
		future,
		stale,
		baseline,
		gapSince: kept && now - kept.lastPollAt > API_WINDOW_MS ? kept.lastPollAt : undefined,
		quiet,
		odd,
	};
}

/**
 * Fetch Test Event: the newest record that would give an item, as that item (Work Order Updated: the newest, with no
 * changes, since there is no earlier poll). Newest among the plausibly dated first, then those dated far ahead, then the
 * undated.
 */
export function testItem(records: IDataObject[], now: number, watch: Watch, options: WatchOptions): Emitted | undefined {
	const rank = (ms: number | undefined) => (ms === undefined ? -Infinity : ms > now + CLOCK_TOLERANCE_MS ? -Number.MAX_VALUE : ms);
	const newest = records.map((record) => ({ record, rank: rank(createdAtMs(record)) })).sort((a, b) => b.rank - a.rank);
	for (const { record } of newest) {
		if (watch === 'updated') return { record, extra: { _changes: { fields: [], previous: {} } } };
		const [item] = WATCHES[watch](record, { known: false, mark: undefined, canEmit: true, now }, options).emit;
		if (item) return item;
	}
	return undefined;
}

/** Oldest first; records without a readable createdAt last. */
function byCreatedAt(a: number | undefined, b: number | undefined): number {
	if (a === undefined || b === undefined) return a === b ? 0 : a === undefined ? 1 : -1;
	return a - b;
}
