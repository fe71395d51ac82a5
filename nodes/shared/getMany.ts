import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { createdAfterFilter, getManyPaging, optionsCollection } from './descriptions';
import type { RecordPredicate } from './records';
import { splitMovementLines } from './records';
import type { RecordKind } from './resources';
import type { MpServicesClient } from './transport';
import { itemMessage } from './validation';

export interface GetManyParameters {
	matches: RecordPredicate;
	splitLines: boolean;
	/** Infinity for Return All. */
	limit: number;
}

/** Filters, splits and limits the records of one list response: what Get Many outputs. */
export function selectRecords(
	records: IDataObject[],
	{ matches, splitLines, limit }: GetManyParameters,
): IDataObject[] {
	const output: IDataObject[] = [];
	for (const record of records) {
		if (output.length >= limit) break;
		if (!matches(record)) continue;
		if (!splitLines) output.push(record);
		else for (const line of splitMovementLines(record)) if (output.length < limit) output.push(line);
	}
	return output;
}

/** Get Many for one input item: one list request, then the contract's filters, Split Lines and Limit. */
export async function getMany(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
	kind: RecordKind,
): Promise<IDataObject[]> {
	const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex, 50) as number);
	const filters = this.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;

	if (!returnAll && !(Number.isInteger(limit) && limit >= 1)) {
		throw new NodeOperationError(
			this.getNode(),
			itemMessage(`Limit (limit) must be a whole number of at least 1, got ${JSON.stringify(limit)}`, itemIndex),
			{ itemIndex },
		);
	}
	const matches = filterPredicate.call(this, kind, filters, itemIndex);

	const records = await client.fetchList(kind.endpoint, {
		path: options.endpointPath as string | undefined,
		itemIndex,
	});
	return selectRecords(records, {
		matches,
		splitLines: kind.splittable && options.splitLines === true,
		limit,
	});
}

/**
 * The filters as a predicate, built before anything is sent, so a bad
 * Created After fails early with its field and item named.
 */
export function filterPredicate(
	this: { getNode: IExecuteFunctions['getNode'] },
	kind: RecordKind,
	filters: IDataObject,
	itemIndex?: number,
): RecordPredicate {
	try {
		return kind.predicate(filters);
	} catch (error) {
		throw new NodeOperationError(
			this.getNode(),
			itemMessage(`Created After (createdAfter) ${(error as Error).message}`, itemIndex),
			{ itemIndex, description: 'Use a date such as 2026-11-27T08:00:00Z, or pick one in the date picker.' },
		);
	}
}

/** Return All, Limit, Filters and Options of a Get Many operation. */
export function getManyDescription(
	show: { resource: string[]; operation: string[] },
	filterFields: INodeProperties[],
	options: INodeProperties[],
): INodeProperties[] {
	return [
		...getManyPaging(show),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			displayOptions: { show },
			options: [createdAfterFilter, ...filterFields].sort((a, b) =>
				a.displayName.localeCompare(b.displayName),
			),
		},
		optionsCollection(show, options),
	];
}
