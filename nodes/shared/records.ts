import type { IDataObject } from 'n8n-workflow';

/**
 * Pure functions over the records the list endpoints return: shape
 * normalisation, the contract's filters, and line splitting. The action
 * node's Get Many and the trigger share them, so both output the same items.
 */

const WRAPPER_KEYS = ['data', 'items', 'results', 'records', 'workOrders', 'movements', 'rows'];

/**
 * Accepts an array, a single record, or an object that wraps the array.
 * Throws an Error that says what came back otherwise.
 */
export function normalizeList(body: unknown, noun: string): IDataObject[] {
	if (body === undefined || body === null) {
		throw new Error(`the body was empty where a list of ${noun} was expected`);
	}
	if (Array.isArray(body)) return assertRecords(body, noun);
	if (typeof body === 'object') {
		const record = body as IDataObject;
		for (const key of WRAPPER_KEYS) {
			if (Array.isArray(record[key])) return assertRecords(record[key] as unknown[], noun);
		}
		if ('id' in record) return [record];
		const keys = Object.keys(record);
		throw new Error(
			`expected a list of ${noun}, got an object with ${keys.length ? `the keys ${keys.slice(0, 10).join(', ')}` : 'no keys'}`,
		);
	}
	throw new Error(`expected a list of ${noun}, got the ${typeof body} ${JSON.stringify(body).slice(0, 100)}`);
}

function assertRecords(list: unknown[], noun: string): IDataObject[] {
	const bad = list.findIndex((entry) => !entry || typeof entry !== 'object' || Array.isArray(entry));
	if (bad !== -1) {
		throw new Error(`entry ${bad} of the list of ${noun} is not an object: ${JSON.stringify(list[bad])}`);
	}
	return list as IDataObject[];
}

/** Milliseconds since the epoch of a record's createdAt, or undefined when missing or unreadable. */
export function createdAtMs(record: IDataObject): number | undefined {
	const value = record.createdAt;
	if (typeof value !== 'string' && typeof value !== 'number') return undefined;
	const ms = typeof value === 'number' ? value : Date.parse(value);
	return Number.isFinite(ms) ? ms : undefined;
}

export interface WorkOrderFilters {
	status?: 'any' | 'open' | 'closed';
	createdAfter?: string;
	clientName?: string;
	assetCode?: string;
}

export interface InventoryMovementFilters {
	type?: 'any' | 'inbound' | 'outbound';
	createdAfter?: string;
	reference?: string;
}

export type RecordPredicate = (record: IDataObject) => boolean;

/** Parses the Created After filter once; a value that is not a date is a user error. */
export function parseCreatedAfter(value: string | undefined): number | undefined {
	if (value === undefined || value === null || String(value).trim() === '') return undefined;
	const ms = Date.parse(String(value));
	if (Number.isNaN(ms)) throw new Error(`"${value}" is not a date`);
	return ms;
}

function createdAfterPredicate(after: number | undefined): RecordPredicate | undefined {
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

export function workOrderPredicate(filters: WorkOrderFilters): RecordPredicate {
	const status = filters.status ?? 'any';
	const clientName = (filters.clientName ?? '').trim().toLowerCase();
	const assetCode = (filters.assetCode ?? '').trim();
	return combine([
		status === 'open' ? (r) => r.open === true : undefined,
		status === 'closed' ? (r) => r.closed === true : undefined,
		createdAfterPredicate(parseCreatedAfter(filters.createdAfter)),
		clientName
			? (r) => String(nested(r, 'client', 'name') ?? '').toLowerCase().includes(clientName)
			: undefined,
		assetCode ? (r) => String(nested(r, 'asset', 'code') ?? '') === assetCode : undefined,
	]);
}

export function inventoryMovementPredicate(filters: InventoryMovementFilters): RecordPredicate {
	const type = filters.type ?? 'any';
	const reference = (filters.reference ?? '').trim();
	return combine([
		type !== 'any' ? (r) => String(r.type ?? '').trim().toLowerCase() === type : undefined,
		createdAfterPredicate(parseCreatedAfter(filters.createdAfter)),
		reference ? (r) => String(r.reference ?? '') === reference : undefined,
	]);
}

/**
 * One item per line of a movement: the line's own fields plus the movement's
 * id (as movementId), reference, type and createdAt.
 */
export function splitMovementLines(movement: IDataObject): IDataObject[] {
	const lines = Array.isArray(movement.movements) ? (movement.movements as IDataObject[]) : [];
	return lines.map((line) => ({
		...line,
		movementId: movement.id,
		reference: movement.reference,
		type: movement.type,
		createdAt: movement.createdAt,
	}));
}
