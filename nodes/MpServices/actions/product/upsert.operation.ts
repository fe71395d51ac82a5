import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import type { ItemOptions } from '../../../shared/options';
import { readItemOptions } from '../../../shared/options';
import type { MpServicesClient } from '../../../shared/transport/request';
import type { FieldSpec } from '../../../shared/validation';
import { buildForm } from '../../../shared/validation';
import { defineOperation } from '../operation';
import { asObject, creatingProperties, productForm, productSubject } from './common';
import { CREATE_FIELDS } from './create.operation';
import { UPDATE_STOCK_COST_FIELDS } from './updateStockCost.operation';

/**
 * Create or Update: the stock and cost of the product with this External
 * ID, or the product itself when MPservices has none. The fields are those
 * of the two operations it stands for (one mapping to the API each): the
 * update's three, and the create's, of which New Stock and New Cost give
 * Product Stock and Weighted Average.
 */
const field = (fields: FieldSpec[], name: string) => fields.find((spec) => spec.name === name)!;
/** A Create field that only a create sends. */
const createOnly = (name: string, what: string): FieldSpec => ({
	...field(CREATE_FIELDS, name),
	description: `${what}. Sent only when MPservices has no product with this External ID, to create it.`,
});

const REQUIRED: FieldSpec[] = [
	{ ...field(UPDATE_STOCK_COST_FIELDS, 'externalId'), description: "The product's ID in your own system (ERP, spreadsheet): the product to update, or to create with this ID" },
	createOnly('barCode', "The product's bar code"),
	createOnly('productName', "The product's name"),
	createOnly('productUnit', 'The unit the product is counted in, such as Pieces, Liters or Inches'),
	{ ...field(UPDATE_STOCK_COST_FIELDS, 'newStock'), description: 'The units in stock from now on (the initial stock of a product that is created)' },
	{ ...field(UPDATE_STOCK_COST_FIELDS, 'newCost'), description: 'The unit cost from now on (the weighted average of a product that is created)' },
];

/** Fields only a create sends; left empty, they are not sent at all. */
const OPTIONAL: FieldSpec[] = [
	createOnly('category', "The product's category"),
	createOnly('maxStock', 'The most units that should be in stock (a whole number)'),
	createOnly('minStock', 'The fewest units that should be in stock (a whole number)'),
	createOnly('productLocation', 'Where the product is kept'),
];


/** One item's Create or Update, read and checked: the update's form and the create's, both ready. */
export interface UpsertRequest {
	update: Record<string, string>;
	create: Record<string, string>;
	options: Pick<ItemOptions, 'endpointPath' | 'timeout'>;
}

/**
 * Reads and checks one item. All six required fields are checked, and both
 * forms built, before anything is sent, also for a product that turns out
 * to exist: a bad value throws a FieldError with nothing sent.
 */
function read(this: IExecuteFunctions, itemIndex: number): UpsertRequest {
	const values: Record<string, unknown> = { ...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject) };
	for (const spec of REQUIRED) values[spec.name] = this.getNodeParameter(spec.name, itemIndex, '');
	const update = buildForm(UPDATE_STOCK_COST_FIELDS, values);
	const create = productForm(CREATE_FIELDS, { ...values, productStock: values.newStock, weightedAverage: values.newCost });
	return { update, create, options: readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject) };
}

/**
 * PATCH the stock and cost; on a 404 (MPservices has no product with this
 * External ID: assumed, see the README) POST the product; on a 409 to that
 * (another run made it meanwhile) PATCH once more. Any other failure is the
 * item's error. The output says which it was, in `outcome`, beside the API's
 * answer.
 */
async function send(client: MpServicesClient, { update, create, options }: UpsertRequest): Promise<IDataObject[]> {
	const subject = productSubject(update);
	const patch = { form: update, timeout: options.timeout, subject };
	const updated = await client.request(ENDPOINTS.updateProductStockCost, patch, [404]);
	if (updated.status !== 404) return [answer(updated.body, 'updated')];
	const created = await client.request(ENDPOINTS.createProduct, { form: create, endpointPath: options.endpointPath, timeout: options.timeout, subject }, [409]);
	if (created.status !== 409) return [answer(created.body, 'created')];
	const notFound = `MPservices first found no product with this ${subject} (404), then refused to create it because it exists (409), and now again finds none to update. Another workflow or a person may be creating and deleting it at this moment: run this item again later, or look the product up in MPservices.`;
	return [answer((await client.request(ENDPOINTS.updateProductStockCost, { ...patch, notFound })).body, 'updated')];
}

function answer(body: unknown, outcome: 'created' | 'updated'): IDataObject {
	return { ...(body === undefined ? { success: true } : asObject(body)), outcome };
}

export const upsert = defineOperation<UpsertRequest>({
	value: 'upsert',
	name: 'Create or Update',
	// n8n's wording for every upsert (its lint requires it); the fields say the rest.
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: 'Create or update product by external ID',
	endpoints: [ENDPOINTS.updateProductStockCost, ENDPOINTS.createProduct],
	properties: creatingProperties(REQUIRED, OPTIONAL),
	read,
	send,
});
