import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Endpoint } from '../../../shared/constants';
import { additionalFieldsCollection, concurrencyOptions, endpointPathOption, optionsCollection, timeoutOption } from '../../../shared/descriptions';
import { readItemOptions } from '../../../shared/options';
import type { FieldSpec } from '../../../shared/validation';
import { buildForm, FieldError, fieldProperty, toFiniteNumber } from '../../../shared/validation';
import type { Operation } from '../operation';
import { defineOperation } from '../operation';

/**
 * The fields of the product operations, the one mapping of their parameters to the API: each field's parameter, API field,
 * check and editor hints. An operation's parameters are derived from its list.
 */

export const CREATE_FIELDS: FieldSpec[] = [
	{ name: 'barCode', label: 'Bar Code', apiField: 'bar_code', kind: 'string', required: true, placeholder: 'e.g. 7501234567890', description: "The product's bar code" },
	{ name: 'productName', label: 'Product Name', apiField: 'product_name', kind: 'string', required: true, placeholder: 'e.g. Air Filter 20x25' },
	{ name: 'productUnit', label: 'Product Unit', apiField: 'product_unit', kind: 'string', required: true, placeholder: 'e.g. Pieces', description: 'The unit the product is counted in, such as Pieces, Liters or Inches' },
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true, placeholder: 'e.g. SKU-1042', description: "The product's ID in your own system (ERP, spreadsheet); used later to update its stock and cost" },
	{ name: 'productStock', label: 'Product Stock', apiField: 'product_stock', kind: 'number', required: false, description: 'The units in stock now' },
	{ name: 'productLocation', label: 'Product Location', apiField: 'product_location', kind: 'string', required: false, placeholder: 'e.g. Warehouse A, shelf 3' },
	{ name: 'weightedAverage', label: 'Weighted Average', apiField: 'weighted_average', kind: 'number', required: false, precision: 4, description: 'The weighted-average unit cost' },
	{ name: 'category', label: 'Category', apiField: 'category', kind: 'string', required: false, placeholder: 'e.g. Filters' },
	{ name: 'minStock', label: 'Min Stock', apiField: 'min_stock', kind: 'integer', required: false, description: 'The fewest units that should be in stock (a whole number)' },
	{ name: 'maxStock', label: 'Max Stock', apiField: 'max_stock', kind: 'integer', required: false, description: 'The most units that should be in stock (a whole number)' },
];

export const UPDATE_STOCK_COST_FIELDS: FieldSpec[] = [
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true, placeholder: 'e.g. SKU-1042', description: "The product's ID in your own system, as given when the product was created" },
	{ name: 'newStock', label: 'New Stock', apiField: 'new_stock', kind: 'number', required: true, description: 'The units in stock from now on. MPservices records an inventory movement for the change.' },
	{ name: 'newCost', label: 'New Cost', apiField: 'new_cost', kind: 'number', required: true, precision: 4, description: 'The unit cost from now on' },
];

/**
 * Create or Update's fields: those of the two operations it stands for, with what they mean here. New Stock and New Cost
 * also give a created product its Product Stock and Weighted Average; the Create fields are sent only to create.
 */
const field = (fields: FieldSpec[], name: string, description: string): FieldSpec => ({ ...fields.find((spec) => spec.name === name)!, description });
const createOnly = (name: string, what: string) =>
	field(CREATE_FIELDS, name, `${what}. Sent only when MPservices has no product with this External ID, to create it.`);

export const UPSERT_FIELDS: FieldSpec[] = [
	field(UPDATE_STOCK_COST_FIELDS, 'externalId', "The product's ID in your own system (ERP, spreadsheet): the product to update, or to create with this ID"),
	createOnly('barCode', "The product's bar code"),
	createOnly('productName', "The product's name"),
	createOnly('productUnit', 'The unit the product is counted in, such as Pieces, Liters or Inches'),
	field(UPDATE_STOCK_COST_FIELDS, 'newStock', 'The units in stock from now on (the initial stock of a product that is created)'),
	field(UPDATE_STOCK_COST_FIELDS, 'newCost', 'The unit cost from now on (the weighted average of a product that is created)'),
	createOnly('category', "The product's category"),
	createOnly('maxStock', 'The most units that should be in stock (a whole number)'),
	createOnly('minStock', 'The fewest units that should be in stock (a whole number)'),
	createOnly('productLocation', 'Where the product is kept'),
];

/**
 * A product operation's parameters: the required fields as parameters of their own, the optional ones in Additional Fields,
 * and Options, with Endpoint Path where an endpoint's path is assumed (Create's).
 */
export function productProperties(fields: FieldSpec[], endpoints: Endpoint[]): INodeProperties[] {
	const optional = fields.filter((spec) => !spec.required).sort((a, b) => a.label.localeCompare(b.label));
	return [
		...fields.filter((spec) => spec.required).map(fieldProperty),
		...(optional.length ? [additionalFieldsCollection(optional.map(fieldProperty))] : []),
		optionsCollection([...endpoints.filter((endpoint) => endpoint.assumed).map(endpointPathOption), ...concurrencyOptions, timeoutOption]),
	];
}

/** One item's values of these fields, as the parameters lay them out. */
export function readValues(ctx: IExecuteFunctions, itemIndex: number, fields: FieldSpec[]): Record<string, unknown> {
	const hasOptional = fields.some((spec) => !spec.required);
	const values: Record<string, unknown> = hasOptional ? { ...(ctx.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) } : {};
	for (const spec of fields) if (spec.required) values[spec.name] = ctx.getNodeParameter(spec.name, itemIndex, '');
	return values;
}

/** The form body of these fields; a bad value, or Min Stock above Max Stock, throws a FieldError before anything is sent. */
export function productForm(fields: FieldSpec[], values: Record<string, unknown>): Record<string, string> {
	const form = buildForm(fields, values);
	const [min, max] = [toFiniteNumber(values.minStock), toFiniteNumber(values.maxStock)];
	if (min !== undefined && max !== undefined && min > max) throw new FieldError('minStock', 'Min Stock', `(${min}) must not be greater than Max Stock (${max})`);
	return form;
}

/** What a product request is about, for its errors: "External ID SKU-1042" (every product operation requires it). */
export const productSubject = (form: Record<string, string>) => `External ID ${form.external_id}`;

/** An answer as output JSON: an object as it is, anything else as its `response`. */
export function asObject(value: unknown): IDataObject {
	return value && typeof value === 'object' ? (value as IDataObject) : { success: true, response: value as string };
}

/**
 * Create and Update Stock and Cost: one request to one endpoint, its form from the operation's fields. The output is the
 * API's answer (a list: an item per entry), or `success` for an empty one.
 */
export function productOperation(operation: Pick<Operation, 'value' | 'name' | 'description' | 'action'>, endpoint: Endpoint, fields: FieldSpec[]) {
	return defineOperation({
		...operation,
		endpoints: [endpoint],
		properties: productProperties(fields, [endpoint]),
		read(this: IExecuteFunctions, itemIndex: number) {
			const form = productForm(fields, readValues(this, itemIndex, fields));
			return { form, options: readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject) };
		},
		async send(client, { form, options }) {
			const { body } = await client.request(endpoint, { form, endpointPath: options.endpointPath, timeout: options.timeout, subject: productSubject(form) });
			if (body === undefined) return [{ success: true }];
			return Array.isArray(body) ? body.map(asObject) : [asObject(body)];
		},
	});
}
