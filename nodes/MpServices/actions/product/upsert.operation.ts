import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { readItemOptions } from '../../../shared/options';
import { buildForm } from '../../../shared/validation';
import { defineOperation } from '../operation';
import { asObject, CREATE_FIELDS, productForm, productProperties, productSubject, readValues, UPDATE_STOCK_COST_FIELDS, UPSERT_FIELDS } from './common';

const ENDPOINTS_USED = [ENDPOINTS.updateProductStockCost, ENDPOINTS.createProduct];

function answer(body: unknown, outcome: 'created' | 'updated'): IDataObject {
	return { ...(body === undefined ? { success: true } : asObject(body)), outcome };
}

export const upsert = defineOperation({
	value: 'upsert',
	name: 'Create or Update',
	// n8n's wording for every upsert (its lint requires it); the fields say the rest.
	description: 'Create a new record, or update the current one if it already exists (upsert)',
	action: 'Create or update product by external ID',
	endpoints: ENDPOINTS_USED,
	properties: productProperties(UPSERT_FIELDS, ENDPOINTS_USED),
	/**
	 * The update's form and the create's, both built before anything is sent: all six required fields are checked also for
	 * a product that turns out to exist, and a bad value throws a FieldError with nothing sent.
	 */
	read(this: IExecuteFunctions, itemIndex: number) {
		const values = readValues(this, itemIndex, UPSERT_FIELDS);
		const update = buildForm(UPDATE_STOCK_COST_FIELDS, values);
		const create = productForm(CREATE_FIELDS, { ...values, productStock: values.newStock, weightedAverage: values.newCost });
		return { update, create, options: readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject) };
	},
	/**
	 * PATCH the stock and cost; on a 404 (MPservices has no product with this External ID: assumed, see the README) POST the
	 * product; on a 409 to that (another run made it meanwhile) PATCH once more. Any other failure is the item's error. The
	 * output says which it was, in `outcome`, beside the API's answer.
	 */
	async send(client, { update, create, options }) {
		const subject = productSubject(update);
		// Options → Endpoint Path is Create's: the PATCH always goes to its documented path.
		const patch = { form: update, timeout: options.timeout, subject };
		const updated = await client.request(ENDPOINTS.updateProductStockCost, patch, [404]);
		if (updated.status !== 404) return [answer(updated.body, 'updated')];
		const created = await client.request(ENDPOINTS.createProduct, { form: create, endpointPath: options.endpointPath, timeout: options.timeout, subject }, [409]);
		if (created.status !== 409) return [answer(created.body, 'created')];
		const notFound = `MPservices first found no product with this ${subject} (404), then refused to create it because it exists (409), and now again finds none to update. Another workflow or a person may be creating and deleting it at this moment: run this item again later, or look the product up in MPservices.`;
		return [answer((await client.request(ENDPOINTS.updateProductStockCost, { ...patch, notFound })).body, 'updated')];
	},
});
