import { ENDPOINTS } from '../../../shared/constants';
import { CREATE_FIELDS, productOperation } from './common';

export const create = productOperation(
	{ value: 'create', name: 'Create', description: 'Create a product (spare part or consumable) in the MPservices inventory', action: 'Create product' },
	ENDPOINTS.createProduct,
	CREATE_FIELDS,
);
