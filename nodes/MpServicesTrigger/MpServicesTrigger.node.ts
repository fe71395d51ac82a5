import type {
	IDataObject,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { CREDENTIAL_TYPE, ENDPOINTS } from '../shared/constants';
import {
	endpointPathOption,
	inventoryMovementFilterFields,
	optionsCollection,
	splitLinesOption,
	timeoutOption,
	workOrderFilterFields,
} from '../shared/descriptions';
import { filterPredicate, selectRecords } from '../shared/getMany';
import type { RecordKindName } from '../shared/resources';
import { RECORD_KINDS } from '../shared/resources';
import { MpServicesClient } from '../shared/transport';
import { isPollState, newestRecord, processPoll } from './poll';

/** Trigger event → the kind of record it watches. */
const EVENTS: Record<string, RecordKindName> = {
	workOrderCreated: 'workOrder',
	inventoryMovementCreated: 'inventoryMovement',
};

const forEvent = (event: string) => ({ event: [event] });

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
		icon: { light: 'file:mpServices.svg', dark: 'file:mpServices.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
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
				options: [
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
				],
			},
			{
				displayName:
					'Each new record is emitted once. When the workflow is activated, the records of the last two days are taken as already seen. MPservices keeps only two days of history: poll at least every two days.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: forEvent('workOrderCreated') },
				options: workOrderFilterFields,
			},
			{
				displayName: 'Filters',
				name: 'filters',
				type: 'collection',
				placeholder: 'Add Filter',
				default: {},
				displayOptions: { show: forEvent('inventoryMovementCreated') },
				options: inventoryMovementFilterFields,
			},
			optionsCollection(forEvent('workOrderCreated'), [
				endpointPathOption(ENDPOINTS.workOrders),
				emitExistingOption,
				timeoutOption,
			]),
			optionsCollection(forEvent('inventoryMovementCreated'), [
				emitExistingOption,
				splitLinesOption,
				timeoutOption,
			]),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as string;
		const kindName = EVENTS[event];
		if (!kindName) throw new NodeOperationError(this.getNode(), `The event "${event}" is not known`);
		const kind = RECORD_KINDS[kindName];
		const filters = this.getNodeParameter('filters', {}) as IDataObject;
		const options = this.getNodeParameter('options', {}) as IDataObject;
		const splitLines = kind.splittable && options.splitLines === true;
		const matches = filterPredicate.call(this, kind, filters);

		const client = await MpServicesClient.create(this, { timeout: options.timeout as number | undefined });
		const records = await client.fetchList(kind.endpoint, { path: options.endpointPath as string | undefined });

		if (this.getMode() === 'manual') {
			const newest = newestRecord(records.filter(matches));
			if (!newest) {
				throw new NodeOperationError(
					this.getNode(),
					`No ${kind.label} matching the filters was created in the last two days`,
					{
						description: `MPservices only returns the last two days. Create a ${kind.label} in MPservices (or loosen the filters) and fetch again.`,
					},
				);
			}
			return [this.helpers.returnJsonArray(selectRecords([newest], { matches, splitLines, limit: Infinity }))];
		}

		const staticData = this.getWorkflowStaticData('node');
		const previous = isPollState(staticData.mpServices) ? staticData.mpServices : undefined;
		const result = processPoll(previous, event, records, Date.now(), {
			emitExisting: options.emitExisting === true,
		});

		if (result.malformed > 0) {
			this.logger.warn(
				`MPservices Trigger "${this.getNode().name}" skipped ${result.malformed} ${kind.label} record(s) without an id`,
			);
		}
		if (result.gapSince !== undefined) {
			this.logger.warn(
				`MPservices Trigger "${this.getNode().name}" last polled successfully at ${new Date(result.gapSince).toISOString()}, more than two days ago: ${kind.label}s created since then that are no longer in the API's two-day window were missed and cannot be recovered`,
			);
		}
		staticData.mpServices = result.state as unknown as IDataObject;

		// The same selection as Get Many, so the items look exactly alike.
		const json = selectRecords(result.emitted, { matches, splitLines, limit: Infinity });
		return json.length ? [this.helpers.returnJsonArray(json)] : null;
	}
}
