import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as updateStockCost from './updateStockCost.operation';
import * as upsert from './upsert.operation';

export { create, updateStockCost, upsert };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['product'] } },
		options: [
			{
				name: 'Create',
				value: 'create',
				description: 'Create a product (spare part or consumable) in the MPservices inventory',
				action: 'Create a product',
			},
			{
				name: 'Create or Update',
				value: 'upsert',
				// n8n's wording for every upsert (its lint requires it); the fields say the rest.
				description: 'Create a new record, or update the current one if it already exists (upsert)',
				action: 'Create or update a product by its external ID',
			},
			{
				name: 'Update Stock and Cost',
				value: 'updateStockCost',
				description:
					"Set a product's stock and unit cost, found by its external ID; MPservices records an inventory movement for the change",
				action: 'Update stock and cost of a product',
			},
		],
		default: 'create',
	},
	...create.description,
	...updateStockCost.description,
	...upsert.description,
];
