import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { Endpoint } from './constants';
import type { FilterContext } from './filters';

/**
 * The records the list endpoints return, pure: what a kind of record is,
 * shape normalisation, ordering, line splitting and the selection Get Many
 * outputs. The action node and the trigger share them, so both output the
 * same items.
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

/** What a list request needs to know of its records. */
export type ListKind = Pick<RecordKind, 'name' | 'endpoint' | 'label' | 'wrapperKey'>;

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
 * Accepts an array, a single record, or an object that wraps the array.
 * A single record is told from a wrapper by its own id: a movement's lines
 * live under `movements`, which is also a wrapper name, so an object with an
 * id and a createdAt is a record whatever arrays it holds. An object with an
 * id that wraps a list of records with ids (an envelope with a request id) is
 * a wrapper. Throws an Error that says what came back otherwise.
 */
export function normalizeList(body: unknown, noun: string, wrapperKey?: string): IDataObject[] {
	if (body === undefined || body === null) {
		throw new Error(`the body was empty where a list of ${noun} was expected`);
	}
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
		throw new Error(
			`expected a list of ${noun}, got an object with ${keys.length ? `the keys ${keys.slice(0, 10).join(', ')}` : 'no keys'}`,
		);
	}
	throw new Error(`expected a list of ${noun}, got the ${typeof body} ${JSON.stringify(body).slice(0, 100)}`);
}

function assertRecords(list: unknown[], noun: string): IDataObject[] {
	const bad = list.findIndex((entry) => !isObject(entry));
	if (bad !== -1) {
		throw new Error(`entry ${bad} of the list of ${noun} is not an object: ${JSON.stringify(list[bad])?.slice(0, 100)}`);
	}
	return list as IDataObject[];
}

/** A time (an ISO text or ms since 1970) as ms since 1970, or undefined when missing or unreadable. */
export function toMs(value: unknown): number | undefined {
	const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
	return Number.isFinite(ms) ? ms : undefined;
}

export const createdAtMs = (record: IDataObject) => toMs(record.createdAt);

/**
 * Newest first by createdAt, ties in the API's order, records without a
 * readable createdAt last: the order Get Many promises, whatever order the
 * API answered in.
 */
export function newestFirst(records: IDataObject[]): IDataObject[] {
	const keyed = records.map((record, index) => ({ record, index, ms: createdAtMs(record) }));
	keyed.sort((a, b) => {
		if (a.ms === undefined || b.ms === undefined) {
			if (a.ms === b.ms) return a.index - b.index;
			return a.ms === undefined ? 1 : -1;
		}
		return b.ms - a.ms || a.index - b.index;
	});
	return keyed.map((entry) => entry.record);
}

/**
 * One item per line of a movement: the line's own fields plus the movement's
 * id (as movementId), reference, type and createdAt.
 */
export function splitMovementLines(movement: IDataObject): IDataObject[] {
	const lines = Array.isArray(movement.movements) ? (movement.movements as unknown[]) : [];
	return lines.filter(isObject).map((line) => ({
		...line,
		movementId: movement.id,
		reference: movement.reference,
		type: movement.type,
		createdAt: movement.createdAt,
	}));
}

export interface Selection {
	filter: RecordFilter;
	splitLines: boolean;
	/** Infinity for Return All. */
	limit: number;
}

/** Filters, splits and limits records, in the order given: what Get Many and the trigger output. */
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
