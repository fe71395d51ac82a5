import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { Endpoint } from '../../shared/constants';
import type { MpServicesClient } from '../../shared/transport/request';

/**
 * An operation: how the editor shows it and what it does, in one file. `read` takes one item's parameters into a request,
 * checking every value (synchronous; a bad value throws, and nothing is sent); `send` sends it and returns the output JSON.
 * The router is the one loop that runs them.
 */
export interface Operation<Request = unknown> {
	/** The stored value of Operation ("getAll"): fixed by the public contract. */
	value: string;
	/** The label ("Get Many"), the description, and the action an AI Agent reads of the tool. */
	name: string;
	description: string;
	action: string;
	/**
	 * The endpoints it calls: an operation that calls a write endpoint is a write (Options → Concurrency, no n8n Retry On
	 * Fail); what may be sent again is each endpoint's (constants.ts).
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

/** Each operation has its own request type, what its `read` returns; the router only hands it on to `send`. */
export const defineOperation = <Request>(operation: Operation<Request>) => operation as unknown as Operation;
