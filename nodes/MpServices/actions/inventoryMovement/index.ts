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
				// Also what an AI Agent reads of this tool: say what the list can and cannot hold.
				action: 'Get many inventory movements created in the last two days',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
