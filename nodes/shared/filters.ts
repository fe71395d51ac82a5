import type { IDataObject } from 'n8n-workflow';

import { createdAfterFilter, inventoryMovementFilterFields, workOrderFilterFields } from './descriptions';
import { FieldError } from './validation';
import type { RecordPredicate } from './records';
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

/**
 * Created After in milliseconds, or undefined when unset. Takes a date text
 * (ISO 8601 or anything Date.parse reads), a number of milliseconds since
 * 1970, a JavaScript Date or a Luxon DateTime (what `{{ $now }}` gives).
 */
export function dateFilter(filters: IDataObject, name: string): number | undefined {
	const value = filters[name] as unknown;
	if (value === undefined || value === null) return undefined;
	if (typeof value === 'string' && value.trim() === '') return undefined;
	let ms = NaN;
	if (typeof value === 'number') ms = value;
	else if (typeof value === 'string') ms = Date.parse(value.trim());
	else if (value instanceof Date) ms = value.getTime();
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

/** Status (any/open/closed), Created After, Client Name (contains, any case), Asset Code (exact). */
export function workOrderPredicate(filters: IDataObject): RecordPredicate {
	const status = optionFilter(filters, 'status', ['any', 'open', 'closed'] as const);
	const clientName = textFilter(filters, 'clientName').toLowerCase();
	const assetCode = textFilter(filters, 'assetCode');
	return combine([
		status === 'open' ? (r) => r.open === true : undefined,
		status === 'closed' ? (r) => r.closed === true : undefined,
		createdAfter(dateFilter(filters, 'createdAfter')),
		clientName ? (r) => String(nested(r, 'client', 'name') ?? '').toLowerCase().includes(clientName) : undefined,
		assetCode ? (r) => String(nested(r, 'asset', 'code') ?? '').trim() === assetCode : undefined,
	]);
}

/** Type (any/inbound/outbound, any case), Created After, Reference (exact). */
export function inventoryMovementPredicate(filters: IDataObject): RecordPredicate {
	const type = optionFilter(filters, 'type', ['any', 'inbound', 'outbound'] as const);
	const reference = textFilter(filters, 'reference');
	return combine([
		type !== 'any' ? (r) => String(r.type ?? '').trim().toLowerCase() === type : undefined,
		createdAfter(dateFilter(filters, 'createdAfter')),
		reference ? (r) => String(r.reference ?? '').trim() === reference : undefined,
	]);
}
