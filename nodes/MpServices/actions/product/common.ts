import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Endpoint } from '../../../shared/constants';
import { concurrencyOptions, timeoutOption } from '../../../shared/descriptions';
import type { MpServicesClient } from '../../../shared/transport';
import type { FieldSpec } from '../../../shared/validation';
import { buildForm, FieldError, itemMessage, toFiniteNumber } from '../../../shared/validation';

/** Options every product operation has: concurrency, pacing, timeout. */
export const productRequestOptions: INodeProperties[] = [...concurrencyOptions, timeoutOption];

/**
 * Validates an item's values against the field list and returns the form
 * body. Any problem throws before anything is sent, naming field and item.
 */
export function productForm(
	this: IExecuteFunctions,
	itemIndex: number,
	fields: FieldSpec[],
	values: Record<string, unknown>,
): Record<string, string> {
	try {
		const form = buildForm(fields, values);
		assertStockRange(values);
		return form;
	} catch (error) {
		const description =
			error instanceof FieldError
				? `Fix the ${error.label} field of input item ${itemIndex}; nothing was sent for this item.`
				: undefined;
		throw new NodeOperationError(this.getNode(), itemMessage((error as Error).message, itemIndex), {
			itemIndex,
			description,
		});
	}
}

function assertStockRange(values: Record<string, unknown>) {
	const min = toFiniteNumber(values.minStock);
	const max = toFiniteNumber(values.maxStock);
	if (min !== undefined && max !== undefined && min > max) {
		throw new FieldError('minStock', 'Min Stock', `(${min}) must not be greater than Max Stock (${max})`);
	}
}

/** Sends one product request and turns the API's answer into output JSON. */
export async function sendProductRequest(
	client: MpServicesClient,
	endpoint: Endpoint,
	form: Record<string, string>,
	itemIndex: number,
	path?: string,
): Promise<IDataObject[]> {
	const answer = await client.request(endpoint, { form, itemIndex, path });
	if (answer === undefined) return [{ success: true }];
	if (Array.isArray(answer)) return answer.map((entry) => asObject(entry));
	return [asObject(answer)];
}

function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' ? (value as IDataObject) : { success: true, response: value as string };
}
