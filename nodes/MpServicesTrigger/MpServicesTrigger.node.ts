import type { IDataObject, INodeExecutionData, INodeType, INodeTypeDescription, IPollFunctions } from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/compat';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { RECORD_KINDS } from '../shared/kinds';
import { readDueOptions, readItemOptions, readOutputShape, readWatchFields } from '../shared/options';
import { selectRecords, shapeRecord } from '../shared/records';
import { MpServicesClient } from '../shared/transport/request';
import { inputError } from '../shared/validation';
import { EVENTS, eventsProperties } from './events';
import { logPoll } from './log';
import type { Emitted, WatchOptions } from './poll';
import { processPoll, testItem } from './poll';
import { activationBaseline, claimState, readState, STATIC_KEYS, takePollNumber } from './state';


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
		description: 'Starts the workflow when a work order is created, assigned, due, changed or closed, or stock moves, in MPservices',
		defaults: { name: 'MPservices Trigger' },
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				default: 'workOrderCreated',
				options: Object.entries(EVENTS).map(([value, { name, description }]) => ({ name, value, description })),
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
		const read = () => {
			const raw = this.getNodeParameter('options', {}) as IDataObject;
			const options = readItemOptions(raw);
			const watchOptions: WatchOptions = {
				emitExisting: spec.watch !== 'updated' && options.emitExisting,
				...(spec.watch === 'updated' ? { watchFields: readWatchFields(raw) } : {}),
				...(spec.watch === 'due' ? readDueOptions(raw) : {}),
			};
			const filter = kind.filter(this.getNodeParameter('filters', {}) as IDataObject, { timezone: this.getTimezone() });
			return { filter, options, watchOptions, shape: readOutputShape((name, fallback) => this.getNodeParameter(name, fallback), kind) };
		};
		let parameters: ReturnType<typeof read>;
		try {
			parameters = read();
		} catch (error) {
			throw inputError(node, error);
		}
		const { filter, options, watchOptions, shape } = parameters;
		const selection = { filter, splitLines: kind.splittable && options.splitLines, limit: Infinity };
		// The same filters, Split Lines and shape as Get Many, so the items look alike; then what the event adds.
		const output = (entries: Emitted[]) =>
			this.helpers.returnJsonArray(entries.flatMap(({ record, extra }) => selectRecords([record], selection).map((one) => ({ ...shapeRecord(one, kind, shape), ...extra }))));

		// n8n 2.41's poll scheduler abandons a poll after its budget: no request or retry goes past it.
		const budget = typeof this.getPollBudgetMs === 'function' ? this.getPollBudgetMs() : undefined;
		const client = await MpServicesClient.create(this, { deadline: budget === undefined ? undefined : Date.now() + budget });
		const manual = this.getMode() === 'manual';
		const staticData = this.getWorkflowStaticData('node');
		const pollNumber = manual ? 0 : takePollNumber(staticData);
		const records = await client.fetchList(kind, options);

		if (manual) {
			const item = testItem(records.filter(filter.matches), Date.now(), spec.watch, watchOptions);
			if (item) return [output([item])];
			throw new NodeOperationError(node, `No ${spec.sample} matching the filters was created in the last two days`, {
				description: `MPservices only returns the last two days. Make one in MPservices (or loosen the filters) and fetch again.`,
			});
		}
		// From here to the return nothing waits, so no other poll of this trigger can interleave.
		if (!claimState(staticData, pollNumber)) {
			this.logger.debug(`MPservices Trigger "${node.name}": a poll that started later has already applied a newer answer; this one's is dropped`);
			return null;
		}
		const global = this.getWorkflowStaticData('global');
		const copies = (global[STATIC_KEYS.copies] ??= {}) as IDataObject;
		const now = Date.now();
		// Another Due Field or Offset is another event: a fresh baseline, not a burst of what the new time makes due.
		const scope = { event: spec.watch === 'due' ? `${event}:${watchOptions.dueField}:${watchOptions.dueOffsetMinutes}` : event, account: client.account };
		const saved = readState(staticData[STATIC_KEYS.state]);
		if (saved.newerVersion !== undefined) {
			throw new NodeOperationError(node, `The trigger's saved state comes from a newer version of n8n-nodes-mpservices (state version ${saved.newerVersion})`, {
				description:
					"This version cannot read it, and stops here rather than emit records twice or miss some. Install the newer version again to carry on where it left off; or, to start afresh from what is in MPservices now, rename this trigger node (n8n keeps a trigger's state under its name).",
			});
		}
		const { previous, adopted } = activationBaseline(saved.state, copies[node.name], scope, now);
		const result = processPoll(previous, scope, records, now, spec.watch, watchOptions);
		logPoll.call(this, result, kind.label, adopted, client.redact);
		staticData[STATIC_KEYS.state] = result.state as unknown as IDataObject;
		// The copy n8n keeps on every engine, until a poll has gone by on the node's own state.
		if (result.baseline) copies[node.name] = result.state as unknown as IDataObject;
		else delete copies[node.name];

		const items = output(result.emitted);
		return items.length ? [items] : null;
	}
}
