import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY, MAX_RESPONSE_MB_CEILING, MAX_TIMEOUT_MS } from './constants';
import type { RecordKind } from './records';

/** Parameter descriptions shared by the action node and the trigger, so the same option reads the same in both. Each kind's filters are in kinds/. */

/** A collection of parameters; its displayOptions come from updateDisplayOptions. */
function collection(name: string, displayName: string, placeholder: string, options: INodeProperties[]): INodeProperties {
	return { displayName, name, type: 'collection', placeholder, default: {}, options };
}

const byLabel = (fields: INodeProperties[]) => [...fields].sort((a, b) => a.displayName.localeCompare(b.displayName));

export const optionsCollection = (options: INodeProperties[]) => collection('options', 'Options', 'Add Option', options);
export const additionalFieldsCollection = (fields: INodeProperties[]) => collection('additionalFields', 'Additional Fields', 'Add Field', fields);
export const filtersCollection = (filters: INodeProperties[]) => collection('filters', 'Filters', 'Add Filter', byLabel(filters));

export const createdAfterFilter: INodeProperties = {
	displayName: 'Created After',
	name: 'createdAfter',
	type: 'dateTime',
	default: '',
	description: 'Only return records created after this date and time. The API only returns the last two days.',
};

export const emitExistingOption: INodeProperties = {
	displayName: 'Emit Existing on Activation',
	name: 'emitExisting',
	type: 'boolean',
	default: false,
	description:
		'Whether to emit the records already in the two-day window when the workflow is activated (once), instead of only the ones created afterwards; for Work Order Closed, the work orders already closed; for Due, those already due; for Assigned, each user already on a work order',
};

export const splitLinesOption: INodeProperties = {
	displayName: 'Split Lines',
	name: 'splitLines',
	type: 'boolean',
	default: false,
	description: "Whether to output one item per movement line, with the movement's ID (as movementId), reference, type and creation date on each",
};

export function endpointPathOption(endpoint: { path: string }): INodeProperties {
	return {
		displayName: 'Endpoint Path',
		name: 'endpointPath',
		type: 'string',
		default: '',
		placeholder: `e.g. ${endpoint.path}`,
		description: `The API path to call, when your MPservices account answers on another path than ${endpoint.path} (MPservices does not document this one)`,
	};
}

export const timeoutOption: INodeProperties = {
	displayName: 'Timeout',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_TIMEOUT_MS, numberPrecision: 0 },
	default: DEFAULT_TIMEOUT_MS,
	description: 'Time in milliseconds one request may take as a whole (connecting, the answer and all of its body) before it is given up (read per item)',
};

export const maxResponseSizeOption: INodeProperties = {
	displayName: 'Max Response Size',
	name: 'maxResponseSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_RESPONSE_MB_CEILING },
	default: DEFAULT_MAX_RESPONSE_MB,
	description: `The most of an answer to read, in MB (up to ${MAX_RESPONSE_MB_CEILING}); a bigger answer stops the node instead of filling n8n's memory. A two-day window is a few MB even for a busy account.`,
};

/** The Options of a request for a list of these records, with `extra`, by label. */
export function listOptions(kind: RecordKind, extra: INodeProperties[] = []): INodeProperties {
	const path = kind.endpoint.assumed ? [endpointPathOption(kind.endpoint)] : [];
	return optionsCollection(byLabel([...path, ...extra, maxResponseSizeOption, ...(kind.splittable ? [splitLinesOption] : []), timeoutOption]));
}

export const concurrencyOptions: INodeProperties[] = [
	{
		displayName: 'Concurrency',
		name: 'concurrency',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
		default: DEFAULT_CONCURRENCY,
		description:
			'How many requests to have in flight at once. Output order always follows the input order. Applies to the whole node: an expression is read for the first item only.',
	},
	{
		displayName: 'Requests per Second',
		name: 'requestsPerSecond',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'At most this many requests are started each second, for accounts with a hard rate limit. 0 means no limit. Applies to the whole node: an expression is read for the first item only.',
	},
];

export const getManyPaging: INodeProperties[] = [
	{
		displayName: 'Return All',
		name: 'returnAll',
		type: 'boolean',
		default: false,
		description: 'Whether to return all results or only up to a given limit',
	},
	{
		displayName: 'Limit',
		name: 'limit',
		type: 'number',
		typeOptions: { minValue: 1 },
		// The one place of Limit's default (n8n's lint wants the literal): unset, n8n reads it from here.
		default: 50,
		description: 'Max number of results to return',
		displayOptions: { show: { returnAll: [false] } },
	},
];

/** Simplify (n8n's UX guidelines: an answer of more than ten fields gets one); as an AI tool, Output takes its place where n8n knows tool mode (`@tool`). */
export const simplifyProperty: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to return a simplified version of the response instead of the raw data',
	displayOptions: { hide: { '@tool': [true] } },
};

/**
 * Simplify, and what an AI tool returns in its place (n8n's UX guidelines: Output for AI tools): Simplified (the default),
 * Raw, or Selected Fields (the ID always kept); none for records that have no simplified form.
 */
export function outputProperties({ simplified }: RecordKind): INodeProperties[] {
	if (!simplified) return [];
	return [
		simplifyProperty,
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
			options: simplified.fields,
			description: 'The fields to return; the ID is always included',
			displayOptions: { show: { '@tool': [true], output: ['selected'] } },
		},
	];
}

/** Sort (n8n's model: Airtable v2 Record → Search): its own collection below Options; the first field is the default. */
export function sortCollection(fields: INodePropertyOptions[]): INodeProperties {
	const firstField = fields[0].value;
	return collection('sort', 'Sort', 'Add Sort Option', [
		{
			displayName: 'Sort By',
			name: 'field',
			type: 'options',
			default: firstField,
			options: fields,
			description: 'The field to order the results by; Return All and Limit apply after sorting',
		},
		{
			displayName: 'Direction',
			name: 'direction',
			type: 'options',
			default: 'desc',
			options: [
				{ name: 'Descending', value: 'desc', description: 'Newest, latest or highest first' },
				{ name: 'Ascending', value: 'asc', description: 'Oldest, earliest or lowest first' },
			],
		},
	]);
}
