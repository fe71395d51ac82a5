import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodePropertyOptions,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { assertSupportedN8n } from '../shared/compat';
import { CREDENTIAL_TYPE } from '../shared/constants';
import * as inventoryMovement from './actions/inventoryMovement';
import * as product from './actions/product';
import { router } from './actions/router';
import * as workOrder from './actions/workOrder';


// Refuse, clearly, an n8n too old for these nodes (README → Compatibility).
assertSupportedN8n();

/** What an AI Agent's model is told of the tool when its description is set manually (prefilled with this). */
export const TOOL_DESCRIPTION = [
	'MPservices, a maintenance-management system (CMMS).',
	'Work orders and inventory movements: MPservices returns only those created in the last two days, newest first; nothing older can be read, so a list is never the whole history ("all open work orders" means the open ones created in the last two days).',
	'Work order filters: status (any, open or closed), client name (contains), asset code (exact), folio (the work order number, exact), created after (a date).',
	'Inventory movement filters: type (inbound or outbound), reference (exact, such as Folio-198), item external ID (the product ID in the caller\'s system), created after.',
	'Products are found by their external ID: update stock and cost (new stock, new cost), create (bar code, name, unit, external ID), or create or update (updates the stock and cost, or creates the product when there is none).',
].join(' ');
const RESOURCES: INodePropertyOptions[] = [
	{ name: 'Inventory Movement', value: 'inventoryMovement' },
	{ name: 'Product', value: 'product' },
	{ name: 'Work Order', value: 'workOrder' },
];

export class MpServices implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'MPservices',
		name: 'mpServices',
		icon: { light: 'file:../../icons/mpServices.svg', dark: 'file:../../icons/mpServices.dark.svg' },
		group: ['transform'],
		version: 1,
		// The label picked, not the stored value ("Update Stock and Cost: Product"); a literal, as
		// n8n's lint requires. test/description.test.ts checks it against the option lists.
		subtitle: '={{ {"inventoryMovement:getAll":"Get Many: Inventory Movement","product:create":"Create: Product","product:upsert":"Create or Update: Product","product:updateStockCost":"Update Stock and Cost: Product","workOrder:getAll":"Get Many: Work Order"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'Read work orders and inventory movements from MPservices, and create products or update their stock and cost',
		defaults: {
			name: 'MPservices',
		},
		// As an AI Agent tool: the operation's action is what the model reads ("Get many work orders
		// created in the last two days in MPservices"); this fuller text prefills Tool Description
		// when the user sets it manually.
		usableAsTool: { replacements: { description: TOOL_DESCRIPTION } },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{
				name: CREDENTIAL_TYPE,
				required: true,
			},
		],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: RESOURCES,
				default: 'workOrder',
			},
			...inventoryMovement.description,
			...product.description,
			...workOrder.description,
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
