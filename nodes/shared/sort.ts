import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { RecordKind } from './records';
import { FieldError } from './validation';

/**
 * Sort → Sort By and Direction of Get Many, pure. Records are sorted before
 * Return All and Limit apply, so Limit keeps the first ones of the order
 * asked for. Records without a value for the field come last either way;
 * ties keep the API's order, newest first.
 */

export interface SortRule {
	field: string;
	direction: 'asc' | 'desc';
}

/** The default: Created At, newest first (the order MPservices documents). */
export const DEFAULT_SORT: SortRule = { field: 'createdAt', direction: 'desc' };

/** The Sort collection as a rule; a value that is not one of its options throws a FieldError naming it. */
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

/** A field's value as it is compared: dates (…At, …Date) and numeric text as numbers; undefined when empty. */
function sortKey(record: IDataObject, field: string): number | string | undefined {
	const value = record[field];
	if (value === undefined || value === null || value === '') return undefined;
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	// An object or a list has no order of its own: it sorts with the records that have no value.
	if (typeof value !== 'string') return undefined;
	if (/(At|Date)$/.test(field)) {
		// An unreadable date sorts with the records that have none: last, as newest first has it.
		const ms = Date.parse(value);
		return Number.isNaN(ms) ? undefined : ms;
	}
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

/** The records in the rule's order (a new array; stable: ties keep their order). */
export function sortRecords(records: IDataObject[], { field, direction }: SortRule): IDataObject[] {
	// The default is the order the records are given in (newest first): nothing to do.
	if (field === DEFAULT_SORT.field && direction === DEFAULT_SORT.direction) return [...records];
	const sign = direction === 'asc' ? 1 : -1;
	const keyed = records.map((record) => ({ record, key: sortKey(record, field) }));
	keyed.sort((a, b) => rank(a.key) - rank(b.key) || (a.key === undefined || b.key === undefined ? 0 : sign * compare(a.key, b.key)));
	return keyed.map((entry) => entry.record);
}

/** Sort (n8n's model: Airtable v2 Record → Search): its own collection below Options. */
export function sortCollection(fields: INodePropertyOptions[]): INodeProperties {
	const firstField = fields[0].value;
	return {
		displayName: 'Sort',
		name: 'sort',
		type: 'collection',
		placeholder: 'Add Sort Option',
		default: {},
		options: [
			{
				displayName: 'Sort By',
				name: 'field',
				type: 'options',
				default: firstField,
				options: fields,
				description: 'The field to order the results by; Return All and Limit apply after sorting',
			},
			{
				displayName: 'Direction',
				name: 'direction',
				type: 'options',
				default: 'desc',
				options: [
					{ name: 'Descending', value: 'desc', description: 'Newest, latest or highest first' },
					{ name: 'Ascending', value: 'asc', description: 'Oldest, earliest or lowest first' },
				],
			},
		],
	};
}
