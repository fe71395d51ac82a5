import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_DUE_OFFSET_MINUTES, MAX_RESPONSE_MB_CEILING, MAX_TIMEOUT_MS } from './constants';
import type { OutputShape, RecordKind, SortRule } from './records';
import { DEFAULT_SORT } from './records';
import { FieldError, toFiniteNumber } from './validation';

/**
 * The parameters shared by the operations and events, read one way; a bad value throws a
 * FieldError naming it. Two kinds of option:
 * - node-wide (Concurrency, Requests per Second): they shape the whole run, so they are read once,
 *   from the first item, and their descriptions say so;
 * - per item (Timeout, Max Response Size, Endpoint Path, Split Lines, …): read with the item they apply to.
 */

const optionError = (name: string, label: string, reason: string) => new FieldError(name, `Options → ${label}`, reason);

function numberOption(options: IDataObject, name: string, label: string, min: number, max: number, whole: boolean) {
	const raw = options[name];
	if (raw === undefined || raw === null || raw === '') return undefined;
	const value = toFiniteNumber(raw);
	if (value === undefined || value < min || value > max || (whole && !Number.isInteger(value))) {
		const range = min === -Infinity ? '' : max === Infinity ? ` at least ${min}` : ` from ${min} to ${max}`;
		throw optionError(name, label, `must be ${whole ? 'a whole number' : 'a number'}${range}, got ${JSON.stringify(raw)}`);
	}
	return value;
}

export function readNodeWideOptions(options: IDataObject): { concurrency: number; requestsPerSecond: number } {
	return {
		concurrency: numberOption(options, 'concurrency', 'Concurrency', 1, MAX_CONCURRENCY, true) ?? DEFAULT_CONCURRENCY,
		requestsPerSecond: numberOption(options, 'requestsPerSecond', 'Requests per Second', 0, Infinity, false) ?? 0,
	};
}

/** An item's Options: Timeout (ms) and Max Response Size (bytes) undefined for the defaults; they and Endpoint Path are a request's options as they are. */
export type ItemOptions = ReturnType<typeof readItemOptions>;

export function readItemOptions(options: IDataObject) {
	const endpointPath = options.endpointPath;
	if (endpointPath !== undefined && endpointPath !== null && typeof endpointPath !== 'string') {
		throw optionError('endpointPath', 'Endpoint Path', `must be text, got ${JSON.stringify(endpointPath)}`);
	}
	const maxResponseSize = numberOption(options, 'maxResponseSize', 'Max Response Size', 1, MAX_RESPONSE_MB_CEILING, false);
	// Whole ms (Node's timers refuse a fraction: 1500.5 from an expression waits 1501).
	const timeout = numberOption(options, 'timeout', 'Timeout', 1, MAX_TIMEOUT_MS, false);
	return {
		timeout: timeout === undefined ? undefined : Math.ceil(timeout),
		maxResponseBytes: maxResponseSize === undefined ? undefined : Math.round(maxResponseSize * 1024 * 1024),
		endpointPath: endpointPath?.trim() || undefined,
		splitLines: options.splitLines === true,
		emitExisting: options.emitExisting === true,
		includeParts: options.includeParts === true,
	};
}

/** Options → Watch Fields of Work Order Updated: the top-level fields whose change is emitted (none: any). */
export function readWatchFields(options: IDataObject): string[] {
	return fieldNames(options.watchFields, () => optionError('watchFields', 'Watch Fields', `must be a list of field names, got ${JSON.stringify(options.watchFields)}`));
}

/** Options → Due Field and Offset of Work Order Due. */
export function readDueOptions(options: IDataObject): { dueField: string; dueOffsetMinutes: number } {
	const dueField = options.dueField ?? 'scheduleDate';
	if (!['scheduleDate', 'start', 'end'].includes(dueField as string)) throw optionError('dueField', 'Due Field', `must be scheduleDate, start or end, got ${JSON.stringify(dueField)}`);
	return { dueField: dueField as string, dueOffsetMinutes: numberOption(options, 'dueOffsetMinutes', 'Offset', -MAX_DUE_OFFSET_MINUTES, MAX_DUE_OFFSET_MINUTES, false) ?? 0 };
}

/** A list of field names: a list, or (from an expression) a text with names separated by commas. */
function fieldNames(value: unknown, fail: () => Error): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') return value.split(',').map((name) => name.trim()).filter(Boolean);
	if (!Array.isArray(value)) throw fail();
	return value.map(String);
}

/** The shape an item's parameters ask for: Output where n8n shows it (an AI tool), else Simplify. */
export function readOutputShape(get: (name: string, fallback: unknown) => unknown, kind: RecordKind): OutputShape {
	if (!kind.simplified) return { mode: 'raw' };
	// Absent (not a tool, or an n8n without tool mode): ''.
	const output = get('output', '');
	if (output === 'raw' || output === 'simplified') return { mode: output };
	if (output === 'selected') {
		const fields = get('outputFields', []);
		return { mode: 'selected', fields: fieldNames(fields, () => new FieldError('outputFields', 'Fields', `must be a list of field names, got ${JSON.stringify(fields)}`)) };
	}
	if (output !== '') throw new FieldError('output', 'Output', `must be simplified, raw or selected, got ${JSON.stringify(output)}`);
	return { mode: get('simplify', true) === false ? 'raw' : 'simplified' };
}

/** The Sort collection as a rule; a value that is not one of its options throws. */
export function readSort(raw: IDataObject, kind: RecordKind): SortRule {
	const field = raw.field === undefined || raw.field === '' ? DEFAULT_SORT.field : raw.field;
	const allowed = kind.sortFields.map((option) => option.value);
	if (!allowed.includes(field as string)) {
		throw new FieldError('field', 'Sort → Sort By', `must be one of ${allowed.join(', ')}, got ${JSON.stringify(raw.field)}`);
	}
	const direction = raw.direction === undefined || raw.direction === '' ? DEFAULT_SORT.direction : raw.direction;
	if (direction !== 'asc' && direction !== 'desc') {
		throw new FieldError('direction', 'Sort → Direction', `must be asc or desc, got ${JSON.stringify(raw.direction)}`);
	}
	return { field: field as string, direction };
}
