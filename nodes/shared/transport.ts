import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { Endpoint } from './constants';
import {
	CREDENTIAL_TYPE,
	DEFAULT_BASE_URL,
	DEFAULT_TIMEOUT_MS,
	MAX_RETRIES,
	MAX_RETRY_AFTER_MS,
	RETRY_BASE_DELAY_MS,
} from './constants';
import { normalizeList } from './records';

/**
 * The only module that talks HTTP: base URL, auth (through the credential),
 * form encoding, retries with backoff, and how a failure becomes an error.
 */

export type MpServicesContext = IExecuteFunctions | IPollFunctions;

const RETRYABLE_STATUSES = new Set([429, 502, 503, 504]);
const RETRYABLE_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

/**
 * Paces the requests of one node execution: an optional minimum interval
 * between request starts, and a shared pause when the API says 429, so the
 * whole node backs off instead of every request retrying into the limit.
 */
export class RequestGate {
	private nextStartAt = 0;

	private pausedUntil = 0;

	constructor(private readonly minIntervalMs = 0) {}

	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			const startAt = Math.max(now, this.nextStartAt, this.pausedUntil);
			if (this.minIntervalMs > 0) this.nextStartAt = startAt + this.minIntervalMs;
			if (startAt > now) await sleep(startAt - now);
			// A 429 seen while this request waited moves the pause further out: wait again.
			if (this.pausedUntil <= Date.now()) return;
		}
	}

	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}
}

export interface ClientOptions {
	timeout?: number;
	/** At most this many request starts per second (0 or absent: no pacing). */
	requestsPerSecond?: number;
}

export interface RequestOptions {
	/** Overrides the endpoint's path (for the paths the vendor does not document). */
	path?: string;
	/** Form fields; sent form-encoded as the vendor documents. */
	form?: Record<string, string>;
	itemIndex?: number;
}

export class MpServicesClient {
	private readonly gate: RequestGate;

	private readonly timeout: number;

	private readonly baseUrl: string;

	private readonly apiKey: string;

	/** The credential as read once for this execution, handed to n8n with every request. */
	private readonly credentialsDecrypted: ICredentialsDecrypted;

	private constructor(
		private readonly ctx: MpServicesContext,
		credentials: ICredentialDataDecryptedObject,
		options: ClientOptions,
	) {
		this.baseUrl = String(credentials.baseUrl || DEFAULT_BASE_URL).replace(/\/+$/, '');
		this.apiKey = String(credentials.apiKey ?? '');
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		this.credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: credentials,
		};
		const rps = options.requestsPerSecond ?? 0;
		this.gate = new RequestGate(rps > 0 ? 1000 / rps : 0);
		this.timeout = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
	}

	static async create(ctx: MpServicesContext, options: ClientOptions = {}): Promise<MpServicesClient> {
		return new MpServicesClient(ctx, await ctx.getCredentials(CREDENTIAL_TYPE), options);
	}

	/** Fetches a list endpoint and returns its records, whatever documented-ish shape it came in. */
	async fetchList(endpoint: Endpoint, options: RequestOptions = {}): Promise<IDataObject[]> {
		const path = resolvePath(endpoint, options.path);
		const body = await this.request(endpoint, options);
		try {
			return normalizeList(body, endpoint.noun);
		} catch (error) {
			throw this.apiError(200, body, {
				message: `Unexpected response from ${endpoint.method} ${path}: ${(error as Error).message}`,
				itemIndex: options.itemIndex,
			});
		}
	}

	/**
	 * Sends one request, retrying 429/502/503/504 and connection resets a
	 * bounded number of times. Returns the parsed JSON body, or undefined for
	 * an empty body.
	 */
	async request(endpoint: Endpoint, options: RequestOptions = {}): Promise<unknown> {
		const path = resolvePath(endpoint, options.path);
		const requestOptions: IHttpRequestOptions = {
			method: endpoint.method,
			url: this.baseUrl + path,
			headers: { accept: 'application/json' },
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout: this.timeout,
		};
		if (options.form) {
			requestOptions.headers!['content-type'] = 'application/x-www-form-urlencoded';
			requestOptions.body = new URLSearchParams(options.form).toString();
		}
		const what = `${endpoint.method} ${path}`;

		for (let attempt = 0; ; attempt++) {
			await this.gate.acquire();
			let response: IN8nHttpFullResponse;
			try {
				response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
					this.ctx,
					CREDENTIAL_TYPE,
					requestOptions,
					// The credential was read once per execution: without this, n8n would
					// load and decrypt it again for every request.
					{ credentialsDecrypted: this.credentialsDecrypted },
				)) as IN8nHttpFullResponse;
			} catch (error) {
				const code = networkErrorCode(error);
				if (code && RETRYABLE_NETWORK_CODES.has(code) && attempt < MAX_RETRIES) {
					await this.waitBeforeRetry(what, code, backoffDelay(attempt), attempt);
					continue;
				}
				throw this.networkError(what, code, error, options.itemIndex);
			}

			const status = response.statusCode;
			const text = bodyText(response.body);
			if (status >= 200 && status < 300) return this.parseJson(text, status, what, options.itemIndex);

			if (RETRYABLE_STATUSES.has(status) && attempt < MAX_RETRIES) {
				const retryAfter = parseRetryAfter(header(response.headers, 'retry-after'), Date.now());
				if (retryAfter === undefined || retryAfter <= MAX_RETRY_AFTER_MS) {
					const delay = retryAfter ?? backoffDelay(attempt);
					if (status === 429) this.gate.pause(delay);
					await this.waitBeforeRetry(what, String(status), delay, attempt);
					continue;
				}
			}
			throw this.statusError(endpoint, path, status, text, attempt, options.itemIndex);
		}
	}

	private async waitBeforeRetry(what: string, reason: string, delay: number, attempt: number) {
		this.ctx.logger.debug(
			`MPservices ${what} failed with ${reason}; retry ${attempt + 1} of ${MAX_RETRIES} in ${delay} ms`,
		);
		if (delay > 0) await sleep(delay);
	}

	private parseJson(text: string, status: number, what: string, itemIndex?: number): unknown {
		if (text.trim() === '') return undefined;
		try {
			return JSON.parse(text);
		} catch {
			throw this.apiError(status, text, {
				message: `MPservices answered ${what} with a body that is not JSON (status ${status})`,
				description: `The response began with: ${excerpt(text)}`,
				itemIndex,
			});
		}
	}

	private statusError(
		endpoint: Endpoint,
		path: string,
		status: number,
		text: string,
		retries: number,
		itemIndex?: number,
	): NodeApiError {
		const what = `${endpoint.method} ${path}`;
		const apiMessage = apiMessageOf(text);
		const said = apiMessage ? `: ${apiMessage}` : '';
		const retried = retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
		let message: string;
		let description: string;
		if (status === 401 || status === 403) {
			message = `MPservices rejected the API key (${status})${said}`;
			description =
				'Check the API key in the MPservices credential. Keys are created and revoked in the MPservices web app under Integrations Settings.';
		} else if (status === 404 && (endpoint.assumed || path !== endpoint.path)) {
			message = `MPservices has no endpoint at ${what} (404)${said}`;
			description = `The path ${path} was tried on ${this.baseUrl}. MPservices does not document this path; if your account uses another one, set it under Options → Endpoint Path in the node.`;
		} else if (status === 404) {
			message = `MPservices could not find what ${what} refers to (404)${said}`;
			description = 'Check the values sent in this item (for example the External ID of the product).';
		} else if (status === 429) {
			message = `MPservices rate limit reached (429)${retried}${said}`;
			description = 'Lower the Concurrency or set Requests per Second in the node options, or try again later.';
		} else if (status >= 500) {
			message = `MPservices server error (${status})${retried}${said}`;
			description = 'The MPservices API failed to answer. Try again later.';
		} else {
			message = `MPservices rejected the request (${status})${said}`;
			description = `${what} was refused by the API. Check the values sent in this item.`;
		}
		return this.apiError(status, text, { message, description, itemIndex });
	}

	private networkError(what: string, code: string | undefined, error: unknown, itemIndex?: number) {
		// The messages avoid the bare error codes: NodeApiError would replace any
		// message containing one with a generic text. The code goes in the description.
		let message: string;
		if (code && TIMEOUT_CODES.has(code)) {
			message = `MPservices did not answer ${what} within ${this.timeout} ms`;
		} else if (code === 'ECONNREFUSED') {
			message = `Could not connect to MPservices at ${this.baseUrl}: the connection was refused`;
		} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
			message = `Could not connect to MPservices at ${this.baseUrl}: the host name could not be resolved`;
		} else if (code && RETRYABLE_NETWORK_CODES.has(code)) {
			message = `The connection to MPservices was reset during ${what} (after ${MAX_RETRIES} retries)`;
		} else {
			message = `The request ${what} to MPservices failed`;
		}
		const detail = code ? `Network error ${code}. ` : '';
		return this.apiError(undefined, (error as Error)?.message ?? '', {
			message,
			description: `${detail}Check the Base URL in the MPservices credential and the network, or raise the Timeout option.`,
			itemIndex,
			code,
		});
	}

	/** Builds a NodeApiError from plain values only, with the API key removed from every text. */
	private apiError(
		status: number | undefined,
		body: unknown,
		details: { message: string; description?: string; itemIndex?: number; code?: string },
	): NodeApiError {
		const clean = (text: string) => redact(text, this.apiKey);
		const bodyText = typeof body === 'string' ? body : JSON.stringify(body ?? null);
		const errorResponse: JsonObject = {
			message: clean(details.message),
			body: clean(excerpt(bodyText, 2000)),
		};
		if (status !== undefined) errorResponse.httpCode = String(status);
		// Named networkCode, not code: NodeApiError would swap our message for a generic one.
		if (details.code) errorResponse.networkCode = details.code;
		return new NodeApiError(this.ctx.getNode(), errorResponse, {
			message: clean(details.message),
			description: details.description ? clean(details.description) : undefined,
			httpCode: status === undefined ? undefined : String(status),
			itemIndex: details.itemIndex,
		});
	}
}

export function resolvePath(endpoint: Endpoint, override?: string): string {
	const path = (override ?? '').trim() || endpoint.path;
	return path.startsWith('/') ? path : `/${path}`;
}

/** Exponential backoff: 1 s, 2 s, 4 s… */
export function backoffDelay(attempt: number): number {
	return RETRY_BASE_DELAY_MS * 2 ** attempt;
}

/** Retry-After in milliseconds, from seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
	if (value === undefined || value.trim() === '') return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The API's own message from an error body: a JSON message field, or the text without markup. */
export function apiMessageOf(text: string): string {
	const trimmed = text.trim();
	if (trimmed === '') return '';
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (typeof parsed === 'string') return excerpt(parsed);
		if (parsed && typeof parsed === 'object') {
			const record = parsed as IDataObject;
			for (const key of ['message', 'error', 'detail', 'details', 'msg', 'errors']) {
				const value = record[key];
				if (typeof value === 'string' && value.trim()) return excerpt(value);
				if (value && typeof value === 'object') return excerpt(JSON.stringify(value));
			}
			return excerpt(trimmed);
		}
	} catch {
		// not JSON: fall through to text
	}
	return excerpt(
		trimmed
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim(),
	);
}

export function redact(text: string, secret: string): string {
	if (!secret) return text;
	return text.split(secret).join('[redacted]');
}

function excerpt(text: string, max = 300): string {
	const flat = text.replace(/\s+/g, ' ').trim();
	return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

function bodyText(body: unknown): string {
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') return body;
	if (body instanceof Uint8Array) return new TextDecoder().decode(body);
	return JSON.stringify(body);
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return value === undefined || value === null ? undefined : String(value);
}

function networkErrorCode(error: unknown): string | undefined {
	const candidates = [
		error,
		(error as { cause?: unknown })?.cause,
		(error as { errorResponse?: unknown })?.errorResponse,
	];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}
