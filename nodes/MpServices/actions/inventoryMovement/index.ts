import { RECORD_KINDS } from '../../../shared/kinds';
import { getManyOperation } from '../getMany';
import type { Resource } from '../operation';

export const inventoryMovement: Resource = {
	value: 'inventoryMovement',
	name: 'Inventory Movement',
	toolHint:
		"Inventory movements (stock in and out, with a line per product): only those created in the last two days. Filters: type (inbound or outbound), reference (exact, such as Folio-198), item external ID (the product ID in the caller's system), created after.",
	operations: [getManyOperation(RECORD_KINDS.inventoryMovement)],
};
