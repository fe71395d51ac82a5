import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS, MAX_CONCURRENCY, MAX_RESPONSE_MB_CEILING } from './constants';

/**
 * Parameter descriptions shared by the action node and the trigger, so the
 * same filter reads the same in both.
 */

export const createdAfterFilter: INodeProperties = {
	displayName: 'Created After',
	name: 'createdAfter',
	type: 'dateTime',
	default: '',
	description:
		'Only return records created after this date and time. The API only returns the last two days.',
};

export const workOrderFilterFields: INodeProperties[] = [
	{
		displayName: 'Status',
		name: 'status',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any', value: 'any', description: 'Open and closed work orders' },
			{ name: 'Open', value: 'open', description: 'Only work orders that are open' },
			{ name: 'Closed', value: 'closed', description: 'Only work orders that are closed' },
		],
		description: 'Whether to keep only open or only closed work orders',
	},
	{
		displayName: 'Client Name',
		name: 'clientName',
		type: 'string',
		default: '',
		placeholder: 'e.g. Acme Hotels',
		description: "Only return work orders whose client's name contains this text (case-insensitive)",
	},
	{
		displayName: 'Asset Code',
		name: 'assetCode',
		type: 'string',
		default: '',
		placeholder: 'e.g. MS-230',
		description: 'Only return work orders for the asset with exactly this code',
	},
	{
		displayName: 'Folio',
		name: 'folio',
		type: 'string',
		default: '',
		placeholder: 'e.g. 198',
		description: 'Only return the work order with exactly this folio number',
	},
];

export const inventoryMovementFilterFields: INodeProperties[] = [
	{
		displayName: 'Type',
		name: 'type',
		type: 'options',
		default: 'any',
		options: [
			{ name: 'Any', value: 'any', description: 'Inbound and outbound movements' },
			{ name: 'Inbound', value: 'inbound', description: 'Only stock coming in (receipts)' },
			{ name: 'Outbound', value: 'outbound', description: 'Only stock going out (issues)' },
		],
		description: 'Whether to keep only inbound or only outbound movements',
	},
	{
		displayName: 'Reference',
		name: 'reference',
		type: 'string',
		default: '',
		placeholder: 'e.g. Folio-198',
		description: 'Only return movements with exactly this reference',
	},
	{
		displayName: 'Item External ID',
		name: 'itemExternalId',
		type: 'string',
		default: '',
		placeholder: 'e.g. SKU-1042',
		description:
			"Only return movements with a line for the product with exactly this external ID (case-sensitive); with Split Lines, only that product's lines",
	},
];

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
	description: `The most of an answer to read, in MB (up to ${MAX_RESPONSE_MB_CEILING}); a bigger answer stops the node with an error instead of filling n8n's memory. A two-day window is a few MB even for a busy account.`,
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

