import type { IExecuteFunctions } from 'n8n-workflow';

import { endpointPathOption, maxResponseSizeOption, timeoutOption } from '../../../shared/descriptions';
import type { GetManyRequest } from '../../../shared/getMany';
import { getManyProperties, readGetMany, sendGetMany } from '../../../shared/getMany';
import { RECORD_KINDS } from '../../../shared/kinds';
import { defineOperation } from '../operation';

const kind = RECORD_KINDS.workOrder;

export const getAll = defineOperation<GetManyRequest>({
	value: 'getAll',
	name: 'Get Many',
	description: 'Get the work orders created in the last two days, newest first',
	// Also what an AI Agent reads of this tool: say what the list can and cannot hold.
	action: 'Get many work orders created in the last two days',
	effect: 'read',
	properties: getManyProperties(kind, [endpointPathOption(kind.endpoint), maxResponseSizeOption, timeoutOption]),
	read(this: IExecuteFunctions, itemIndex: number) {
		return readGetMany.call(this, itemIndex, kind);
	},
	send: sendGetMany,
});
