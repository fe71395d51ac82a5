import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/compat';
import { CREDENTIAL_TYPE } from '../shared/constants';
import { properties, subtitle, TOOL_DESCRIPTION } from './actions';
import { router } from './actions/router';
import { searchWorkOrders } from './methods/listSearch';

export { TOOL_DESCRIPTION };

// Refuse, clearly, an n8n too old for these nodes (README → Compatibility).
assertSupportedN8n();

export class MpServices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MPservices',
		name: 'mpServices',
		icon: { light: 'file:../../icons/mpServices.svg', dark: 'file:../../icons/mpServices.dark.svg' },
		group: ['transform'],
		// From 1.0.0 on, a changed default is a new version (n8n saves no parameter left at its default).
		version: 1,
		subtitle,
		description:
			'Read work orders and inventory movements from MPservices, and create products or update their stock and cost',
		defaults: { name: 'MPservices' },
		// As an AI Agent tool: the operation's action is what the model reads ("Get many work orders
		// created in the last two days"); this fuller text prefills Tool Description when the user
		// sets it manually.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: CREDENTIAL_TYPE, required: true }],
		properties,
	};

	methods = { listSearch: { searchWorkOrders } };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
