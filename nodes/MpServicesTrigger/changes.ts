import type { IDataObject } from 'n8n-workflow';

/** What changed in a record between two polls: the top-level fields, and their previous values. */
export interface Changes {
	fields: string[];
	previous: IDataObject;
}

/** A record without its id: what Work Order Updated keeps to compare with. */
export function withoutId(record: IDataObject): IDataObject {
	// Copied key by key: a `delete` would turn the object into a slow dictionary for V8, and every
	// poll of Work Order Updated compares and saves thousands of these.
	const rest: IDataObject = {};
	for (const key of Object.keys(record)) if (key !== 'id') rest[key] = record[key];
	return rest;
}

/** JSON with object keys sorted, so that a change of key order alone is not a change. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		const object = value as IDataObject;
		return `{${Object.keys(object)
			.sort()
			.map((key) => `${JSON.stringify(key)}:${canonical(object[key])}`)
			.join(',')}}`;
	}
	return JSON.stringify(value) ?? 'null';
}

/**
 * The top-level fields whose values differ between two versions of a
 * record, and their previous values (a field that did not exist before has
 * none in `previous`); undefined when nothing changed.
 */
export function changesBetween(before: IDataObject, after: IDataObject): Changes | undefined {
	if (JSON.stringify(before) === JSON.stringify(after)) return undefined;
	const fields: string[] = [];
	const previous: IDataObject = {};
	const keys = [...Object.keys(after), ...Object.keys(before).filter((key) => !(key in after))];
	for (const key of keys) {
		if (key in before && key in after && canonical(before[key]) === canonical(after[key])) continue;
		fields.push(key);
		if (key in before) previous[key] = before[key];
	}
	return fields.length ? { fields, previous } : undefined;
}
