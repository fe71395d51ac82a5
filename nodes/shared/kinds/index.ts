import { inventoryMovement } from './inventoryMovement';
import type { RecordKind } from './types';
import { workOrder } from './workOrder';

export type { RecordKind } from './types';

/** Every kind of record the list endpoints return, by name. */
export const RECORD_KINDS = { inventoryMovement, workOrder } as const satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof RECORD_KINDS;
