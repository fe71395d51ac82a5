import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { Endpoint } from '../../shared/constants';
import type { MpServicesClient } from '../../shared/transport/request';

/**
 * An operation: how the editor shows it and what it does, in one file.
 * `read` takes one item's parameters into a request, checking every value
 * (synchronous; a bad value throws, and nothing is sent); `send` sends it
 * and returns the output JSON. The router is the one loop that runs them.
 */
export interface Operation<Request = unknown> {
	/** The stored value of Operation ("getAll"): fixed by the public contract. */
	value: string;
	/** The label ("Get Many"), the description, and the action an AI Agent reads of the tool. */
	name: string;
	description: string;
	action: string;
	/**
	 * The endpoints it calls: an operation that calls a write endpoint is a write (Options →
	 * Concurrency, no n8n Retry On Fail); what may be sent again is each endpoint's (constants.ts).
	 */
	endpoints: Endpoint[];
	/** Its parameters; shown only for its resource and operation. */
	properties: INodeProperties[];
	read(this: IExecuteFunctions, itemIndex: number): Request;
	send(client: MpServicesClient, request: Request): Promise<IDataObject[]>;
}

/** A resource and its operations, in the order the editor lists them. */
export interface Resource {
	value: string;
	name: string;
	/** What an AI model should know of it (prefills Tool Description, with the other resources'). */
	toolHint: string;
	operations: Operation[];
}

/** Whether an operation writes: it calls an endpoint that changes MPservices. */
export const writes = (operation: Operation) => operation.endpoints.some((endpoint) => endpoint.effect === 'write');

/** Each operation has its own request type; the router only hands it from `read` to `send`. */
export const defineOperation = <Request>(operation: Operation<Request>) => operation as unknown as Operation;

/** The Operation selector of a resource and every operation's parameters, each shown for its own operation. */
export function resourceProperties(resource: Resource): INodeProperties[] {
	const operations = [...resource.operations].sort((a, b) => a.name.localeCompare(b.name));
	// The first operation of the resource's list: saved workflows that left Operation at its default depend on it.
	const defaultOperation = resource.operations[0].value;
	return [
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			noDataExpression: true,
			displayOptions: { show: { resource: [resource.value] } },
			options: operations.map(({ name, value, description, action }) => ({ name, value, description, action })),
			default: defaultOperation,
		},
		...resource.operations.flatMap((operation) =>
			updateDisplayOptions({ show: { resource: [resource.value], operation: [operation.value] } }, operation.properties),
		),
	];
}
