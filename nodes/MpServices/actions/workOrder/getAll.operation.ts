import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../../../shared/constants';
import { endpointPathOption, timeoutOption, workOrderFilterFields } from '../../../shared/descriptions';
import { getMany, getManyDescription } from '../../../shared/getMany';
import { RECORD_KINDS } from '../../../shared/recordKinds';
import type { MpServicesClient } from '../../../shared/transport';

export const description: INodeProperties[] = getManyDescription(
	{ resource: ['workOrder'], operation: ['getAll'] },
	workOrderFilterFields,
	[endpointPathOption(ENDPOINTS.workOrders), timeoutOption],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, client, RECORD_KINDS.workOrder);
}
