import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Endpoint } from './constants';
import type { FilterContext } from './filters';

/**
 * The records the list endpoints return, pure: what a kind of record is, shape normalisation, ordering, line splitting and
 * the selection Get Many outputs. The action node and the trigger share them, so both output the same items.
 */

export type RecordPredicate = (record: IDataObject) => boolean;

/** The filters of a Get Many or an event: which records, and (Item External ID) which lines of a movement. */
export interface RecordFilter {
	matches: RecordPredicate;
	/** With Split Lines, only the lines that pass; absent: every line. */
	lineMatches?: RecordPredicate;
}

/** A kind of record a list endpoint returns (kinds/), and what Get Many, Get and the trigger need to know of it. */
export interface RecordKind {
	/** The resource's value in the node. */
	name: string;
	endpoint: Endpoint;
	/** Singular, for messages: "work order". */
	label: string;
	/** The key an API might wrap a list of these in (`{ "workOrders": [...] }`). */
	wrapperKey: string;
	/** The Filters of Get Many and the trigger (Created After is added by Get Many). */
	filterFields: INodeProperties[];
	/** The Filters collection as a filter; throws a FieldError naming a filter that cannot be one. */
	filter: (filters: IDataObject, context?: FilterContext) => RecordFilter;
	/** Sort → Sort By: the first is the default (Created At: newest first, the API's order). */
	sortFields: INodePropertyOptions[];
	/** Whether Split Lines applies (one item per movement line). */
	splittable: boolean;
	/** For records of more than ten fields (n8n's UX guidelines): Simplify, and the top-level fields by name (Selected Fields, Watch Fields). */
	simplified?: { simplify: (record: IDataObject) => IDataObject; fields: INodePropertyOptions[] };
}

/** The keys an API commonly wraps a list in; each kind of record adds its own. */
const WRAPPER_KEYS = ['data', 'items', 'results', 'records', 'rows'];

export const isObject = (value: unknown): value is IDataObject => !!value && typeof value === 'object' && !Array.isArray(value);

/** A scalar as the text it is matched by (numbers as `1003`, never `1.003e3`); '' for anything else. */
export const asText = (value: unknown) => (typeof value === 'string' ? value.trim() : typeof value === 'number' || typeof value === 'bigint' ? String(value) : '');

/** A field of a nested object (`client.name`), or undefined. */
export const nested = (record: IDataObject, key: string, field: string): unknown => (isObject(record[key]) ? (record[key] as IDataObject)[field] : undefined);

/** A record's id as text (a non-blank string, trimmed, or a finite number), the one way ids are compared; undefined when it has none. */
export function recordId(record: IDataObject): string | undefined {
	const id = record.id;
	if (typeof id === 'string' && id.trim() !== '') return id.trim();
	if (typeof id === 'number' && Number.isFinite(id)) return String(id);
	return undefined;
}

/**
 * Accepts an array, a single record, or an object that wraps the array. A single record is told from a wrapper by its own
 * id: a movement's lines live under `movements`, which is also a wrapper name, so an object with an id and a createdAt is a
 * record whatever arrays it holds. An object with an id that wraps a list of records with ids (an envelope with a request
 * id) is a wrapper. Throws an Error that says what came back otherwise.
 */
export function normalizeList(body: unknown, noun: string, wrapperKey?: string): IDataObject[] {
	if (body === undefined || body === null) throw new Error(`the body was empty where a list of ${noun} was expected`);
	if (Array.isArray(body)) return assertRecords(body, noun);
	if (typeof body === 'object') {
		const object = body as IDataObject;
		const hasId = recordId(object) !== undefined;
		if (hasId && object.createdAt !== undefined) return [object];
		const wrapped = [...WRAPPER_KEYS, ...(wrapperKey ? [wrapperKey] : [])].map((key) => object[key]).filter((value): value is unknown[] => Array.isArray(value));
		const listOfRecords = wrapped.find((list) => list.length > 0 && list.every((entry) => isObject(entry) && recordId(entry) !== undefined));
		if (listOfRecords) return listOfRecords as IDataObject[];
		if (hasId) return [object];
		if (wrapped.length) return assertRecords(wrapped[0], noun);
		const keys = Object.keys(object);
		throw new Error(`expected a list of ${noun}, got an object with ${keys.length ? `the keys ${keys.slice(0, 10).join(', ')}` : 'no keys'}`);
	}
	throw new Error(`expected a list of ${noun}, got the ${typeof body} ${JSON.stringify(body).slice(0, 100)}`);
}

function assertRecords(list: unknown[], noun: string): IDataObject[] {
	const bad = list.findIndex((entry) => !isObject(entry));
	if (bad !== -1) throw new Error(`entry ${bad} of the list of ${noun} is not an object: ${JSON.stringify(list[bad])?.slice(0, 100)}`);
	return list as IDataObject[];
}

/** A time (an ISO text or ms since 1970) as ms since 1970, or undefined when missing or unreadable. */
export function toMs(value: unknown): number | undefined {
	const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

export const createdAtMs = (record: IDataObject) => toMs(record.createdAt);

/** Sort → Sort By and Direction of Get Many. */
export interface SortRule {
	field: string;
	direction: 'asc' | 'desc';
}

/** The default: Created At, newest first (the order MPservices documents). */
export const DEFAULT_SORT: SortRule = { field: 'createdAt', direction: 'desc' };

/** A value as it is compared: dates (fields named …At, …Date) and numeric text as numbers; undefined when empty. */
function sortKey(value: unknown, isDate: boolean): number | string | undefined {
	// An unreadable date, an object or a list sorts with the records that have no value.
	if (typeof value === 'number' || isDate) return toMs(value);
	if (typeof value !== 'string' || value === '') return undefined;
	const number = Number(value);
	return value.trim() !== '' && Number.isFinite(number) ? number : value;
}

/** Numbers with numbers, texts with texts; which kind comes first is rank's, whatever the direction. */
function compare(a: number | string, b: number | string): number {
	if (typeof a === 'number' && typeof b === 'number') return a - b;
	return String(a).localeCompare(String(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** Numbers (and dates) first, then texts, then records without a value. */
const rank = (key: number | string | undefined) => (typeof key === 'number' ? 0 : typeof key === 'string' ? 1 : 2);

/** The records in the rule's order, a new array. Without a value last either way; ties keep their order (the sort is stable). */
function ordered(records: IDataObject[], { field, direction }: SortRule): IDataObject[] {
	const [sign, isDate] = [direction === 'asc' ? 1 : -1, /(At|Date)$/.test(field)];
	const keyed = records.map((record) => ({ record, key: sortKey(record[field], isDate) }));
	keyed.sort((a, b) => rank(a.key) - rank(b.key) || (a.key === undefined || b.key === undefined ? 0 : sign * compare(a.key, b.key)));
	return keyed.map((entry) => entry.record);
}

/** Newest first by createdAt, ties in the API's order, undated last: the order Get Many promises, whatever order the API answered in. */
export const newestFirst = (records: IDataObject[]) => ordered(records, DEFAULT_SORT);

/** Records already newest first in Sort's order, applied before Return All and Limit, so Limit keeps the first ones of that order. */
export function sortRecords(records: IDataObject[], rule: SortRule): IDataObject[] {
	return rule.field === DEFAULT_SORT.field && rule.direction === DEFAULT_SORT.direction ? records : ordered(records, rule);
}

/** One item per line of a movement: the line's own fields plus the movement's id (as movementId), reference, type and createdAt. */
export function splitMovementLines(movement: IDataObject): IDataObject[] {
	const lines = Array.isArray(movement.movements) ? (movement.movements as unknown[]) : [];
	const { id: movementId, reference, type, createdAt } = movement;
	return lines.filter(isObject).map((line) => ({ ...line, movementId, reference, type, createdAt }));
}

/** Filters, splits and limits records, in the order given: what Get Many and the trigger output. */
export interface Selection {
	filter: RecordFilter;
	splitLines: boolean;
	/** Infinity for Return All. */
	limit: number;
}

export function selectRecords(records: IDataObject[], { filter, splitLines, limit }: Selection): IDataObject[] {
	const { matches, lineMatches } = filter;
	const output: IDataObject[] = [];
	for (const record of records) {
		if (output.length >= limit) break;
		if (!matches(record)) continue;
		if (!splitLines) output.push(record);
		else for (const line of splitMovementLines(record)) if (output.length < limit && (!lineMatches || lineMatches(line))) output.push(line);
	}
	return output;
}

/**
 * What a record looks like in an item: as MPservices returned it (raw), simplified (at most ten
 * fields), or, for an AI tool, only the fields the user chose and the ID. Only kinds with more than
 * ten fields (work orders) have a simplified form; the others always come out raw.
 */
export type OutputShape = { mode: 'raw' } | { mode: 'simplified' } | { mode: 'selected'; fields: string[] };

/** One record in the shape asked for. */
export function shapeRecord(record: IDataObject, kind: RecordKind, shape: OutputShape): IDataObject {
	if (shape.mode === 'raw' || !kind.simplified) return record;
	if (shape.mode === 'simplified') return kind.simplified.simplify(record);
	const picked: IDataObject = { id: record.id };
	for (const field of shape.fields) if (field in record) picked[field] = record[field];
	return picked;
}
