import type { IHttpRequestMethods } from 'n8n-workflow';

/** The credential type name (fixed by the public contract). */
export const CREDENTIAL_TYPE = 'mpServicesApi';

export const DEFAULT_BASE_URL = 'https://integrations.mpservices.app';

/** The list endpoints return the records created in the last two days (the API's only history). */
export const API_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * How far past n8n's clock a record's createdAt may lie and still be
 * trusted as the API's clock (for the trigger's high-water mark and pruning).
 * Must stay below the trigger's STATE_MARGIN_MS.
 */
export const CLOCK_TOLERANCE_MS = 2 * 60 * 60 * 1000;

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	/** True when the vendor does not print the path and ours is an assumption the user may override. */
	assumed: boolean;
	/**
	 * What sending it does. A `read` changes nothing and is sent again after
	 * any passing failure. A `write` changes MPservices, and doing it twice
	 * is not doing it once (a second create answers 409, a second update
	 * records a second inventory movement): it is sent again only when the
	 * answer proves that nothing was done (transport/retry.ts).
	 */
	effect: 'read' | 'write';
}

/** An endpoint that returns a list of records. */
export interface ListEndpoint extends Endpoint {
	effect: 'read';
	/** What the list holds, in words for error messages. */
	noun: string;
}

/** An endpoint that changes MPservices. */
export interface WriteEndpoint extends Endpoint {
	effect: 'write';
	/** What it may have done when its outcome is unknown, and how to check: for the item's error. */
	ifUnsure: string;
}

/** A read or a write (tell them apart by `effect`). */
export type AnyEndpoint = ListEndpoint | WriteEndpoint;

/** Every endpoint the nodes call. The only place that knows the paths. */
export const ENDPOINTS = {
	workOrders: { method: 'GET', path: '/FetchTenantsWorkOrders', assumed: true, effect: 'read', noun: 'work orders' },
	inventoryMovements: { method: 'GET', path: '/FetchTenantsInventoryMovements', assumed: false, effect: 'read', noun: 'inventory movements' },
	createProduct: {
		method: 'POST',
		path: '/CreateProduct',
		assumed: true,
		effect: 'write',
		ifUnsure:
			'The product may have been created. Look for its External ID in MPservices before you run this item again: if the product is there, a second Create answers 409 "already exists" (Create or Update can be run again: it then updates the product, and MPservices records one more inventory movement).',
	},
	updateProductStockCost: {
		method: 'PATCH',
		path: '/UpdateProductStockCost',
		assumed: false,
		effect: 'write',
		ifUnsure:
			"The stock and cost may have been set. Check the product's stock and its inventory movements in MPservices before you run this item again: each update records a movement, so a second one records another.",
	},
} as const satisfies Record<string, ListEndpoint | WriteEndpoint>;


/**
 * The most of an answer Options → Max Response Size allows, in MB (the
 * default is in versions.ts). A two-day window of a busy account is a few
 * MB (about 400 bytes of JSON per work order); the ceiling stays below the
 * largest text Node.js can hold (about 512 MB).
 */
export const MAX_RESPONSE_MB_CEILING = 500;

/** Same-origin redirects followed per request; any other origin is never followed. */
export const MAX_REDIRECTS = 3;

/** Retries of one request, when transport/retry.ts says it may be sent again. */
export const MAX_RETRIES = 3;
export const RETRY_BASE_DELAY_MS = 1_000;
/** A Retry-After longer than this is not waited for: the error is shown instead. */
export const MAX_RETRY_AFTER_MS = 60_000;

/** The most product requests the Concurrency option allows in flight. */
export const MAX_CONCURRENCY = 200;

/** How long Test connection waits for MPservices' answer. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;
