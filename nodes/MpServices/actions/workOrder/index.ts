import { RECORD_KINDS } from '../../../shared/kinds';
import { getManyOperation } from '../getMany';
import type { Resource } from '../operation';
import { get } from './get.operation';
import { includePartsOption, partsFinder } from './parts';

export const workOrder: Resource = {
	value: 'workOrder',
	name: 'Work Order',
	toolHint:
		'Work orders: only those created in the last two days, newest first; nothing older can be read, so a list is never the whole history ("all open work orders" means the open ones created in the last two days). Filters: status (any, open or closed), client name (contains), asset code (exact), folio (the work order number, exact), created after (a date). One work order by its folio or ID. With the node\'s Include Parts option on, each work order also has its parts (parts: the inventory movement lines for its folio) and their cost (partsCost).',
	operations: [getManyOperation(RECORD_KINDS.workOrder, { options: [includePartsOption], enrich: partsFinder }), get],
};
