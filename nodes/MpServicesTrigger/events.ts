import type { INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { MAX_DUE_OFFSET_MINUTES } from '../shared/constants';
import { emitExistingOption, filtersCollection, listOptions, simplifyProperty } from '../shared/descriptions';
import { RECORD_KINDS } from '../shared/kinds';
import type { RecordKind } from '../shared/records';
import type { Watch } from './poll';

interface EventSpec {
	kind: keyof typeof RECORD_KINDS;
	watch: Watch;
	name: string;
	description: string;
	/** What Fetch Test Event looks for: "closed work order". */
	sample: string;
}

/** Each event: the records it polls, what it watches for among them, and its label, in the order the editor lists them. */
export const EVENTS: Record<string, EventSpec> = {
	inventoryMovementCreated: {
		kind: 'inventoryMovement',
		watch: 'created',
		name: 'New Inventory Movement',
		description: 'Triggers when stock moves in or out (one item per movement, or per line)',
		sample: 'inventory movement',
	},
	workOrderCreated: { kind: 'workOrder', watch: 'created', name: 'New Work Order', description: 'Triggers when a work order is created', sample: 'work order' },
	workOrderAssigned: {
		kind: 'workOrder',
		watch: 'assigned',
		name: 'Work Order Assigned',
		description: 'Triggers once for each user newly assigned to a work order, with who it is',
		sample: 'work order with a user',
	},
	workOrderClosed: { kind: 'workOrder', watch: 'closed', name: 'Work Order Closed', description: 'Triggers each time a work order turns closed', sample: 'closed work order' },
	workOrderDue: {
		kind: 'workOrder',
		watch: 'due',
		name: 'Work Order Due',
		description: 'Triggers when an open work order comes due: its schedule date, start or end, plus an offset',
		sample: 'open work order past its due time',
	},
	workOrderUpdated: {
		kind: 'workOrder',
		watch: 'updated',
		name: 'Work Order Updated',
		description: 'Triggers each time a work order changes (rescheduled, reassigned, closed, …), with what changed',
		sample: 'work order',
	},
};

const withWatch = (...watches: Watch[]) => Object.keys(EVENTS).filter((event) => watches.includes(EVENTS[event].watch));

/** What the editor says above the parameters of these events; the README quotes each word for word (a test checks), so the advice is given once. */
export const NOTICES = {
	trigger: {
		text: 'Each new record is emitted once. The first activation takes the records of the last two days as already seen; activated again later, the workflow emits what arrived while it was inactive, as far back as the two days MPservices keeps. Poll at least every few hours, so that a poll that does not go through, or a restart, never comes near the two-day window.',
		events: withWatch('created', 'closed'),
	},
	watch: {
		text: 'Only work orders created in the last two days are watched: MPservices returns no others, so a work order closed, changed or assigned more than two days after its creation is never seen.',
		events: withWatch('closed', 'updated', 'assigned'),
	},
	due: {
		text: 'MPservices returns only the work orders created in the last two days: a work order created more than two days before its due time is no longer returned when that time comes, so it cannot be reported. What is already due when the workflow is first activated is taken as seen.',
		events: withWatch('due'),
	},
};

const noticeProperties: INodeProperties[] = Object.entries(NOTICES).map(([name, { text, events }]) => ({
	displayName: text,
	name: `${name}Notice`,
	type: 'notice',
	default: '',
	displayOptions: { show: { event: events } },
}));

/** Watch Fields of Work Order Updated: emit only when one of these top-level fields changed. */
const watchFieldsOption = (kind: RecordKind): INodeProperties => ({
	displayName: 'Watch Fields',
	name: 'watchFields',
	type: 'multiOptions',
	default: [],
	options: kind.simplified?.fields ?? [],
	description:
		'Emit a work order only when one of these fields changed; leave empty for any field. The item still lists every field that changed (_changes).',
});

/** Due Field and Offset of Work Order Due. */
const dueOptions: INodeProperties[] = [
	{
		displayName: 'Due Field',
		name: 'dueField',
		type: 'options',
		default: 'scheduleDate',
		options: [
			{ name: 'End', value: 'end' },
			{ name: 'Schedule Date', value: 'scheduleDate' },
			{ name: 'Start', value: 'start' },
		],
		description: "Which of the work order's times it is due at",
	},
	{
		displayName: 'Offset',
		name: 'dueOffsetMinutes',
		type: 'number',
		typeOptions: { minValue: -MAX_DUE_OFFSET_MINUTES, maxValue: MAX_DUE_OFFSET_MINUTES },
		default: 0,
		description: 'Minutes added to the due time: negative to hear of it before (-60: an hour before), positive after (60: still open an hour after)',
	},
];

/** An event's parameters: its kind's filters (but Created After, and Status for Closed), Simplify, and its options. */
function eventProperties(value: string, { kind: name, watch }: EventSpec): INodeProperties[] {
	const kind: RecordKind = RECORD_KINDS[name];
	// Closed and Due: Status would only hide what the event is about.
	const filters = watch === 'closed' || watch === 'due' ? kind.filterFields.filter((field) => field.name !== 'status') : kind.filterFields;
	// Updated: nothing to emit at activation (no previous values), but Watch Fields.
	const options = watch === 'updated' ? [watchFieldsOption(kind)] : [emitExistingOption, ...(watch === 'due' ? dueOptions : [])];
	return updateDisplayOptions({ show: { event: [value] } }, [
		...(kind.simplified ? [simplifyProperty] : []),
		filtersCollection(filters),
		listOptions(kind, options),
	]);
}

/** The parameters below Event: the notices, then each event's own. */
export const eventsProperties: INodeProperties[] = [...noticeProperties, ...Object.entries(EVENTS).flatMap(([value, spec]) => eventProperties(value, spec))];
