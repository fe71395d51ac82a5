import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY, MAX_RESPONSE_MB_CEILING } from './constants';

/**
 * Parameter descriptions shared by the action node and the trigger, so the
 * same option reads the same in both. Each kind's filters are in kinds/.
 */

export const createdAfterFilter: INodeProperties = {
	displayName: 'Created After',
	name: 'createdAfter',
	type: 'dateTime',
	default: '',
	description:
		'Only return records created after this date and time. The API only returns the last two days.',
};

export const emitExistingOption: INodeProperties = {
	displayName: 'Emit Existing on Activation',
	name: 'emitExisting',
	type: 'boolean',
	default: false,
	description:
		'Whether to emit the records already in the two-day window when the workflow is activated (once), instead of only the ones created afterwards; for Work Order Closed, the work orders already closed',
};

export const splitLinesOption: INodeProperties = {
	displayName: 'Split Lines',
	name: 'splitLines',
	type: 'boolean',
	default: false,
	description:
		"Whether to output one item per movement line, with the movement's ID (as movementId), reference, type and creation date on each",
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
	typeOptions: { minValue: 1 },
	default: DEFAULT_TIMEOUT_MS,
	description:
		'Time in milliseconds one request may take as a whole (connecting, the answer and all of its body) before it is given up (read per item)',
};

export const maxResponseSizeOption: INodeProperties = {
	displayName: 'Max Response Size',
	name: 'maxResponseSize',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: MAX_RESPONSE_MB_CEILING },
	default: DEFAULT_MAX_RESPONSE_MB,
	description: `The most of an answer to read, in MB (up to ${MAX_RESPONSE_MB_CEILING}); a bigger answer stops the node instead of filling n8n's memory. A two-day window is a few MB even for a busy account.`,
};

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

/** The Filters collection of a Get Many or a trigger event (its displayOptions come from updateDisplayOptions). */
export function filtersCollection(filters: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		options: filters,
	};
}

/** The Options collection of an operation or event (its displayOptions come from updateDisplayOptions). */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options,
	};
}


