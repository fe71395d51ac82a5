import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createdAfterFilter, filtersCollection, getManyPaging, optionsCollection } from './descriptions';
import type { ItemOptions } from './options';
import { readItemOptions } from './options';
import type { RecordKind } from './recordKinds';
import type { RecordFilter } from './records';
import { newestFirst, selectRecords } from './records';
import type { MpServicesClient } from './transport';
import { FieldError } from './validation';

/** One item's Get Many, read and checked: which records, which of them, how many. */
export interface GetManyRequest {
	kind: RecordKind;
	filter: RecordFilter;
	options: ItemOptions;
	limit: number;
}

/**
 * Reads and checks one item's Get Many parameters: a bad value (Limit, a
 * filter, an option) throws a FieldError before anything is sent.
 */
export function readGetMany(this: IExecuteFunctions, itemIndex: number, kind: RecordKind): GetManyRequest {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as unknown);
	if (!returnAll && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
		throw new FieldError('limit', 'Limit', `must be a whole number of at least 1, got ${JSON.stringify(limit)}`);
	}
	// Built before anything is sent, so a bad filter value fails with nothing sent.
	const filter = kind.filter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, { timezone: this.getTimezone() });
	const options = readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	return { kind, filter, options, limit: limit as number };
}

/** One list request, then newest first, the contract's filters, Split Lines and Limit. */
export async function sendGetMany(client: MpServicesClient, { kind, filter, options, limit }: GetManyRequest): Promise<IDataObject[]> {
	const records = await client.fetchList(kind.endpoint, { path: options.endpointPath, timeout: options.timeout, maxResponseBytes: options.maxResponseBytes });
	return selectRecords(newestFirst(records), { filter, splitLines: kind.splittable && options.splitLines, limit });
}

/** Return All, Limit, Filters and Options of a Get Many operation. */
export function getManyDescription(
	show: { resource: string[]; operation: string[] },
	filterFields: INodeProperties[],
	options: INodeProperties[],
): INodeProperties[] {
	return updateDisplayOptions({ show }, [
		...getManyPaging,
		filtersCollection([createdAfterFilter, ...filterFields].sort((a, b) => a.displayName.localeCompare(b.displayName))),
		optionsCollection(options),
	]);
}
