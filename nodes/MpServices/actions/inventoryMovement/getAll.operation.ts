import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	inventoryMovementFilterFields,
	maxResponseSizeOption,
	splitLinesOption,
	timeoutOption,
} from '../../../shared/descriptions';
import type { GetManyRequest } from '../../../shared/getMany';
import { getManyDescription, readGetMany, sendGetMany } from '../../../shared/getMany';
import { RECORD_KINDS } from '../../../shared/recordKinds';

export const description: INodeProperties[] = getManyDescription(
	{ resource: ['inventoryMovement'], operation: ['getAll'] },
	inventoryMovementFilterFields,
	[maxResponseSizeOption, splitLinesOption, timeoutOption],
);

export function read(this: IExecuteFunctions, itemIndex: number): GetManyRequest {
	return readGetMany.call(this, itemIndex, RECORD_KINDS.inventoryMovement);
}

export { sendGetMany as send };
