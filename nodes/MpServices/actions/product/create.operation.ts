import type { IExecuteFunctions } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import type { FieldSpec } from '../../../shared/validation';
import type { ProductRequest } from './common';
import { defineOperation } from '../operation';
import { creatingProperties, readProductRequest, send } from './common';

/** Every Create field: parameter, API field, check and editor hints. The node's parameters are derived from it. */
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

const REQUIRED = CREATE_FIELDS.filter((field) => field.required);
const OPTIONAL = CREATE_FIELDS.filter((field) => !field.required).sort((a, b) => a.label.localeCompare(b.label));

export const create = defineOperation<ProductRequest>({
	value: 'create',
	name: 'Create',
	description: 'Create a product (spare part or consumable) in the MPservices inventory',
	action: 'Create product',
	endpoints: [ENDPOINTS.createProduct],
	properties: creatingProperties(REQUIRED, OPTIONAL),
	/** Reads and checks one item: throws a FieldError, with nothing sent, for a bad value. */
	read(this: IExecuteFunctions, itemIndex: number) {
		return readProductRequest(this, itemIndex, ENDPOINTS.createProduct, CREATE_FIELDS);
	},
	send,
});
