import { inventoryMovement } from './inventoryMovement';
import type { RecordKind } from './types';
import { workOrder } from './workOrder';

export type { RecordKind } from './types';

/** Every kind of record the list endpoints return, by name. */
export const RECORD_KINDS = { inventoryMovement, workOrder } as const satisfies Record<string, RecordKind>;

export type RecordKindName = keyof typeof RECORD_KINDS;

/** The keys an API might wrap a list in: the common ones and each kind's own. */
export const WRAPPER_KEYS = ['data', 'items', 'results', 'records', 'rows', ...Object.values(RECORD_KINDS).map((kind: RecordKind) => kind.wrapperKey)];
