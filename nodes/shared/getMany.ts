import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createdAfterFilter, filtersCollection, getManyPaging, optionsCollection } from './descriptions';
import type { RecordKind } from './kinds';
import type { ItemOptions } from './options';
import { listRequest, readItemOptions } from './options';
import type { OutputShape } from './output';
import { readOutputShape, shapeRecord, simplifyProperty, toolOutputProperties } from './output';
import type { RecordFilter } from './records';
import { newestFirst, selectRecords } from './records';
import type { SortRule } from './sort';
import { readSort, sortCollection, sortRecords } from './sort';
import type { MpServicesClient } from './transport';
import { FieldError } from './validation';
import { defaultsFor } from './versions';

/** One item's Get Many, read and checked: which records, which of them, in what order, how many, in what shape. */
export interface GetManyRequest {
	kind: RecordKind;
	filter: RecordFilter;
	options: ItemOptions;
	sort: SortRule;
	limit: number;
	shape: OutputShape;
}

/**
 * Reads and checks one item's Get Many parameters: a bad value (Limit, a
 * filter, an option, Sort) throws a FieldError before anything is sent.
 */
export function readGetMany(this: IExecuteFunctions, itemIndex: number, kind: RecordKind): GetManyRequest {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, defaultsFor(this.getNode()).limit) as unknown);
	if (!returnAll && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
		throw new FieldError('limit', 'Limit', `must be a whole number of at least 1, got ${JSON.stringify(limit)}`);
	}
	// Built before anything is sent, so a bad filter value fails with nothing sent.
	const filter = kind.filter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, { timezone: this.getTimezone() });
	const options = readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	const sort = readSort(this.getNodeParameter('sort', itemIndex, {}) as IDataObject, kind);
	return { kind, filter, options, sort, limit: limit as number, shape: readOutputShape(this, kind, itemIndex) };
}

/** One list request, then the Sort (newest first by default), the filters, Split Lines, Limit and the output shape. */
export async function sendGetMany(client: MpServicesClient, { kind, filter, options, sort, limit, shape }: GetManyRequest): Promise<IDataObject[]> {
	const records = await client.fetchList(kind, listRequest(options));
	const ordered = sortRecords(newestFirst(records), sort);
	return selectRecords(ordered, { filter, splitLines: kind.splittable && options.splitLines, limit }).map((record) => shapeRecord(record, kind, shape));
}

/** Return All, Limit, Simplify (and an AI tool's Output), Filters, Options and Sort of a Get Many operation. */
export function getManyProperties(kind: RecordKind, options: INodeProperties[]): INodeProperties[] {
	return [
		...getManyPaging,
		...(kind.simplified ? [simplifyProperty, ...toolOutputProperties(kind.simplified.fields)] : []),
		filtersCollection([createdAfterFilter, ...kind.filterFields].sort((a, b) => a.displayName.localeCompare(b.displayName))),
		optionsCollection(options),
		sortCollection(kind.sortFields),
	];
}
