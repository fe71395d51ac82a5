import type { IHttpRequestMethods } from 'n8n-workflow';

/** The credential type name (fixed by the public contract). */
export const CREDENTIAL_TYPE = 'mpServicesApi';

export const DEFAULT_BASE_URL = 'https://integrations.mpservices.app';

/** The list endpoints return the records created in the last two days (the API's only history). */
export const API_WINDOW_MS = 2 * 24 * 60 * 60 * 1000;

/**
 * How far past n8n's clock a record's createdAt may lie and still be trusted as the API's clock (the trigger's high-water
 * mark and pruning). Below the trigger's STATE_MARGIN_MS.
 */
export const CLOCK_TOLERANCE_MS = 2 * 60 * 60 * 1000;

export interface Endpoint {
	method: IHttpRequestMethods;
	path: string;
	/** The vendor does not print the path: ours is an assumption the user may override (Options → Endpoint Path). */
	assumed: boolean;
	/**
	 * A `read` changes nothing and is sent again after any passing failure. A `write` changes MPservices (a second create
	 * answers 409, a second update records a second inventory movement): it is sent again only when the answer proves nothing
	 * was done (transport/request.ts).
	 */
	effect: 'read' | 'write';
	/** A write's advice when its outcome is unknown: what it may have done, and how to check. */
	ifUnsure?: string;
}

/** Every endpoint the nodes call: the only place that knows the paths. */
export const ENDPOINTS = {
	workOrders: { method: 'GET', path: '/FetchTenantsWorkOrders', assumed: true, effect: 'read' },
	inventoryMovements: { method: 'GET', path: '/FetchTenantsInventoryMovements', assumed: false, effect: 'read' },
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
} as const satisfies Record<string, Endpoint>;

/** Options → Timeout's default, ms: one attempt as a whole (connecting, headers and body). */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Its ceiling: the longest timer Node.js keeps (2^31 - 1 ms, about 24 days); a longer one fires at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

/** Options → Offset of Work Order Due: at most a year (525,600 minutes) before or after the due time. */
export const MAX_DUE_OFFSET_MINUTES = 525_600;

/** Options → Max Response Size: its default and ceiling in MB (a busy two-day window is a few MB; Node.js holds at most ~512 MB of text). */
export const DEFAULT_MAX_RESPONSE_MB = 64;
export const MAX_RESPONSE_MB_CEILING = 500;

/** Options → Concurrency of the product operations: its default and ceiling. */
export const DEFAULT_CONCURRENCY = 5;
export const MAX_CONCURRENCY = 200;

/** Same-origin redirects followed per request; another origin is never followed. */
export const MAX_REDIRECTS = 3;

/** Retries of one request (1 s, 2 s, 4 s), when request.ts says it may be sent again; a longer Retry-After is not waited for. */
export const MAX_RETRIES = 3;
export const RETRY_BASE_DELAY_MS = 1_000;
export const MAX_RETRY_AFTER_MS = 60_000;

/** How long Test connection waits for MPservices' answer. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 15_000;
