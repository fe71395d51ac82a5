import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { pipeline } from '../../shared/concurrency';
import { readNodeWideOptions } from '../../shared/options';
import { CancelledError, MpServicesClient } from '../../shared/transport/request';
import { inputError } from '../../shared/validation';
import { findOperation } from './index';

/**
 * The one loop over input items: dispatches resource → operation, runs items with bounded concurrency (the next items read
 * while requests are in flight), keeps output in input order with pairedItem, applies Continue On Fail, and otherwise stops
 * at the first failing item. Every error leaves here with its item index.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const op = findOperation(resource, operation);
	if (!op) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}

	const isWrite = op.endpoints.some((endpoint) => endpoint.effect === 'write');
	// n8n's Retry On Fail runs the whole node again, every item included: writes MPservices already did
	// (or may have done) would be sent twice. The node retries what is safe itself.
	if (isWrite && this.getNode().retryOnFail) {
		throw new NodeOperationError(this.getNode(), "'Retry On Fail' is on: n8n would send again writes MPservices may already have done", {
			description:
				"Turn off 'Retry On Fail' in this node's Settings. The node already sends a write again when MPservices did nothing with it (a 429, a 503 with Retry-After, a refused connection), and never after an answer that leaves the write's outcome open. Nothing was sent.",
		});
	}
	let nodeWide: ReturnType<typeof readNodeWideOptions>;
	try {
		nodeWide = readNodeWideOptions(isWrite ? (this.getNodeParameter('options', 0, {}) as IDataObject) : {});
	} catch (error) {
		throw inputError(this.getNode(), error, 0);
	}
	const client = await MpServicesClient.create(this, { requestsPerSecond: nodeWide.requestsPerSecond });

	const results: INodeExecutionData[][] = new Array(items.length);
	/** What became of each item: undefined until it ends, or for items never started. */
	const outcomes: Array<'succeeded' | 'failed' | undefined> = new Array(items.length).fill(undefined);
	let failure: { index: number; error: Error } | undefined;

	const read = (i: number) => op.read.call(this, i);
	await pipeline(items.length, isWrite ? nodeWide.concurrency : 1, read, async (i, request) => {
		try {
			if (!request.ok) throw request.error;
			const json = await op.send(client, request.value);
			results[i] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(json), {
				itemData: { item: i },
			});
			outcomes[i] = 'succeeded';
			return true;
		} catch (caught) {
			const error = inputError(this.getNode(), caught, i) as Error;
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
		if (isWrite && items.length > 1) addOutcomes(failure.error, outcomes, failure.index);
		throw failure.error;
	}
	return [results.flat()];
}

/**
 * Says in the error what became of the other items: with several requests in flight, items after the failing one may
 * already have been written, and their results are lost with the error.
 */
function addOutcomes(error: Error, outcomes: Array<string | undefined>, failedIndex: number) {
	const indices = (outcome: string | undefined) => outcomes.flatMap((value, i) => (value === outcome && i !== failedIndex ? [i] : []));
	const [succeeded, failed, notSent] = [indices('succeeded'), indices('failed'), indices(undefined)];
	const parts: string[] = [];
	if (succeeded.length) {
		const them = succeeded.length === 1 ? 'it' : 'them';
		parts.push(
			`Before the node stopped, MPservices had already accepted ${itemsText(succeeded)}; a re-run sends ${them} again (Create then answers 409 for the products it made).`,
		);
	}
	if (failed.length) parts.push(`${capitalize(itemsText(failed))} did not go through either.`);
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
