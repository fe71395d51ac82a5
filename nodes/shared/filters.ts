import type { IDataObject } from 'n8n-workflow';

import { createdAfterFilter, inventoryMovementFilterFields, workOrderFilterFields } from './descriptions';
import { FieldError } from './validation';
import type { RecordFilter, RecordPredicate } from './records';
import { createdAtMs } from './records';

/**
 * The contract's filters as predicates, pure. Filter values may come from
 * expressions, so any scalar is taken as text (a numeric asset code is
 * `1042`, not an error), and a value that cannot be a filter throws a
 * FieldError naming that filter.
 */

/** Each filter's label, from the parameter descriptions (the one place labels are written). */
const LABELS: Record<string, string> = Object.fromEntries(
	[createdAfterFilter, ...workOrderFilterFields, ...inventoryMovementFilterFields].map((field) => [
		field.name,
		field.displayName,
	]),
);

const DATE_HINT =
	'Use a date such as 2026-11-27T08:00:00Z, pick one in the date picker, or an expression such as {{ $now.minus(1, "hour") }}.';

const fieldError = (name: string, reason: string) =>
	new FieldError(name, `Filters → ${LABELS[name] ?? name}`, reason, name === 'createdAfter' ? DATE_HINT : undefined);

/** A text filter's value, trimmed; '' when unset. Numbers and booleans are matched as their text. */
export function textFilter(filters: IDataObject, name: string): string {
	const value = filters[name];
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	throw fieldError(name, `must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
}

/** An options filter's value in lower case, one of `allowed` ('any' when unset). */
export function optionFilter<T extends string>(filters: IDataObject, name: string, allowed: readonly T[]): T {
	const text = textFilter(filters, name).toLowerCase();
	if (text === '') return 'any' as T;
	if (!(allowed as readonly string[]).includes(text)) {
		throw fieldError(name, `must be one of ${allowed.join(', ')}, got ${JSON.stringify(filters[name])}`);
	}
	return text as T;
}

/** What a filter needs to know of the workflow: its time zone, for dates written without one. */
export interface FilterContext {
	/** An IANA zone (the workflow's setting, else the instance's): `this.getTimezone()`. */
	timezone?: string;
}

/** A date and time without a zone or offset: what n8n's date picker stores (`2026-12-01T10:00:00`). */
const ZONELESS = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?)?$/;

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();

/** How far the zone's wall clock is ahead of UTC at this instant, in ms. */
function zoneOffsetMs(timezone: string, utcMs: number): number {
	let format = offsetFormatters.get(timezone);
	if (!format) {
		format = new Intl.DateTimeFormat('en-US', {
			timeZone: timezone,
			hourCycle: 'h23',
			year: 'numeric',
			month: '2-digit',
			day: '2-digit',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		});
		offsetFormatters.set(timezone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((part) => [part.type, part.value]));
	const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
	return wall - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

/**
 * A zone-less date and time as an instant in `timezone` (exact across DST
 * changes: the offset is taken at the instant itself); undefined when the
 * text is not zone-less.
 */
export function zonelessToMs(text: string, timezone: string): number | undefined {
	const m = ZONELESS.exec(text);
	if (!m) return undefined;
	const [, y, mo, d, h = '0', mi = '0', sec = '0', ms = '0'] = m;
	const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +sec, +ms.padEnd(3, '0'));
	if (!Number.isFinite(wall)) return undefined;
	const first = wall - zoneOffsetMs(timezone, wall);
	return wall - zoneOffsetMs(timezone, first);
}

/**
 * Created After in milliseconds, or undefined when unset. Takes a date text
 * (ISO 8601 or anything Date.parse reads), a number of milliseconds since
 * 1970, a JavaScript Date or a Luxon DateTime (what `{{ $now }}` gives). A
 * text without a zone or offset (what n8n's date picker stores) means the
 * workflow's time zone; one with a zone, a Date or a DateTime keeps its own.
 */
export function dateFilter(filters: IDataObject, name: string, context: FilterContext = {}): number | undefined {
	const value = filters[name] as unknown;
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	let ms = NaN;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		ms = (context.timezone ? zonelessToMs(text, context.timezone) : undefined) ?? Date.parse(text);
	} else if (value instanceof Date) ms = value.getTime();
	else if (typeof (value as { toMillis?: unknown }).toMillis === 'function') ms = (value as { toMillis(): number }).toMillis();
	if (!Number.isFinite(ms)) throw fieldError(name, `must be a date, got ${JSON.stringify(value) ?? String(value)}`);
	return ms;
}

function createdAfter(after: number | undefined): RecordPredicate | undefined {
	if (after === undefined) return undefined;
	return (record) => {
		const ms = createdAtMs(record);
		return ms !== undefined && ms > after;
	};
}

function combine(predicates: Array<RecordPredicate | undefined>): RecordPredicate {
	const active = predicates.filter((p): p is RecordPredicate => p !== undefined);
	return (record) => active.every((p) => p(record));
}

function nested(record: IDataObject, key: string, field: string): unknown {
	const value = record[key];
	return value && typeof value === 'object' ? (value as IDataObject)[field] : undefined;
}

/** A scalar as the text it is matched by (numbers as `1003`, never `1.003e3`); '' for anything else. */
const asText = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'bigint' ? String(value) : '');

/**
 * Status (any/open/closed), Created After, Client Name (contains, any case),
 * Asset Code (exact), Folio (exact, as text: 1003 and "1003" alike).
 */
export function workOrderFilter(filters: IDataObject, context: FilterContext = {}): RecordFilter {
	const status = optionFilter(filters, 'status', ['any', 'open', 'closed'] as const);
	const clientName = textFilter(filters, 'clientName').toLowerCase();
	const assetCode = textFilter(filters, 'assetCode');
	const folio = textFilter(filters, 'folio');
	return {
		matches: combine([
			status === 'open' ? (r) => r.open === true : undefined,
			status === 'closed' ? (r) => r.closed === true : undefined,
			createdAfter(dateFilter(filters, 'createdAfter', context)),
			clientName ? (r) => String(nested(r, 'client', 'name') ?? '').toLowerCase().includes(clientName) : undefined,
			assetCode ? (r) => String(nested(r, 'asset', 'code') ?? '').trim() === assetCode : undefined,
			folio ? (r) => asText(r.folio) === folio : undefined,
		]),
	};
}

/**
 * Type (any/inbound/outbound, any case), Created After, Reference (exact),
 * Item External ID (exact, case-sensitive: movements with such a line; with
 * Split Lines, only those lines).
 */
export function inventoryMovementFilter(filters: IDataObject, context: FilterContext = {}): RecordFilter {
	const type = optionFilter(filters, 'type', ['any', 'inbound', 'outbound'] as const);
	const reference = textFilter(filters, 'reference');
	const itemExternalId = textFilter(filters, 'itemExternalId');
	const lineMatches = itemExternalId ? (line: IDataObject) => asText(line.item_external_id) === itemExternalId : undefined;
	return {
		matches: combine([
			type !== 'any' ? (r) => String(r.type ?? '').trim().toLowerCase() === type : undefined,
			createdAfter(dateFilter(filters, 'createdAfter', context)),
			reference ? (r) => String(r.reference ?? '').trim() === reference : undefined,
			lineMatches ? (r) => Array.isArray(r.movements) && (r.movements as unknown[]).some((line) => isLine(line) && lineMatches(line)) : undefined,
		]),
		lineMatches,
	};
}

const isLine = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);
