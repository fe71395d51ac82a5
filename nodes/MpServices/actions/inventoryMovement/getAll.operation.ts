import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	inventoryMovementFilterFields,
	splitLinesOption,
	timeoutOption,
} from '../../../shared/descriptions';
import { getMany, getManyDescription } from '../../../shared/getMany';
import { RECORD_KINDS } from '../../../shared/recordKinds';
import type { MpServicesClient } from '../../../shared/transport';

export const description: INodeProperties[] = getManyDescription(
	{ resource: ['inventoryMovement'], operation: ['getAll'] },
	inventoryMovementFilterFields,
	[splitLinesOption, timeoutOption],
);

export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: MpServicesClient,
): Promise<IDataObject[]> {
	return await getMany.call(this, itemIndex, client, RECORD_KINDS.inventoryMovement);
}
