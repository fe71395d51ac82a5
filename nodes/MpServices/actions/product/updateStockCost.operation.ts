import { ENDPOINTS } from '../../../shared/constants';
import { productOperation, UPDATE_STOCK_COST_FIELDS } from './common';

export const updateStockCost = productOperation(
	{
		value: 'updateStockCost',
		name: 'Update Stock and Cost',
		description: "Set a product's stock and unit cost, found by its external ID; MPservices records an inventory movement for the change",
		action: 'Update product stock and cost',
	},
	ENDPOINTS.updateProductStockCost,
	UPDATE_STOCK_COST_FIELDS,
);
