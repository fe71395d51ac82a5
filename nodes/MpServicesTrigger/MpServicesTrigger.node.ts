import type {
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/compat';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { listRequest, readItemOptions, readWatchFields } from '../shared/options';
import { RECORD_KINDS } from '../shared/kinds';
import { readOutputShape, shapeRecord } from '../shared/output';
import type { RecordPredicate } from '../shared/records';
import { selectRecords } from '../shared/records';
import { MpServicesClient } from '../shared/transport/request';
import { inputError } from '../shared/validation';
import { CHANGES_KEY } from './changes';
import { EVENTS, eventsProperties, TRIGGER_NOTICE, WATCH_NOTICE } from './events';
import { logPoll } from './log';
import type { Watch } from './poll';
import { newestRecord, processPoll } from './poll';
import { activationBaseline, claimState, readState, STATIC_KEYS, takePollNumber } from './state';

export { TRIGGER_NOTICE, WATCH_NOTICE };

// Refuse, clearly, an n8n too old for these nodes (README → Compatibility).
assertSupportedN8n();

export class MpServicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MPservices Trigger',
		name: 'mpServicesTrigger',
		icon: { light: 'file:../../icons/mpServices.svg', dark: 'file:../../icons/mpServices.dark.svg' },
		group: ['trigger'],
		// From 1.0.0 on, a changed default is a new version (n8n saves no parameter left at its default).
		version: 1,
		// The event's label, not its value.
		subtitle: `={{ ${JSON.stringify(Object.fromEntries(Object.entries(EVENTS).map(([value, { name }]) => [value, name])))}[$parameter["event"]] }}`,
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
				// About new records; Work Order Updated has its own notice below.
				displayOptions: { hide: { event: ['workOrderUpdated'] } },
			},
			{
				displayName: WATCH_NOTICE,
				name: 'watchNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { event: ['workOrderClosed', 'workOrderUpdated'] } },
			},
			...eventsProperties,
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
		let shape;
		let watchFields: string[] = [];
		try {
			filter = kind.filter(this.getNodeParameter('filters', {}) as IDataObject, { timezone: this.getTimezone() });
			const raw = this.getNodeParameter('options', {}) as IDataObject;
			options = readItemOptions(raw);
			if (spec.watch === 'updated') watchFields = readWatchFields(raw);
			shape = readOutputShape(this, kind);
		} catch (error) {
			throw inputError(node, error);
		}
		const selection = { filter, splitLines: kind.splittable && options.splitLines, limit: Infinity };
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		// The same selection and shape as Get Many, so the items look exactly alike (Updated keeps _changes).
		const output = (records: IDataObject[]) =>
			this.helpers.returnJsonArray(
				selectRecords(records, selection).map(({ [CHANGES_KEY]: changes, ...record }) => ({
					...shapeRecord(record, kind, shape),
					...(changes ? { [CHANGES_KEY]: changes } : {}),
				})),
			);

		// n8n 2.41's poll scheduler abandons a poll after its budget: no request or retry goes past it.
		const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const client = await MpServicesClient.create(this, { deadline: budget === undefined ? undefined : Date.now() + budget });
		const pollNumber = manual ? 0 : takePollNumber(staticData);
		const records = await client.fetchList(kind, listRequest(options));

		if (manual) return [output([testEvent(node, spec, kind.label, records, filter.matches)])];
		// From here to the return nothing waits, so no other poll of this trigger can interleave.
		if (!claimState(staticData, pollNumber)) {
			this.logger.debug(`MPservices Trigger "${node.name}": a poll that started later has already applied a newer answer; this one's is dropped`);
			return null;
		}

		const copies = activationCopies.call(this);
		const now = Date.now();
		const { credentialId, baseUrl } = client.account;
		const scope = { event, account: `${credentialId}@${baseUrl}` };
		const saved = readState(staticData[STATIC_KEYS.state]);
		if (saved.newerVersion !== undefined) {
			throw new NodeOperationError(node, `The trigger's saved state comes from a newer version of n8n-nodes-mpservices (state version ${saved.newerVersion})`, {
				description:
					'This version cannot read it, and stops here rather than emit records twice or miss some. Install the newer version again to carry on where it left off; or, to start afresh from what is in MPservices now, rename this trigger node (n8n keeps a trigger\'s state under its name).',
			});
		}
		const { previous, adopted } = activationBaseline(saved.state, copies[node.name], scope, now);
		const emitExisting = spec.watch !== 'updated' && options.emitExisting;
		const result = processPoll(previous, scope, records, now, { emitExisting, watch: spec.watch, watchFields });
		logPoll.call(this, result, kind.label, { adopted, redact: (text) => client.redact(text) });
		staticData[STATIC_KEYS.state] = result.state as unknown as IDataObject;
		// The copy n8n keeps on every engine, until a poll has gone by on the node's own state.
		if (result.baseline) copies[node.name] = result.state as unknown as IDataObject;
		else if (node.name in copies) delete copies[node.name];

		const items = output(result.emitted);
		return items.length ? [items] : null;
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
	if (!global[STATIC_KEYS.copies] || typeof global[STATIC_KEYS.copies] !== 'object') global[STATIC_KEYS.copies] = {};
	return global[STATIC_KEYS.copies] as IDataObject;
}
