import type { IDataObject } from 'n8n-workflow';

import type { ListEndpoint } from './constants';
import { ENDPOINTS } from './constants';
import { inventoryMovementPredicate, workOrderPredicate } from './filters';
import type { RecordPredicate } from './records';

/** The two kinds of record the list endpoints return, and what Get Many and the trigger need to know of each. */
export interface RecordKind {
	endpoint: ListEndpoint;
	/** Singular, for messages: "work order". */
	label: string;
	predicate: (filters: IDataObject) => RecordPredicate;
	/** Whether Split Lines applies (one item per movement line). */
	splittable: boolean;
}

export const RECORD_KINDS = {
	workOrder: {
		endpoint: ENDPOINTS.workOrders,
		label: 'work order',
		predicate: workOrderPredicate,
		splittable: false,
	},
	inventoryMovement: {
		endpoint: ENDPOINTS.inventoryMovements,
		label: 'inventory movement',
		predicate: inventoryMovementPredicate,
		splittable: true,
	},
} as const satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof RECORD_KINDS;
