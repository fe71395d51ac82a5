import type { IDataObject, INodeProperties, INodePropertyOptions } from 'n8n-workflow';

import type { ListEndpoint } from '../constants';
import type { FilterContext } from '../filters';
import type { RecordFilter } from '../records';

/**
 * A kind of record a list endpoint returns, and everything Get Many and the
 * trigger need to know of it. A new list resource is one of these (its own
 * file, registered in kinds/index.ts), an endpoint in constants.ts, and its
 * operations in nodes/MpServices/actions/.
 */
export interface RecordKind {
	/** The resource's value in the node, and the prefix of its trigger event ("workOrderCreated"). */
	name: string;
	endpoint: ListEndpoint;
	/** Singular, for messages: "work order". */
	label: string;
	/** The key an API might wrap a list of these in (`{ "workOrders": [...] }`). */
	wrapperKey: string;
	/** The Filters of Get Many and the trigger (Created After is added by Get Many). */
	filterFields: INodeProperties[];
	/** The Filters collection as a filter; throws a FieldError naming a filter that cannot be one. */
	filter: (filters: IDataObject, context?: FilterContext) => RecordFilter;
	/** Sort → Sort By: the first is the default (Created At: newest first, the API's order). */
	sortFields: INodePropertyOptions[];
	/** Whether Split Lines applies (one item per movement line). */
	splittable: boolean;
	/** The trigger's event for a new record of this kind. */
	createdEvent: { name: string; description: string };
	/**
	 * For records with more than ten fields (n8n's UX guidelines): the most
	 * used ones, nested ones flattened (Simplify, and an AI tool's Output), and
	 * the top-level fields by name (Selected Fields, Watch Fields).
	 */
	simplified?: { simplify: (record: IDataObject) => IDataObject; fields: INodePropertyOptions[] };
}
