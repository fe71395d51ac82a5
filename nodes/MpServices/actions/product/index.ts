import type { Resource } from '../operation';
import { create } from './create.operation';
import { updateStockCost } from './updateStockCost.operation';
import { upsert } from './upsert.operation';

export const product: Resource = {
	value: 'product',
	name: 'Product',
	toolHint:
		'Products are found by their external ID (the product ID in the caller\'s system): update stock and cost (new stock, new cost), create (bar code, name, unit, external ID), or create or update (updates the stock and cost, or creates the product when there is none).',
	operations: [create, updateStockCost, upsert],
};
