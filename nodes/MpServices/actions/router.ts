import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pipeline } from '../../shared/concurrency';
import { readNodeWideOptions } from '../../shared/options';
import { CancelledError, MpServicesClient } from '../../shared/transport';
import { inputError } from '../../shared/validation';
import * as inventoryMovement from './inventoryMovement';
import * as product from './product';
import * as workOrder from './workOrder';

/**
 * An operation in two steps: `read` takes one item's parameters into a
 * request, checking every value (synchronous; a bad value throws, and
 * nothing is sent); `send` sends it and returns the output JSON.
 */
interface Operation<Request> {
	read(this: IExecuteFunctions, itemIndex: number): Request;
	send(client: MpServicesClient, request: Request): Promise<IDataObject[]>;
}

/** Each operation has its own request type; the router only hands it from `read` to `send`. */
const asOperation = <Request>(op: Operation<Request>) => op as unknown as Operation<unknown>;

const OPERATIONS: Record<string, Record<string, Operation<unknown>>> = {
	workOrder: { getAll: asOperation(workOrder.getAll) },
	inventoryMovement: { getAll: asOperation(inventoryMovement.getAll) },
	product: {
		create: asOperation(product.create),
		updateStockCost: asOperation(product.updateStockCost),
		upsert: asOperation(product.upsert),
	},
};

/** Resources whose operations write, and so may run several requests at once (the Concurrency option). */
const WRITES = new Set(['product']);

/**
 * The one loop over input items: dispatches resource → operation, runs items
 * with bounded concurrency (the next items read while requests are in
 * flight), keeps output in input order with pairedItem,
 * applies Continue On Fail, and otherwise stops at the first failing item.
 * Every error leaves here with its item index.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = OPERATIONS[resource]?.[operation];
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}

	const writes = WRITES.has(resource);
	let nodeWide;
	try {
		nodeWide = readNodeWideOptions(writes ? (this.getNodeParameter('options', 0, {}) as IDataObject) : {});
	} catch (error) {
		throw inputError(this.getNode(), error, 0);
	}
	const client = await MpServicesClient.create(this, { requestsPerSecond: nodeWide.requestsPerSecond });

	const results: INodeExecutionData[][] = new Array(items.length);
	/** What became of each item: undefined until it ends, or for items never started. */
	const outcomes: Array<'succeeded' | 'failed' | undefined> = new Array(items.length);
	let failure: { index: number; error: Error } | undefined;

	const read = (i: number) => op.read.call(this, i);
	await pipeline(items.length, writes ? nodeWide.concurrency : 1, read, async (i, request) => {
		try {
			if (!request.ok) throw request.error;
			const json = await op.send(client, request.value);
			results[i] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(json), {
				itemData: { item: i },
			});
			outcomes[i] = 'succeeded';
			return true;
		} catch (caught) {
			const error = withItemIndex(inputError(this.getNode(), caught, i) as Error, i);
			if (this.continueOnFail() && !(caught instanceof CancelledError)) {
				results[i] = [{ json: { error: error.message }, pairedItem: { item: i } }];
				return true;
			}
			outcomes[i] = 'failed';
			if (!failure || i < failure.index) failure = { index: i, error };
			return false;
		}
	});

	if (failure) {
		if (writes && items.length > 1) addOutcomes(failure.error, outcomes, failure.index);
		throw failure.error;
	}
	return [results.flat()];
}

function withItemIndex(error: Error, itemIndex: number): Error {
	const context = (error as { context?: IDataObject }).context;
	if (context && context.itemIndex === undefined) context.itemIndex = itemIndex;
	return error;
}

/**
 * Says in the error what became of the other items: with several requests
 * in flight, items after the failing one may already have been written, and
 * their results are lost with the error.
 */
function addOutcomes(error: Error, outcomes: Array<string | undefined>, failedIndex: number) {
	const indices = (outcome: string | undefined) =>
		outcomes.flatMap((value, i) => (value === outcome && i !== failedIndex ? [i] : []));
	const succeeded = indices('succeeded');
	const failed = indices('failed');
	const notSent: number[] = [];
	for (let i = 0; i < outcomes.length; i++) if (outcomes[i] === undefined) notSent.push(i);
	const parts: string[] = [];
	if (succeeded.length) {
		const them = succeeded.length === 1 ? 'it' : 'them';
		parts.push(
			`Before the node stopped, MPservices had already accepted ${itemsText(succeeded)}; a re-run sends ${them} again (Create then answers 409 for the products it made).`,
		);
	}
	if (failed.length) parts.push(`${capitalize(itemsText(failed))} failed too.`);
	if (notSent.length) parts.push(`${capitalize(itemsText(notSent))} ${notSent.length === 1 ? 'was' : 'were'} not sent.`);
	const target = error as { description?: string | null };
	target.description = [target.description, ...parts].filter(Boolean).join(' ');
}

/** "item 3", "items 0–2, 5 and 7–9". */
export function itemsText(indices: number[]): string {
	const runs: string[] = [];
	for (let i = 0; i < indices.length; ) {
		let j = i;
		while (j + 1 < indices.length && indices[j + 1] === indices[j] + 1) j++;
		runs.push(i === j ? String(indices[i]) : `${indices[i]}–${indices[j]}`);
		i = j + 1;
	}
	const list = runs.length > 1 ? `${runs.slice(0, -1).join(', ')} and ${runs[runs.length - 1]}` : runs[0];
	return `${indices.length === 1 ? 'item' : 'items'} ${list}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
