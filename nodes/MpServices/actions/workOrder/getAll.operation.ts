import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { endpointPathOption, maxResponseSizeOption, timeoutOption, workOrderFilterFields } from '../../../shared/descriptions';
import type { GetManyRequest } from '../../../shared/getMany';
import { getManyDescription, readGetMany, sendGetMany } from '../../../shared/getMany';
import { RECORD_KINDS } from '../../../shared/recordKinds';

export const description: INodeProperties[] = getManyDescription(
	{ resource: ['workOrder'], operation: ['getAll'] },
	workOrderFilterFields,
	[endpointPathOption(ENDPOINTS.workOrders), maxResponseSizeOption, timeoutOption],
);

export function read(this: IExecuteFunctions, itemIndex: number): GetManyRequest {
	return readGetMany.call(this, itemIndex, RECORD_KINDS.workOrder);
}

export { sendGetMany as send };
