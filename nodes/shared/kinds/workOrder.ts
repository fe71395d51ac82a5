import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { ENDPOINTS } from '../constants';
import type { FilterContext } from '../filters';
import { combine, createdAfter, filterReader } from '../filters';
import type { RecordFilter, RecordKind } from '../records';
import { asText, nested } from '../records';

/** Work orders: the maintenance jobs MPservices schedules for its clients' assets. */

const filterFields: INodeProperties[] = [
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
		description: 'Only return work orders with this status',
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

const read = filterReader(filterFields);

/** Client Name: contains, any case; Asset Code exact; Folio exact, as text (1003 and "1003" alike). */
export function workOrderFilter(filters: IDataObject, context: FilterContext = {}): RecordFilter {
	const status = read.option(filters, 'status', ['any', 'open', 'closed'] as const);
	const clientName = read.text(filters, 'clientName').toLowerCase();
	const assetCode = read.text(filters, 'assetCode');
	const folio = read.text(filters, 'folio');
	return {
		matches: combine([
			status === 'open' ? (r) => r.open === true : undefined,
			status === 'closed' ? (r) => r.closed === true : undefined,
			createdAfter(read.date(filters, 'createdAfter', context)),
			clientName ? (r) => String(nested(r, 'client', 'name') ?? '').toLowerCase().includes(clientName) : undefined,
			assetCode ? (r) => String(nested(r, 'asset', 'code') ?? '').trim() === assetCode : undefined,
			folio ? (r) => asText(r.folio) === folio : undefined,
		]),
	};
}

/** A work order in at most ten fields, the most used first, nested ones flattened: Simplify, and an AI tool's Output → Simplified. */
export function simplifyWorkOrder(record: IDataObject): IDataObject {
	const users = Array.isArray(record.users) ? (record.users as IDataObject[]) : [];
	return {
		folio: record.folio,
		title: record.title,
		status: record.closed === true ? 'closed' : record.open === true ? 'open' : null,
		scheduleDate: record.scheduleDate,
		client: nested(record, 'client', 'name') ?? null,
		asset: nested(record, 'asset', 'name') ?? null,
		assetCode: nested(record, 'asset', 'code') ?? null,
		// A user given as a bare name is that username, as Work Order Assigned reads it.
		assignees: users.map((user) => (typeof user === 'string' ? user : (user?.username ?? user?.email))).filter((name) => name !== undefined && name !== null),
		createdAt: record.createdAt,
		id: record.id,
	};
}

/** A work order's top-level fields by their own names, for Selected Fields and Watch Fields; a label says what Simplify calls it where it differs. */
const WORK_ORDER_FIELDS = [
	{ name: 'Asset (Name and Code)', value: 'asset' },
	{ name: 'Client', value: 'client' },
	{ name: 'Closed (Status)', value: 'closed' },
	{ name: 'Created At', value: 'createdAt' },
	{ name: 'End', value: 'end' },
	{ name: 'Folio', value: 'folio' },
	{ name: 'Notes', value: 'notes' },
	{ name: 'Open (Status)', value: 'open' },
	{ name: 'Schedule Date', value: 'scheduleDate' },
	{ name: 'Start', value: 'start' },
	{ name: 'Title', value: 'title' },
	{ name: 'Users (Assignees)', value: 'users' },
];

export const workOrder: RecordKind = {
	name: 'workOrder',
	endpoint: ENDPOINTS.workOrders,
	label: 'work order',
	wrapperKey: 'workOrders',
	filterFields,
	filter: workOrderFilter,
	sortFields: [
		{ name: 'Created At', value: 'createdAt' },
		{ name: 'Schedule Date', value: 'scheduleDate' },
		{ name: 'Folio', value: 'folio' },
	],
	splittable: false,
	simplified: { simplify: simplifyWorkOrder, fields: WORK_ORDER_FIELDS },
};
