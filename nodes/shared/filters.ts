import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { createdAfterFilter } from './descriptions';
import { FieldError } from './validation';
import type { RecordPredicate } from './records';
import { createdAtMs } from './records';

/**
 * Filter values as predicates, pure. Values may come from expressions, so any scalar is taken as
 * text (a numeric asset code is `1042`, not an error); a value that cannot be a filter throws a
 * FieldError naming that filter. Each kind of record (kinds/) builds its filter from these.
 */

const DATE_HINT = 'Use a date such as 2026-11-27T08:00:00Z, pick one in the date picker, or an expression such as {{ $now.minus(1, "hour") }}.';

/** A text filter's value, trimmed; '' when unset. Numbers and booleans are matched as their text. */
function textValue(filters: IDataObject, name: string, fail: (reason: string) => FieldError): string {
	const value = filters[name];
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
	throw fail(`must be text, got ${Array.isArray(value) ? 'a list' : 'an object'}`);
}

/** The filter readers of one Filters collection: each error names the filter by its label there ("Filters → Client Name"). */
export function filterReader(fields: INodeProperties[]) {
	const labels = new Map([createdAfterFilter, ...fields].map((field) => [field.name, field.displayName]));
	const fail = (name: string) => (reason: string) =>
		new FieldError(name, `Filters → ${labels.get(name) ?? name}`, reason, name === 'createdAfter' ? DATE_HINT : undefined);
	return {
		text: (filters: IDataObject, name: string) => textValue(filters, name, fail(name)),
		/** An options filter's value in lower case, one of `allowed` ('any' when unset). */
		option<T extends string>(filters: IDataObject, name: string, allowed: readonly T[]): T {
			const text = textValue(filters, name, fail(name)).toLowerCase();
			if (text === '') return 'any' as T;
			if (!(allowed as readonly string[]).includes(text)) throw fail(name)(`must be one of ${allowed.join(', ')}, got ${JSON.stringify(filters[name])}`);
			return text as T;
		},
		date: (filters: IDataObject, name: string, context: FilterContext = {}) => dateValue(filters, name, context, fail(name)),
	};
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
		const twoDigits = { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' } as const;
		format = new Intl.DateTimeFormat('en-US', { timeZone: timezone, hourCycle: 'h23', year: 'numeric', ...twoDigits });
		offsetFormatters.set(timezone, format);
	}
	const parts = Object.fromEntries(format.formatToParts(new Date(utcMs)).map((part) => [part.type, part.value]));
	const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
	return wall - (utcMs - (utcMs % 1000 + 1000) % 1000);
}

/** A zone-less date and time as an instant in `timezone`, exact across DST changes (the offset is taken at the instant itself); else undefined. */
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
 * Created After in ms, or undefined when unset: a date text (anything Date.parse reads), ms since
 * 1970, a Date or a Luxon DateTime (`{{ $now }}`). A text without a zone (what n8n's date picker
 * stores) means the workflow's time zone; one with a zone, a Date or a DateTime keeps its own.
 */
function dateValue(filters: IDataObject, name: string, context: FilterContext, fail: (reason: string) => FieldError): number | undefined {
	const value = filters[name] as unknown;
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return undefined;
	let ms = NaN;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string') {
		const text = value.trim();
		ms = (context.timezone ? zonelessToMs(text, context.timezone) : undefined) ?? Date.parse(text);
	} else if (value instanceof Date) ms = value.getTime();
	else if (typeof (value as { toMillis?: unknown }).toMillis === 'function') ms = (value as { toMillis(): number }).toMillis();
	if (!Number.isFinite(ms)) throw fail(`must be a date, got ${JSON.stringify(value) ?? String(value)}`);
	return ms;
}

export function createdAfter(after: number | undefined): RecordPredicate | undefined {
	if (after === undefined) return undefined;
	return (record) => {
		const ms = createdAtMs(record);
		return ms !== undefined && ms > after;
	};
}

export function combine(predicates: Array<RecordPredicate | undefined>): RecordPredicate {
	const active = predicates.filter((p): p is RecordPredicate => p !== undefined);
	return (record) => active.every((p) => p(record));
}
