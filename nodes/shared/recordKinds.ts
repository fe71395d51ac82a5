import type { IDataObject } from 'n8n-workflow';

import type { ListEndpoint } from './constants';
import { ENDPOINTS } from './constants';
import type { FilterContext } from './filters';
import { inventoryMovementFilter, workOrderFilter } from './filters';
import type { RecordFilter } from './records';

/** The two kinds of record the list endpoints return, and what Get Many and the trigger need to know of each. */
export interface RecordKind {
	endpoint: ListEndpoint;
	/** Singular, for messages: "work order". */
	label: string;
	/** The Filters collection as a filter; throws a FieldError naming a filter that cannot be one. */
	filter: (filters: IDataObject, context?: FilterContext) => RecordFilter;
	/** Whether Split Lines applies (one item per movement line). */
	splittable: boolean;
}

export const RECORD_KINDS = {
	workOrder: {
		endpoint: ENDPOINTS.workOrders,
		label: 'work order',
		filter: workOrderFilter,
		splittable: false,
	},
	inventoryMovement: {
		endpoint: ENDPOINTS.inventoryMovements,
		label: 'inventory movement',
		filter: inventoryMovementFilter,
		splittable: true,
	},
} as const satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof RECORD_KINDS;
