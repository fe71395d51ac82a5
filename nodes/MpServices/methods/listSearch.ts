import type { IDataObject, ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { RECORD_KINDS } from '../../shared/kinds';
import { readItemOptions } from '../../shared/options';
import { asText, newestFirst, recordId } from '../../shared/records';
import { MpServicesClient } from '../../shared/transport/request';

/**
 * Work Order → Get, From List: the work orders of the two-day window, newest first, as "folio · title"; the search text
 * matches a folio or a title (any case). The value is the work order's ID.
 */
export async function searchWorkOrders(this: ILoadOptionsFunctions, filter?: string): Promise<INodeListSearchResult> {
	const client = await MpServicesClient.create(this);
	// The Get's own Options: an account on another path, a slow or a big window.
	const options = readItemOptions((this.getCurrentNodeParameter('options') ?? {}) as IDataObject);
	const records = newestFirst(await client.fetchList(RECORD_KINDS.workOrder, options));
	const wanted = (filter ?? '').trim().toLowerCase();
	const results = records
		.filter((record) => recordId(record) !== undefined)
		.map((record) => ({ name: `${asText(record.folio) || '?'} · ${asText(record.title) || '(no title)'}`, value: recordId(record)! }))
		.filter(({ name }) => wanted === '' || name.toLowerCase().includes(wanted));
	return { results };
}
