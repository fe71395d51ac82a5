import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { optionsCollection } from '../../../shared/descriptions';
import type { MpServicesClient } from '../../../shared/transport';
import type { FieldSpec } from '../../../shared/validation';
import { productForm, productRequestOptions, sendProductRequest } from './common';

const show = { resource: ['product'], operation: ['updateStockCost'] };

/** Parameter → API field mapping and type of every Update Stock and Cost field. */
export const UPDATE_STOCK_COST_FIELDS: FieldSpec[] = [
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true },
	{ name: 'newStock', label: 'New Stock', apiField: 'new_stock', kind: 'number', required: true },
	{ name: 'newCost', label: 'New Cost', apiField: 'new_cost', kind: 'number', required: true },
];

export const description: INodeProperties[] = [
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SKU-1042',
		description: "The product's ID in your own system, as given when the product was created",
		displayOptions: { show },
	},
	{
		displayName: 'New Stock',
		name: 'newStock',
		type: 'number',
		required: true,
		default: 0,
		description: 'The units in stock from now on. MPservices records an inventory movement for the change.',
		displayOptions: { show },
	},
	{
		displayName: 'New Cost',
		name: 'newCost',
		type: 'number',
		required: true,
		typeOptions: { numberPrecision: 4 },
		default: 0,
		description: 'The unit cost from now on',
		displayOptions: { show },
	},
	optionsCollection(show, productRequestOptions),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
): Promise<IDataObject[]> {
	const values: Record<string, unknown> = {};
	for (const field of UPDATE_STOCK_COST_FIELDS) {
		values[field.name] = this.getNodeParameter(field.name, itemIndex, '');
	}
	const form = productForm.call(this, itemIndex, UPDATE_STOCK_COST_FIELDS, values);
	return await sendProductRequest(client, ENDPOINTS.updateProductStockCost, form, itemIndex);
}
