import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { endpointPathOption, optionsCollection } from '../../../shared/descriptions';
import type { MpServicesClient } from '../../../shared/transport';
import type { FieldSpec } from '../../../shared/validation';
import { productForm, productRequestOptions, sendProductRequest } from './common';

const show = { resource: ['product'], operation: ['create'] };

/** Parameter → API field mapping and type of every Create field. */
export const CREATE_FIELDS: FieldSpec[] = [
	{ name: 'barCode', label: 'Bar Code', apiField: 'bar_code', kind: 'string', required: true },
	{ name: 'productName', label: 'Product Name', apiField: 'product_name', kind: 'string', required: true },
	{ name: 'productUnit', label: 'Product Unit', apiField: 'product_unit', kind: 'string', required: true },
	{ name: 'externalId', label: 'External ID', apiField: 'external_id', kind: 'string', required: true },
	{ name: 'productStock', label: 'Product Stock', apiField: 'product_stock', kind: 'number', required: false },
	{ name: 'productLocation', label: 'Product Location', apiField: 'product_location', kind: 'string', required: false },
	{ name: 'weightedAverage', label: 'Weighted Average', apiField: 'weighted_average', kind: 'number', required: false },
	{ name: 'category', label: 'Category', apiField: 'category', kind: 'string', required: false },
	{ name: 'minStock', label: 'Min Stock', apiField: 'min_stock', kind: 'integer', required: false },
	{ name: 'maxStock', label: 'Max Stock', apiField: 'max_stock', kind: 'integer', required: false },
];

const REQUIRED = CREATE_FIELDS.filter((field) => field.required).map((field) => field.name);

export const description: INodeProperties[] = [
	{
		displayName: 'Bar Code',
		name: 'barCode',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 7501234567890',
		description: "The product's bar code",
		displayOptions: { show },
	},
	{
		displayName: 'Product Name',
		name: 'productName',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Air Filter 20x25',
		displayOptions: { show },
	},
	{
		displayName: 'Product Unit',
		name: 'productUnit',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. Pieces',
		description: 'The unit the product is counted in, such as Pieces, Liters or Inches',
		displayOptions: { show },
	},
	{
		displayName: 'External ID',
		name: 'externalId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. SKU-1042',
		description: "The product's ID in your own system (ERP, spreadsheet); used later to update its stock and cost",
		displayOptions: { show },
	},
	{
		displayName: 'Additional Fields',
		name: 'additionalFields',
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Category',
				name: 'category',
				type: 'string',
				default: '',
				placeholder: 'e.g. Filters',
			},
			{
				displayName: 'Max Stock',
				name: 'maxStock',
				type: 'number',
				typeOptions: { numberPrecision: 0 },
				default: 0,
				description: 'The most units that should be in stock (a whole number)',
			},
			{
				displayName: 'Min Stock',
				name: 'minStock',
				type: 'number',
				typeOptions: { numberPrecision: 0 },
				default: 0,
				description: 'The fewest units that should be in stock (a whole number)',
			},
			{
				displayName: 'Product Location',
				name: 'productLocation',
				type: 'string',
				default: '',
				placeholder: 'e.g. Warehouse A, shelf 3',
			},
			{
				displayName: 'Product Stock',
				name: 'productStock',
				type: 'number',
				default: 0,
				description: 'The units in stock now',
			},
			{
				displayName: 'Weighted Average',
				name: 'weightedAverage',
				type: 'number',
				typeOptions: { numberPrecision: 4 },
				default: 0,
				description: 'The weighted-average unit cost',
			},
		],
	},
	optionsCollection(show, [endpointPathOption(ENDPOINTS.createProduct), ...productRequestOptions]),
];

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
): Promise<IDataObject[]> {
	const values: Record<string, unknown> = {
		...(this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject),
	};
	for (const name of REQUIRED) values[name] = this.getNodeParameter(name, itemIndex, '');
	const form = productForm.call(this, itemIndex, CREATE_FIELDS, values);
	const options = this.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return await sendProductRequest(
		client,
		ENDPOINTS.createProduct,
		form,
		itemIndex,
		options.endpointPath as string | undefined,
	);
}
