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
		subtitle: '={{ {"inventoryMovement:getAll":"Get Many: Inventory Movement","product:create":"Create: Product","product:updateStockCost":"Update Stock and Cost: Product","workOrder:getAll":"Get Many: Work Order"}[$parameter["resource"] + ":" + $parameter["operation"]] }}',
		description:
			'Read work orders and inventory movements from MPservices, and create products or update their stock and cost',
		defaults: {
			name: 'MPservices',
		},
		usableAsTool: true,
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
