import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Endpoint } from '../../../shared/constants';
import { ENDPOINTS } from '../../../shared/constants';
import { concurrencyOptions, endpointPathOption, optionsCollection, timeoutOption } from '../../../shared/descriptions';
import type { ItemOptions } from '../../../shared/options';
import { readItemOptions } from '../../../shared/options';
import type { MpServicesClient } from '../../../shared/transport/request';
import type { FieldSpec } from '../../../shared/validation';
import { buildForm, FieldError, fieldProperty, toFiniteNumber } from '../../../shared/validation';

/** Options every product operation has: concurrency, pacing, timeout. */
export const productRequestOptions: INodeProperties[] = [...concurrencyOptions, timeoutOption];

/**
 * The parameters of an operation that creates products: its required fields
 * as parameters of their own, the optional ones in Additional Fields, and
 * Options with the (assumed) create path.
 */
export function creatingProperties(required: FieldSpec[], optional: FieldSpec[]): INodeProperties[] {
	return [
		...required.map(fieldProperty),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: optional.map(fieldProperty),
		},
		optionsCollection([endpointPathOption(ENDPOINTS.createProduct), ...productRequestOptions]),
	];
}

/**
 * Validates an item's values against the field list and returns the form
 * body. Any problem throws a FieldError before anything is sent.
 */
export function productForm(fields: FieldSpec[], values: Record<string, unknown>): Record<string, string> {
	const form = buildForm(fields, values);
	const min = toFiniteNumber(values.minStock);
	const max = toFiniteNumber(values.maxStock);
	if (min !== undefined && max !== undefined && min > max) {
		throw new FieldError('minStock', 'Min Stock', `(${min}) must not be greater than Max Stock (${max})`);
	}
	return form;
}

/**
 * Reads and checks one item's product request: the required fields are
 * parameters of their own, the optional ones are in Additional Fields (as
 * the operations' descriptions lay them out). A bad value throws a FieldError
 * before anything is sent.
 */
export function readProductRequest(
	ctx: IExecuteFunctions,
	itemIndex: number,
	endpoint: Endpoint,
	fields: FieldSpec[],
): ProductRequest {
	const hasOptional = fields.some((field) => !field.required);
	const values: Record<string, unknown> = hasOptional
		? { ...(ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) }
		: {};
	for (const field of fields) if (field.required) values[field.name] = ctx.getNodeParameter(field.name, itemIndex, '');
	return {
		endpoint,
		form: productForm(fields, values),
		options: readItemOptions(ctx.getNodeParameter('options', itemIndex, {}) as IDataObject),
	};
}

/** One item's product request, read and checked: nothing left to evaluate. */
export interface ProductRequest {
	endpoint: Endpoint;
	form: Record<string, string>;
	options: Pick<ItemOptions, 'endpointPath' | 'timeout'>;
}

/** Sends one product request and turns the API's answer into output JSON. */
export async function send(client: MpServicesClient, { endpoint, form, options }: ProductRequest): Promise<IDataObject[]> {
	const { body: answer } = await client.request(endpoint, { form, endpointPath: options.endpointPath, timeout: options.timeout, subject: productSubject(form) });
	if (answer === undefined) return [{ success: true }];
	if (Array.isArray(answer)) return answer.map((entry) => asObject(entry));
	return [asObject(answer)];
}

/** What a product request is about, for its errors: "External ID SKU-1042". */
export function productSubject(form: Record<string, string>): string | undefined {
	return form.external_id === undefined ? undefined : `External ID ${form.external_id}`;
}

export function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' ? (value as IDataObject) : { success: true, response: value as string };
}
