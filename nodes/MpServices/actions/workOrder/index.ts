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
				// Also what an AI Agent reads of this tool: say what the list can and cannot hold.
				action: 'Get many work orders created in the last two days',
			},
		],
		default: 'getAll',
	},
	...getAll.description,
];
