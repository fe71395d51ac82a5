import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { forEachIndex } from '../../shared/concurrency';
import { DEFAULT_CONCURRENCY } from '../../shared/constants';
import { MpServicesClient } from '../../shared/transport';
import * as inventoryMovement from './inventoryMovement';
import * as product from './product';
import * as workOrder from './workOrder';

type Operation = (
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
) => Promise<IDataObject[]>;

const OPERATIONS: Record<string, Record<string, Operation>> = {
	workOrder: { getAll: workOrder.getAll.execute },
	inventoryMovement: { getAll: inventoryMovement.getAll.execute },
	product: { create: product.create.execute, updateStockCost: product.updateStockCost.execute },
};

/** Operations whose requests may run several at once (the Concurrency option). */
const CONCURRENT = new Set(['product']);

/**
 * The one loop over input items: dispatches resource → operation, runs items
 * with bounded concurrency, keeps output in input order with pairedItem,
 * applies Continue On Fail, and otherwise stops at the first failing item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = OPERATIONS[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not known`);
	}

	const options = this.getNodeParameter('options', 0, {}) as IDataObject;
	const client = await MpServicesClient.create(this, {
		timeout: options.timeout as number | undefined,
		requestsPerSecond: options.requestsPerSecond as number | undefined,
	});
	const concurrency = CONCURRENT.has(resource)
		? ((options.concurrency as number | undefined) ?? DEFAULT_CONCURRENCY)
		: 1;

	const results: INodeExecutionData[][] = new Array(items.length);
	let failure: { index: number; error: Error } | undefined;

	await forEachIndex(items.length, concurrency, async (i) => {
		try {
			const json = await execute.call(this, i, client);
			results[i] = this.helpers.constructExecutionMetaData(this.helpers.returnJsonArray(json), {
				itemData: { item: i },
			});
			return true;
		} catch (error) {
			if (this.continueOnFail()) {
				results[i] = [{ json: { error: (error as Error).message }, pairedItem: { item: i } }];
				return true;
			}
			if (!failure || i < failure.index) failure = { index: i, error: withItemIndex(error, i) };
			return false;
		}
	});

	if (failure) throw failure.error;
	return [results.flat()];
}

function withItemIndex(error: Error, itemIndex: number): Error {
	const context = (error as { context?: IDataObject }).context;
	if (context && context.itemIndex === undefined) context.itemIndex = itemIndex;
	return error;
}
