import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['inventoryMovement'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description:
					'Get the inventory movements (stock in and out, with their lines) created in the last two days, newest first',
				action: 'Get many inventory movements',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
