import type {
	IDataObject,
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
import { selectRecords } from '../shared/records';
import { MpServicesClient } from '../shared/transport';
import { inputError } from '../shared/validation';
import type { PollResult } from './poll';
import { activationBaseline, isPollState, newestRecord, processPoll } from './poll';


// Refuse, clearly, an n8n too old for these nodes (README → Compatibility).
assertSupportedN8n();
const EVENT_OPTIONS = [
	{
		name: 'New Inventory Movement',
		value: 'inventoryMovementCreated',
		description: 'Triggers when stock moves in or out (one item per movement, or per line)',
	},
	{
		name: 'New Work Order',
		value: 'workOrderCreated',
		description: 'Triggers when a work order is created',
	},
];

/** Trigger event → the kind of record it watches. */
const EVENTS: Record<string, RecordKindName> = {
	workOrderCreated: 'workOrder',
	inventoryMovementCreated: 'inventoryMovement',
};

/**
 * What the editor says above the trigger's parameters; the README quotes it
 * word for word (a test checks), so the advice is given once.
 */
export const TRIGGER_NOTICE =
	'Each new record is emitted once. When the workflow is activated, the records of the last two days are taken as already seen. MPservices keeps only two days of history: poll at least every few hours, so that a failed poll or a restart never comes near the two-day window.';

const emitExistingOption: INodeProperties = {
	displayName: 'Emit Existing on Activation',
	name: 'emitExisting',
	type: 'boolean',
	default: false,
	description:
		'Whether to emit the records already in the two-day window when the workflow is activated (once), instead of only the ones created afterwards',
};

export class MpServicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MPservices Trigger',
		name: 'mpServicesTrigger',
		icon: { light: 'file:../../icons/mpServices.svg', dark: 'file:../../icons/mpServices.dark.svg' },
		group: ['trigger'],
		version: 1,
		// The event's label, not its value; checked against the options in test/description.test.ts.
		subtitle: '={{ {"inventoryMovementCreated":"New Inventory Movement","workOrderCreated":"New Work Order"}[$parameter["event"]] }}',
		description: 'Starts the workflow when a work order or an inventory movement is created in MPservices',
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
				options: EVENT_OPTIONS,
			},
			{
				displayName: TRIGGER_NOTICE,
				name: 'notice',
				type: 'notice',
				default: '',
			},
			// The filters of the matching Get Many, except Created After (the trigger tracks what is new itself).
			...updateDisplayOptions({ show: { event: ['workOrderCreated'] } }, [
				filtersCollection(workOrderFilterFields),
				optionsCollection([endpointPathOption(ENDPOINTS.workOrders), emitExistingOption, maxResponseSizeOption, timeoutOption]),
			]),
			...updateDisplayOptions({ show: { event: ['inventoryMovementCreated'] } }, [
				filtersCollection(inventoryMovementFilterFields),
				optionsCollection([emitExistingOption, maxResponseSizeOption, splitLinesOption, timeoutOption]),
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const node = this.getNode();
		const event = this.getNodeParameter('event') as string;
		const kindName = EVENTS[event];
		if (!kindName) throw new NodeOperationError(node, `The event "${event}" is not known`);
		const kind = RECORD_KINDS[kindName];
		let matches;
		let options;
		try {
			matches = kind.predicate(this.getNodeParameter('filters', {}) as IDataObject);
			options = readItemOptions(this.getNodeParameter('options', {}) as IDataObject);
		} catch (error) {
			throw inputError(node, error);
		}
		const selection = { matches, splitLines: kind.splittable && options.splitLines, limit: Infinity };

		const client = await MpServicesClient.create(this);
		const records = await client.fetchList(kind.endpoint, { path: options.endpointPath, timeout: options.timeout, maxResponseBytes: options.maxResponseBytes });

		if (this.getMode() === 'manual') {
			const newest = newestRecord(records.filter(matches), Date.now());
			if (!newest) {
				throw new NodeOperationError(node, `No ${kind.label} matching the filters was created in the last two days`, {
					description: `MPservices only returns the last two days. Create a ${kind.label} in MPservices (or loosen the filters) and fetch again.`,
				});
			}
			return [this.helpers.returnJsonArray(selectRecords([newest], selection))];
		}

		const staticData = this.getWorkflowStaticData('node');
		const copies = activationCopies.call(this);
		const now = Date.now();
		const { credentialId, baseUrl } = client.account;
		const scope = { event, account: `${credentialId}@${baseUrl}` };
		const saved = isPollState(staticData.mpServices) ? staticData.mpServices : undefined;
		const { previous, adopted } = activationBaseline(saved, copies[node.name], scope, now);
		const result = processPoll(previous, scope, records, now, { emitExisting: options.emitExisting });
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
