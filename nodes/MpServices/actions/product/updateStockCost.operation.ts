import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { optionsCollection } from '../../../shared/descriptions';
import type { FieldSpec } from '../../../shared/validation';
import { fieldProperty } from '../../../shared/validation';
import type { ProductRequest } from './common';
import { productRequestOptions, readProductRequest, send } from './common';

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

/** Reads and checks one item: throws a FieldError, with nothing sent, for a bad value. */
export function read(this: IExecuteFunctions, itemIndex: number): ProductRequest {
	return readProductRequest(this, itemIndex, ENDPOINTS.updateProductStockCost, UPDATE_STOCK_COST_FIELDS);
}

export { send };
