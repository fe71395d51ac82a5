import type { IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { optionsCollection } from '../../../shared/descriptions';
import type { FieldSpec } from '../../../shared/validation';
import { fieldProperty } from '../../../shared/validation';
import type { ProductRequest } from './common';
import { defineOperation } from '../operation';
import { productRequestOptions, readProductRequest, send } from './common';

/** Every Update Stock and Cost field: parameter, API field, check and editor hints. */
export const UPDATE_STOCK_COST_FIELDS: FieldSpec[] = [
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true, placeholder: 'e.g. SKU-1042', description: "The product's ID in your own system, as given when the product was created" },
	{ name: 'newStock', label: 'New Stock', apiField: 'new_stock', kind: 'number', required: true, description: 'The units in stock from now on. MPservices records an inventory movement for the change.' },
	{ name: 'newCost', label: 'New Cost', apiField: 'new_cost', kind: 'number', required: true, precision: 4, description: 'The unit cost from now on' },
];

export const updateStockCost = defineOperation<ProductRequest>({
	value: 'updateStockCost',
	name: 'Update Stock and Cost',
	description: "Set a product's stock and unit cost, found by its external ID; MPservices records an inventory movement for the change",
	action: 'Update product stock and cost',
	endpoints: [ENDPOINTS.updateProductStockCost],
	properties: [...UPDATE_STOCK_COST_FIELDS.map(fieldProperty), optionsCollection(productRequestOptions)],
	/** Reads and checks one item: throws a FieldError, with nothing sent, for a bad value. */
	read(this: IExecuteFunctions, itemIndex: number) {
		return readProductRequest(this, itemIndex, ENDPOINTS.updateProductStockCost, UPDATE_STOCK_COST_FIELDS);
	},
	send,
});
