import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/compat';
import { CLOCK_TOLERANCE_MS, CREDENTIAL_TYPE, ENDPOINTS } from '../shared/constants';
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
import { readItemOptions } from '../shared/options';
import type { RecordKindName } from '../shared/recordKinds';
import { RECORD_KINDS } from '../shared/recordKinds';
import type { RecordPredicate } from '../shared/records';
import { selectRecords } from '../shared/records';
import { MpServicesClient } from '../shared/transport';
import { inputError } from '../shared/validation';
import type { PollResult, Watch } from './poll';
import { activationBaseline, CHANGES_KEY, isPollState, newestRecord, processPoll } from './poll';


// Refuse, clearly, an n8n too old for these nodes (README → Compatibility).
assertSupportedN8n();

/** Each event: the records it polls, what it watches for among them, and its label (in the order the editor lists them). */
const EVENTS: Record<string, { kind: RecordKindName; watch: Watch; name: string; description: string }> = {
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
	'Each new record is emitted once. When the workflow is activated, the records of the last two days are taken as already seen. MPservices keeps only two days of history: poll at least every few hours, so that a failed poll or a restart never comes near the two-day window.';

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

export class MpServicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MPservices Trigger',
		name: 'mpServicesTrigger',
		icon: { light: 'file:../../icons/mpServices.svg', dark: 'file:../../icons/mpServices.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The event's label, not its value; checked against the options in test/description.test.ts.
		subtitle: '={{ {"inventoryMovementCreated":"New Inventory Movement","workOrderCreated":"New Work Order","workOrderClosed":"Work Order Closed","workOrderUpdated":"Work Order Updated"}[$parameter["event"]] }}',
		description: 'Starts the workflow when a work order is created, closed or changed, or an inventory movement is created, in MPservices',
		defaults: {
			name: 'MPservices Trigger',
		},
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'workOrderCreated',
				options: Object.entries(EVENTS).map(([value, { name, description }]) => ({ name, value, description })),
			},
			{
				displayName: TRIGGER_NOTICE,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: WATCH_NOTICE,
				name: 'watchNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['workOrderClosed', 'workOrderUpdated'] } },
			},
			// The filters of the matching Get Many, except Created After (the trigger tracks what is new itself).
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
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const event = this.getNodeParameter('event') as string;
		const spec = EVENTS[event];
		if (!spec) throw new NodeOperationError(node, `The event "${event}" is not known`);
		const kind = RECORD_KINDS[spec.kind];
		let filter;
		let options;
		try {
			filter = kind.filter(this.getNodeParameter('filters', {}) as IDataObject, { timezone: this.getTimezone() });
			options = readItemOptions(this.getNodeParameter('options', {}) as IDataObject);
		} catch (error) {
			throw inputError(node, error);
		}
		const selection = { filter, splitLines: kind.splittable && options.splitLines, limit: Infinity };

		const client = await MpServicesClient.create(this);
		const records = await client.fetchList(kind.endpoint, { path: options.endpointPath, timeout: options.timeout, maxResponseBytes: options.maxResponseBytes });

		if (this.getMode() === 'manual') return [this.helpers.returnJsonArray(selectRecords([testEvent(node, spec, kind.label, records, filter.matches)], selection))];

		const staticData = this.getWorkflowStaticData('node');
		const copies = activationCopies.call(this);
		const now = Date.now();
		const { credentialId, baseUrl } = client.account;
		const scope = { event, account: `${credentialId}@${baseUrl}` };
		const saved = isPollState(staticData.mpServices) ? staticData.mpServices : undefined;
		const { previous, adopted } = activationBaseline(saved, copies[node.name], scope, now);
		const emitExisting = spec.watch !== 'updated' && options.emitExisting;
		const result = processPoll(previous, scope, records, now, { emitExisting, watch: spec.watch });
		logPoll.call(this, result, kind.label, adopted);
		staticData.mpServices = result.state as unknown as IDataObject;
		// The copy n8n keeps on every engine, until a poll has gone by on the node's own state.
		if (result.baseline) copies[node.name] = result.state as unknown as IDataObject;
		else if (node.name in copies) delete copies[node.name];

		// The same selection as Get Many, so the items look exactly alike.
		const json = selectRecords(result.emitted, selection);
		return json.length ? [this.helpers.returnJsonArray(json)] : null;
	}
}

/**
 * Fetch Test Event: the newest matching record of the event's kind (for
 * Work Order Closed, the newest closed one; for Work Order Updated, with an
 * empty list of changes, since there is no earlier poll to compare with).
 */
function testEvent(node: INode, spec: { watch: Watch }, label: string, records: IDataObject[], matches: RecordPredicate): IDataObject {
	const closedOnly = spec.watch === 'closed';
	const newest = newestRecord(records.filter((r) => matches(r) && (!closedOnly || r.closed === true)), Date.now());
	if (!newest) {
		const what = closedOnly ? `closed ${label}` : label;
		throw new NodeOperationError(node, `No ${what} matching the filters was created in the last two days`, {
			description: `MPservices only returns the last two days. ${closedOnly ? `Close a ${label}` : `Create a ${label}`} in MPservices (or loosen the filters) and fetch again.`,
		});
	}
	return spec.watch === 'updated' ? { ...newest, [CHANGES_KEY]: { fields: [], previous: {} } } : newest;
}

/** The baseline copies of the workflow's MPservices Triggers, by node name, in its global static data. */
function activationCopies(this: IPollFunctions): IDataObject {
	const global = this.getWorkflowStaticData('global');
	if (!global.mpServicesActivation || typeof global.mpServicesActivation !== 'object') global.mpServicesActivation = {};
	return global.mpServicesActivation as IDataObject;
}

/** What a poll found that the user should know of, through n8n's log. */
function logPoll(this: IPollFunctions, result: PollResult, label: string, adopted: boolean) {
	const who = `MPservices Trigger "${this.getNode().name}"`;
	if (adopted) {
		this.logger.warn(
			`${who} found no saved state of its own: n8n did not keep what its activation poll saved (n8n 2.41's poll scheduler with durable cursors does this). It polled from the copy it keeps in the workflow's global static data, so the ${label}s created since activation are emitted`,
		);
	}
	if (result.baseline === 'account') {
		this.logger.info(
			`${who} now polls another MPservices account (its credential or Base URL changed): the ${label}s already there are taken as seen, and only new ones are emitted`,
		);
	}
	if (result.malformed > 0) this.logger.warn(`${who} skipped ${result.malformed} ${label} record(s) without an id`);
	if (result.future.length > 0) {
		const first = result.future[0];
		this.logger.warn(
			`${who} emitted ${result.future.length} ${label} record(s) dated more than ${CLOCK_TOLERANCE_MS / 3_600_000} hours ahead of n8n's clock (for example ${String(first.id)} at ${String(first.createdAt)}); their dates are not used to track what is new`,
		);
	}
	if (result.stale.length > 0) {
		this.logger.warn(
			`${who} skipped ${result.stale.length} unseen ${label} record(s) dated before ${new Date(result.state.horizon).toISOString()}, older than the API's two-day window: either emitted long ago and forgotten, or with a wrong creation date (for example ${String(result.stale[0].id)} at ${String(result.stale[0].createdAt)})`,
		);
	}
	if (result.gapSince !== undefined) {
		this.logger.warn(
			`${who} last polled successfully at ${new Date(result.gapSince).toISOString()}, more than two days ago: ${label}s created since then that are no longer in the API's two-day window were missed and cannot be recovered`,
		);
	}
}
