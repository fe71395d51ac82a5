import type { INodeProperties } from 'n8n-workflow';

import * as create from './create.operation';
import * as updateStockCost from './updateStockCost.operation';

export { create, updateStockCost };

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
];
