import type { IExecuteFunctions } from 'n8n-workflow';

import { endpointPathOption, maxResponseSizeOption, splitLinesOption, timeoutOption } from '../../shared/descriptions';
import type { GetManyRequest } from '../../shared/getMany';
import { getManyProperties, readGetMany, sendGetMany } from '../../shared/getMany';
import type { RecordKind } from '../../shared/kinds';
import { defineOperation } from './operation';

/**
 * The Get Many of a kind of record (kinds/): every list resource has one,
 * built from what the kind says of itself, so a new list resource needs no
 * operation file of its own for it.
 */
export function getManyOperation(kind: RecordKind) {
	const { noun } = kind.endpoint;
	const options = [
		...(kind.endpoint.assumed ? [endpointPathOption(kind.endpoint)] : []),
		maxResponseSizeOption,
		...(kind.splittable ? [splitLinesOption] : []),
		timeoutOption,
	];
	return defineOperation<GetManyRequest>({
		value: 'getAll',
		name: 'Get Many',
		description: `Get the ${noun} created in the last two days, newest first`,
		// Also what an AI Agent reads of this tool: say what the list can and cannot hold.
		action: `Get many ${noun} created in the last two days`,
		endpoints: [kind.endpoint],
		properties: getManyProperties(kind, options),
		read(this: IExecuteFunctions, itemIndex: number) {
			return readGetMany.call(this, itemIndex, kind);
		},
		send: sendGetMany,
	});
}
