import type { IExecuteFunctions, ILoadOptionsFunctions, IPollFunctions } from 'n8n-workflow';

/** Where a client runs: a node's execution, a trigger's poll, or the editor loading a list (listSearch). */
export type MpServicesContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

export interface ClientOptions {
	/** At most this many request starts per second (0 or absent: no pacing). Node-wide. */
	requestsPerSecond?: number;
	/**
	 * When the caller must be done (ms since 1970): n8n 2.41's poll scheduler abandons a poll after
	 * its budget (getPollBudgetMs). No attempt outlasts it and no retry waits past it.
	 */
	deadline?: number;
}

export interface RequestOptions {
	/** Overrides the endpoint's path (for the paths the vendor does not document). */
	path?: string;
	/** Form fields; sent form-encoded as the vendor documents. */
	form?: Record<string, string>;
	/** Milliseconds one attempt may take as a whole: connecting, headers and body (default: the node version's). */
	timeout?: number;
	/** The most of an answer that is read, in bytes (default: the node version's, versions.ts). */
	maxResponseBytes?: number;
	/** For a write: the product it is about, named in its errors ("External ID SKU-1042"). */
	subject?: string;
	/** What a 404 means for this request, when it means more than "no such product". */
	notFound?: string;
}

/** Which account a client talks to: the credential's id and the Base URL. Never the key. */
export interface Account {
	credentialId: string;
	baseUrl: string;
}

