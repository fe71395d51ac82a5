import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { createdAfterFilter, filtersCollection, getManyPaging, listOptions, outputProperties, sortCollection } from '../../shared/descriptions';
import { readItemOptions, readOutputShape, readSort } from '../../shared/options';
import type { RecordKind } from '../../shared/records';
import { newestFirst, selectRecords, shapeRecord, sortRecords } from '../../shared/records';
import { FieldError } from '../../shared/validation';
import type { MpServicesClient } from '../../shared/transport/request';
import type { ItemOptions } from '../../shared/options';
import { defineOperation } from './operation';

/** What a resource adds to each record it outputs (Work Order: Include Parts), read once per execution. */
export type Enrich = (client: MpServicesClient, options: ItemOptions) => Promise<(record: IDataObject) => IDataObject>;

/**
 * The Get Many of a kind of record (kinds/): every list resource has one, built from what the kind says of itself.
 * One list request, then the Sort (newest first by default), the filters, Split Lines, Limit and the shape.
 */
export function getManyOperation(kind: RecordKind, extra: { options?: INodeProperties[]; enrich?: Enrich } = {}) {
	const noun = `${kind.label}s`;
	return defineOperation({
		value: 'getAll',
		name: 'Get Many',
		description: `Get the ${noun} created in the last two days, newest first`,
		// Also what an AI Agent reads of this tool: say what the list can and cannot hold.
		action: `Get many ${noun} created in the last two days`,
		endpoints: [kind.endpoint],
		properties: [
			...getManyPaging,
			...outputProperties(kind),
			filtersCollection([createdAfterFilter, ...kind.filterFields]),
			listOptions(kind, extra.options),
			sortCollection(kind.sortFields),
		],
		/** Which records, which of them, in what order, how many, in what shape; a bad value throws a FieldError before anything is sent. */
		read(this: IExecuteFunctions, itemIndex: number) {
			const returnAll = this.getNodeParameter('returnAll', itemIndex, false) as boolean;
			const limit = returnAll ? Infinity : (this.getNodeParameter('limit', itemIndex) as unknown);
			if (!returnAll && !(typeof limit === 'number' && Number.isInteger(limit) && limit >= 1)) {
				throw new FieldError('limit', 'Limit', `must be a whole number of at least 1, got ${JSON.stringify(limit)}`);
			}
			return {
				filter: kind.filter(this.getNodeParameter('filters', itemIndex, {}) as IDataObject, { timezone: this.getTimezone() }),
				options: readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject),
				sort: readSort(this.getNodeParameter('sort', itemIndex, {}) as IDataObject, kind),
				limit: limit as number,
				shape: readOutputShape((name, fallback) => this.getNodeParameter(name, itemIndex, fallback), kind),
			};
		},
		async send(client, { filter, options, sort, limit, shape }) {
			const ordered = sortRecords(newestFirst(await client.fetchList(kind, options)), sort);
			const selected = selectRecords(ordered, { filter, splitLines: kind.splittable && options.splitLines, limit });
			const enrich = extra.enrich && selected.length ? await extra.enrich(client, options) : () => ({});
			return selected.map((record) => ({ ...shapeRecord(record, kind, shape), ...enrich(record) }));
		},
	});
}
