import type { RecordKind } from '../records';
import { inventoryMovement } from './inventoryMovement';
import { workOrder } from './workOrder';

/**
 * Every kind of record the list endpoints return, by name. A new list resource is one of these (its
 * own file), an endpoint in constants.ts and its operations in nodes/MpServices/actions/.
 */
export const RECORD_KINDS = { inventoryMovement, workOrder } as const satisfies Record<string, RecordKind>;
