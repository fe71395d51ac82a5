import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { RECORD_KINDS } from '../../../shared/kinds';
import type { ItemOptions } from '../../../shared/options';
import { asText, splitMovementLines } from '../../../shared/records';
import type { MpServicesClient } from '../../../shared/transport/request';
import { toFiniteNumber } from '../../../shared/validation';

export const includePartsOption: INodeProperties = {
	displayName: 'Include Parts',
	name: 'includeParts',
	type: 'boolean',
	default: false,
	description:
		"Whether to add each work order's parts (the lines of the inventory movements whose reference is its folio, such as Folio-198) and their cost (Outbound lines minus Inbound returns); one more request per run",
};

/**
 * Include Parts, read once per execution however many work orders: a function that gives a work order its `parts` (the lines
 * of the movements whose reference is exactly `Folio-<folio>`, as Split Lines outputs them) and `partsCost` (quantity × cost
 * of the Outbound lines minus the Inbound ones). Assumed, not documented by MPservices: that reference, the sign of Inbound
 * lines (returns), and `cost` as the unit cost.
 */
export async function partsFinder(client: MpServicesClient, { includeParts, timeout, maxResponseBytes }: ItemOptions) {
	if (!includeParts) return () => ({});
	const movements = await client.fetchList(RECORD_KINDS.inventoryMovement, { timeout, maxResponseBytes }, true).catch((error: { description?: string | null }) => {
		error.description = `Include Parts reads the inventory movements; turn it off to get the work orders without their parts. ${error.description ?? ''}`.trim();
		throw error;
	});
	const byReference = new Map<string, IDataObject[]>();
	for (const movement of movements) {
		const reference = asText(movement.reference);
		const lines = byReference.get(reference) ?? byReference.set(reference, []).get(reference)!;
		lines.push(...splitMovementLines(movement));
	}
	return (workOrder: IDataObject): IDataObject => {
		const folio = asText(workOrder.folio);
		const parts = (folio && byReference.get(`Folio-${folio}`)) || [];
		let cost = 0;
		for (const line of parts) {
			const sign = { outbound: 1, inbound: -1 }[asText(line.type).toLowerCase()] ?? 0;
			cost += sign * (toFiniteNumber(line.quantity) ?? 0) * (toFiniteNumber(line.cost) ?? 0);
		}
		return { parts, partsCost: Math.round(cost * 1e6) / 1e6 };
	};
}
