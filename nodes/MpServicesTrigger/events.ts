import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../shared/constants';
import {
	endpointPathOption,
	filtersCollection,
	inventoryMovementFilterFields,
	maxResponseSizeOption,
	optionsCollection,
	splitLinesOption,
	timeoutOption,
	workOrderFilterFields,
} from '../shared/descriptions';
import type { RecordKindName } from '../shared/recordKinds';
import type { Watch } from './poll';

/** Each event: the records it polls, what it watches for among them, and its label (in the order the editor lists them). */
export const EVENTS: Record<string, { kind: RecordKindName; watch: Watch; name: string; description: string }> = {
	inventoryMovementCreated: {
		kind: 'inventoryMovement',
		watch: 'created',
		name: 'New Inventory Movement',
		description: 'Triggers when stock moves in or out (one item per movement, or per line)',
	},
	workOrderCreated: {
		kind: 'workOrder',
		watch: 'created',
		name: 'New Work Order',
		description: 'Triggers when a work order is created',
	},
	workOrderClosed: {
		kind: 'workOrder',
		watch: 'closed',
		name: 'Work Order Closed',
		description: 'Triggers each time a work order turns closed',
	},
	workOrderUpdated: {
		kind: 'workOrder',
		watch: 'updated',
		name: 'Work Order Updated',
		description: 'Triggers each time a work order changes (rescheduled, reassigned, closed, …), with what changed',
	},
};

/**
 * What the editor says above the trigger's parameters; the README quotes it
 * word for word (a test checks), so the advice is given once.
 */
export const TRIGGER_NOTICE =
	'Each new record is emitted once. The first activation takes the records of the last two days as already seen; activated again later, the workflow emits what arrived while it was inactive, as far back as the two days MPservices keeps. Poll at least every few hours, so that a failed poll or a restart never comes near the two-day window.';

/** The limit of the closed and updated events, said once (the README quotes it too). */
export const WATCH_NOTICE =
	'Only work orders created in the last two days are watched: MPservices returns no others, so a work order closed or changed more than two days after its creation is never seen.';

const emitExistingOption: INodeProperties = {
	displayName: 'Emit Existing on Activation',
	name: 'emitExisting',
	type: 'boolean',
	default: false,
	description:
		'Whether to emit the records already in the two-day window when the workflow is activated (once), instead of only the ones created afterwards; for Work Order Closed, the work orders already closed',
};

const byLabel = (fields: INodeProperties[]) => [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));
const workOrderOptions = (extra: INodeProperties[]) =>
	optionsCollection([endpointPathOption(ENDPOINTS.workOrders), ...extra, maxResponseSizeOption, timeoutOption]);

/** The parameters below Event: each event's filters (those of the matching Get Many, but Created After) and options. */
export const eventProperties: INodeProperties[] = [
	...updateDisplayOptions({ show: { event: ['workOrderCreated'] } }, [
		filtersCollection(byLabel(workOrderFilterFields)),
		workOrderOptions([emitExistingOption]),
	]),
	// Closed: Status would only hide what the event is about.
	...updateDisplayOptions({ show: { event: ['workOrderClosed'] } }, [
		filtersCollection(byLabel(workOrderFilterFields.filter((field) => field.name !== 'status'))),
		workOrderOptions([emitExistingOption]),
	]),
	// Updated: Status applies to the work order as it is now. Nothing to emit at activation: no previous values.
	...updateDisplayOptions({ show: { event: ['workOrderUpdated'] } }, [
		filtersCollection(byLabel(workOrderFilterFields)),
		workOrderOptions([]),
	]),
	...updateDisplayOptions({ show: { event: ['inventoryMovementCreated'] } }, [
		filtersCollection(byLabel(inventoryMovementFilterFields)),
		optionsCollection([emitExistingOption, maxResponseSizeOption, splitLinesOption, timeoutOption]),
	]),
];
