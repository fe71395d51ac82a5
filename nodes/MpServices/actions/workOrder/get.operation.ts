import type { IDataObject, IExecuteFunctions, INodeParameterResourceLocator } from 'n8n-workflow';

import { listOptions, outputProperties } from '../../../shared/descriptions';
import { RECORD_KINDS } from '../../../shared/kinds';
import { readItemOptions, readOutputShape } from '../../../shared/options';
import { asText, recordId, shapeRecord } from '../../../shared/records';
import { FieldError, NotFoundError } from '../../../shared/validation';
import { defineOperation } from '../operation';
import { includePartsOption, partsFinder } from './parts';

const kind = RECORD_KINDS.workOrder;

export const get = defineOperation({
	value: 'get',
	name: 'Get',
	description: 'Get one work order of the last two days, by folio or ID',
	action: 'Get work order by folio or ID',
	endpoints: [kind.endpoint],
	properties: [
		{
			displayName: 'Work Order',
			name: 'workOrder',
			type: 'resourceLocator',
			default: { mode: 'list', value: '' },
			required: true,
			description: 'The work order to get: MPservices returns only those created in the last two days',
			modes: [
				{
					displayName: 'From List',
					name: 'list',
					type: 'list',
					placeholder: 'Select a work order...',
					typeOptions: { searchListMethod: 'searchWorkOrders', searchable: true },
				},
				{
					displayName: 'By Folio',
					name: 'folio',
					type: 'string',
					placeholder: 'e.g. 198',
					// A folio is a number: an ID carried over from From List is flagged in the editor at once.
					validation: [{ type: 'regex', properties: { regex: '^\\s*\\d+\\s*$', errorMessage: 'A folio is a number, such as 198' } }],
				},
				{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'e.g. 4fbd13b5-4cdd-4b8e-b67c-2bdfd2ec71234e' },
			],
		},
		...outputProperties(kind),
		listOptions(kind, [includePartsOption]),
	],
	read(this: IExecuteFunctions, itemIndex: number) {
		const locator = this.getNodeParameter('workOrder', itemIndex) as INodeParameterResourceLocator | string;
		const mode = typeof locator === 'object' && locator !== null ? locator.mode : 'id';
		const raw = typeof locator === 'object' && locator !== null ? locator.value : locator;
		const value = asText(raw);
		if (value === '') {
			throw new FieldError('workOrder', 'Work Order', `is empty (${JSON.stringify(raw ?? null)}): choose a work order from the list, or enter its folio or ID`);
		}
		if (mode === 'folio' && !/^\d+$/.test(value)) {
			throw new FieldError('workOrder', 'Work Order', `By Folio needs a folio number, such as 198, got ${JSON.stringify(raw)}: choose By ID for an ID`);
		}
		const options = readItemOptions(this.getNodeParameter('options', itemIndex, {}) as IDataObject);
		// Pointed at by its ID (From List, By ID) or its folio (By Folio).
		return { by: mode === 'folio' ? 'folio' : 'id', value, options, shape: readOutputShape((name, fallback) => this.getNodeParameter(name, itemIndex, fallback), kind) };
	},
	async send(client, { by, value, options, shape }) {
		const records = await client.fetchList(kind, options, true);
		const found = records.find((record) => (by === 'folio' ? asText(record.folio) : recordId(record)) === value);
		if (!found) {
			throw new NotFoundError(
				`No work order with ${by === 'folio' ? 'folio' : 'ID'} ${value} among those created in the last two days`,
				'MPservices returns only the work orders created in the last two days, so an older one cannot be read. Check the folio or ID, or use Work Order → Get Many to see the ones there are.',
			);
		}
		const item = shapeRecord(found, kind, shape);
		return [{ ...item, ...(await partsFinder(client, options))(found) }];
	},
});
