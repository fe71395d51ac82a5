import type { IDataObject } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, MAX_CONCURRENCY, MAX_RESPONSE_MB_CEILING } from './constants';
import type { RequestOptions } from './transport/request';
import { FieldError, toFiniteNumber } from './validation';

/**
 * The Options collection, read one way. Two kinds of option:
 * - node-wide (Concurrency, Requests per Second): they shape the whole run,
 *   so they are read once, from the first item, and their descriptions say so;
 * - per item (Timeout, Max Response Size, Endpoint Path, Split Lines, Emit
 *   Existing on Activation): read with the item they apply to.
 */


export interface NodeWideOptions {
	concurrency: number;
	/** 0: no pacing. */
	requestsPerSecond: number;
}

export interface ItemOptions {
	/** Milliseconds; undefined for the default. */
	timeout?: number;
	/** Bytes; undefined for the default. */
	maxResponseBytes?: number;
	endpointPath?: string;
	splitLines: boolean;
	emitExisting: boolean;
	includeParts: boolean;
}

/** What a list request takes from Options: the path, the Timeout and the Max Response Size. */
export function listRequest({ endpointPath, timeout, maxResponseBytes }: ItemOptions): Pick<RequestOptions, 'endpointPath' | 'timeout' | 'maxResponseBytes'> {
	return { endpointPath, timeout, maxResponseBytes };
}

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

export function readNodeWideOptions(options: IDataObject): NodeWideOptions {
	return {
		concurrency: numberOption(options, 'concurrency', 'Concurrency', 1, MAX_CONCURRENCY, true) ?? DEFAULT_CONCURRENCY,
		requestsPerSecond: numberOption(options, 'requestsPerSecond', 'Requests per Second', 0, Infinity, false) ?? 0,
	};
}

export function readItemOptions(options: IDataObject): ItemOptions {
	const endpointPath = options.endpointPath;
	if (endpointPath !== undefined && endpointPath !== null && typeof endpointPath !== 'string') {
		throw optionError('endpointPath', 'Endpoint Path', `must be text, got ${JSON.stringify(endpointPath)}`);
	}
	return {
		timeout: numberOption(options, 'timeout', 'Timeout', 1, Infinity, false),
		maxResponseBytes: megabytes(numberOption(options, 'maxResponseSize', 'Max Response Size', 1, MAX_RESPONSE_MB_CEILING, false)),
		endpointPath: endpointPath?.trim() || undefined,
		splitLines: options.splitLines === true,
		emitExisting: options.emitExisting === true,
		includeParts: options.includeParts === true,
	};
}

const megabytes = (mb: number | undefined) => (mb === undefined ? undefined : Math.round(mb * 1024 * 1024));

/** Options → Watch Fields of Work Order Updated: the top-level fields whose change is emitted (none: any). */
export function readWatchFields(options: IDataObject): string[] {
	return fieldNames(options.watchFields, () => optionError('watchFields', 'Watch Fields', `must be a list of field names, got ${JSON.stringify(options.watchFields)}`));
}

/** Options → Due Field and Offset of Work Order Due. */
export function readDueOptions(options: IDataObject): { dueField: string; dueOffsetMinutes: number } {
	const dueField = options.dueField ?? 'scheduleDate';
	if (!['scheduleDate', 'start', 'end'].includes(dueField as string)) throw optionError('dueField', 'Due Field', `must be scheduleDate, start or end, got ${JSON.stringify(dueField)}`);
	return { dueField: dueField as string, dueOffsetMinutes: numberOption(options, 'dueOffsetMinutes', 'Offset', -Infinity, Infinity, false) ?? 0 };
}

/** A list of field names: a list, or (from an expression) a text with names separated by commas. */
export function fieldNames(value: unknown, fail: () => Error): string[] {
	if (value === undefined || value === null || value === '') return [];
	if (typeof value === 'string') return value.split(',').map((name) => name.trim()).filter(Boolean);
	if (!Array.isArray(value)) throw fail();
	return value.map(String);
}
