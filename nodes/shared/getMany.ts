import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { createdAfterFilter, filtersCollection, getManyPaging, optionsCollection } from './descriptions';
import { readItemOptions } from './options';
import type { RecordKind } from './recordKinds';
import { newestFirst, selectRecords } from './records';
import type { MpServicesClient } from './transport';
import { FieldError } from './validation';

/**
 * Get Many for one input item: one list request, then newest first, the
 * contract's filters, Split Lines and Limit.
 */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
	kind: RecordKind,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as unknown);
	if (!returnAll && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
		throw new FieldError('limit', 'Limit', `must be a whole number of at least 1, got ${JSON.stringify(limit)}`);
	}
	// Built before anything is sent, so a bad filter value fails with nothing sent.
	const matches = kind.predicate(this.getNodeParameter('filters', itemIndex, {}) as IDataObject);
	const options = readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);

	const records = await client.fetchList(kind.endpoint, { path: options.endpointPath, timeout: options.timeout });
	return selectRecords(newestFirst(records), {
		matches,
		splitLines: kind.splittable && options.splitLines,
		limit: limit as number,
	});
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
