import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { optionsCollection } from '../../../shared/descriptions';
import { readItemOptions } from '../../../shared/options';
import type { MpServicesClient } from '../../../shared/transport';
import type { FieldSpec } from '../../../shared/validation';
import { fieldProperty } from '../../../shared/validation';
import { productForm, productRequestOptions, sendProductRequest } from './common';

/** Every Update Stock and Cost field: parameter, API field, check and editor hints. */
export const UPDATE_STOCK_COST_FIELDS: FieldSpec[] = [
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true, placeholder: 'e.g. SKU-1042', description: "The product's ID in your own system, as given when the product was created" },
	{ name: 'newStock', label: 'New Stock', apiField: 'new_stock', kind: 'number', required: true, description: 'The units in stock from now on. MPservices records an inventory movement for the change.' },
	{ name: 'newCost', label: 'New Cost', apiField: 'new_cost', kind: 'number', required: true, precision: 4, description: 'The unit cost from now on' },
];

export const description: INodeProperties[] = updateDisplayOptions(
	{ show: { resource: ['product'], operation: ['updateStockCost'] } },
	[...UPDATE_STOCK_COST_FIELDS.map(fieldProperty), optionsCollection(productRequestOptions)],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
): Promise<IDataObject[]> {
	const values: Record<string, unknown> = {};
	for (const field of UPDATE_STOCK_COST_FIELDS) values[field.name] = this.getNodeParameter(field.name, itemIndex, '');
	const form = productForm(UPDATE_STOCK_COST_FIELDS, values);
	const options = readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
	return await sendProductRequest(client, ENDPOINTS.updateProductStockCost, form, options);
}
