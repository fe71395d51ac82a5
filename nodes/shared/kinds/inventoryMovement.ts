import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../constants';
import type { FilterContext } from '../filters';
import { combine, createdAfter, filterReader } from '../filters';
import type { RecordFilter, RecordKind } from '../records';
import { asText, isObject } from '../records';

/** Inventory movements: stock in (receipts) and out (parts used), each with lines per product. */

const filterFields: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any', value: 'any', description: 'Inbound and outbound movements' },
			{ name: 'Inbound', value: 'inbound', description: 'Only stock coming in (receipts)' },
			{ name: 'Outbound', value: 'outbound', description: 'Only stock going out (issues)' },
		],
		description: 'Only return movements of this type',
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. Folio-198',
		description: 'Only return movements with exactly this reference',
	},
	{
		displayName: 'Item External ID',
		name: 'itemExternalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. SKU-1042',
		description:
			"Only return movements with a line for the product with exactly this external ID (case-sensitive); with Split Lines, only that product's lines",
	},
];

const read = filterReader(filterFields);

/** Type: any case; Reference exact; Item External ID exact and case-sensitive (movements with such a line; with Split Lines, those lines). */
export function inventoryMovementFilter(filters: IDataObject, context: FilterContext = {}): RecordFilter {
	const type = read.option(filters, 'type', ['any', 'inbound', 'outbound'] as const);
	const reference = read.text(filters, 'reference');
	const itemExternalId = read.text(filters, 'itemExternalId');
	const lineMatches = itemExternalId ? (line: IDataObject) => asText(line.item_external_id) === itemExternalId : undefined;
	return {
		matches: combine([
			type !== 'any' ? (r) => String(r.type ?? '').trim().toLowerCase() === type : undefined,
			createdAfter(read.date(filters, 'createdAfter', context)),
			reference ? (r) => String(r.reference ?? '').trim() === reference : undefined,
			lineMatches ? (r) => Array.isArray(r.movements) && (r.movements as unknown[]).some((line) => isObject(line) && lineMatches(line)) : undefined,
		]),
		lineMatches,
	};
}

export const inventoryMovement: RecordKind = {
	name: 'inventoryMovement',
	endpoint: ENDPOINTS.inventoryMovements,
	label: 'inventory movement',
	wrapperKey: 'movements',
	filterFields,
	filter: inventoryMovementFilter,
	sortFields: [
		{ name: 'Created At', value: 'createdAt' },
		{ name: 'Reference', value: 'reference' },
	],
	splittable: true,
};
