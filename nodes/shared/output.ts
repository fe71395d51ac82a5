import type { IDataObject, IExecuteFunctions, INodeProperties, INodePropertyOptions, IPollFunctions } from 'n8n-workflow';

import { fieldNames } from './options';
import type { RecordKind } from './records';
import { FieldError } from './validation';

/**
 * What a record looks like in an item: as MPservices returned it (raw),
 * simplified (at most ten fields), or, for an AI tool, only the fields the
 * user chose and the ID. Only kinds with more than ten fields (work orders)
 * have a simplified form; the others always come out raw.
 */
export type OutputShape = { mode: 'raw' } | { mode: 'simplified' } | { mode: 'selected'; fields: string[] };

const RAW: OutputShape = { mode: 'raw' };

/** The shape an item's parameters ask for: Output where n8n shows it (an AI tool), else Simplify. */
export function readOutputShape(ctx: IExecuteFunctions | IPollFunctions, kind: RecordKind, itemIndex = 0): OutputShape {
	if (!kind.simplified) return RAW;
	const get = (name: string, fallback: unknown) =>
		'getInputData' in ctx ? ctx.getNodeParameter(name, itemIndex, fallback) : (ctx as IPollFunctions).getNodeParameter(name, fallback);
	// Absent (not a tool, or an n8n without tool mode): ''.
	const output = get('output', '');
	if (output === 'raw' || output === 'simplified') return { mode: output };
	if (output === 'selected') {
		const fields = get('outputFields', []);
		return { mode: 'selected', fields: fieldNames(fields, () => new FieldError('outputFields', 'Fields', `must be a list of field names, got ${JSON.stringify(fields)}`)) };
	}
	if (output !== '') throw new FieldError('output', 'Output', `must be simplified, raw or selected, got ${JSON.stringify(output)}`);
	return get('simplify', true) === false ? RAW : { mode: 'simplified' };
}

/** One record in the shape asked for. */
export function shapeRecord(record: IDataObject, kind: RecordKind, shape: OutputShape): IDataObject {
	if (shape.mode === 'raw' || !kind.simplified) return record;
	if (shape.mode === 'simplified') return kind.simplified.simplify(record);
	const picked: IDataObject = { id: record.id };
	for (const field of shape.fields) if (field in record) picked[field] = record[field];
	return picked;
}

/** Simplify (n8n's UX guidelines: an answer of more than ten fields gets one); as an AI tool, Output takes its place where n8n knows tool mode (`@tool`). */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	displayOptions: { hide: { '@tool': [true] } },
};

/** What an AI tool returns (n8n's UX guidelines: Output for AI tools): Simplified (the default), Raw, or Selected Fields (the ID always kept). */
export function toolOutputProperties(fields: INodePropertyOptions[]): INodeProperties[] {
	return [
		{
			displayName: 'Output',
			name: 'output',
			type: 'options',
			default: 'simplified',
			options: [
				{ name: 'Simplified', value: 'simplified', description: 'The ten most used fields, nested ones flattened' },
				{ name: 'Raw', value: 'raw', description: 'Every field, as MPservices returns it' },
				{ name: 'Selected Fields', value: 'selected', description: 'Only the fields you choose, and the ID' },
			],
			description: 'What the tool returns to the AI model; a smaller answer leaves it more room',
			displayOptions: { show: { '@tool': [true] } },
		},
		{
			displayName: 'Fields',
			name: 'outputFields',
			type: 'multiOptions',
			default: [],
			options: fields,
			description: 'The fields to return; the ID is always included',
			displayOptions: { show: { '@tool': [true], output: ['selected'] } },
		},
	];
}

