import type { INodeProperties } from 'n8n-workflow';

import * as getAll from './getAll.operation';

export { getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['workOrder'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get the work orders created in the last two days, newest first',
				action: 'Get many work orders',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
