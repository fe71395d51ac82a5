import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';

import type { Endpoint, ListEndpoint } from '../constants';
import { CREDENTIAL_TYPE, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, MAX_RETRIES } from '../constants';
import { normalizeList } from '../records';
import type { Call, ErrorContext } from './errors';
import { networkError, networkErrorCode, notJsonError, statusError, unexpectedListError } from './errors';
import { redactDeep } from './redact';
import { RequestGate, retryDelayForNetworkError, retryDelayForStatus, wait } from './retry';

/**
 * The only code that talks HTTP: the base URL, the credential, form
 * encoding, the retry loop. What a failure means is errors.ts's; when to
 * wait is retry.ts's.
 */

export type MpServicesContext = IExecuteFunctions | IPollFunctions;

export interface ClientOptions {
	/** At most this many request starts per second (0 or absent: no pacing). Node-wide. */
	requestsPerSecond?: number;
}

export interface RequestOptions {
	/** Overrides the endpoint's path (for the paths the vendor does not document). */
	path?: string;
	/** Form fields; sent form-encoded as the vendor documents. */
	form?: Record<string, string>;
	/** Milliseconds one attempt may take (default 30 s). */
	timeout?: number;
}

/** Which account a client talks to: the credential's id and the Base URL. Never the key. */
export interface Account {
	credentialId: string;
	baseUrl: string;
}

export class MpServicesClient {
	readonly account: Account;

	private readonly gate: RequestGate;

	private readonly signal?: AbortSignal;

	private readonly errors: ErrorContext;

	/** The credential as read once for this execution, handed to n8n with every request. */
	private readonly credentialsDecrypted: ICredentialsDecrypted;

	private constructor(
		private readonly ctx: MpServicesContext,
		credentials: ICredentialDataDecryptedObject,
		options: ClientOptions,
	) {
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		const baseUrl = normalizeBaseUrl(credentials.baseUrl);
		this.account = { credentialId: reference?.id ?? '', baseUrl };
		this.credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: credentials,
		};
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
		const rps = options.requestsPerSecond ?? 0;
		this.gate = new RequestGate(rps > 0 ? 1000 / rps : 0, this.signal);
		this.errors = { node: ctx.getNode(), secret: String(credentials.apiKey ?? ''), baseUrl };
	}

	static async create(ctx: MpServicesContext, options: ClientOptions = {}): Promise<MpServicesClient> {
		return new MpServicesClient(ctx, await ctx.getCredentials(CREDENTIAL_TYPE), options);
	}

	/** Fetches a list endpoint and returns its records, whatever documented-ish shape it came in. */
	async fetchList(endpoint: ListEndpoint, options: RequestOptions = {}): Promise<IDataObject[]> {
		const call = { endpoint, path: resolvePath(endpoint, options.path) };
		const body = await this.send(call, options);
		try {
			return normalizeList(body, endpoint.noun);
		} catch (error) {
			throw unexpectedListError(this.errors, call, body, (error as Error).message);
		}
	}

	/** Sends one request; returns the parsed JSON body, or undefined for an empty body. */
	async request(endpoint: Endpoint, options: RequestOptions = {}): Promise<unknown> {
		return await this.send({ endpoint, path: resolvePath(endpoint, options.path) }, options);
	}

	/** One request with its retries (429/502/503/504 and connection resets, a bounded number of times). */
	private async send(call: Call, options: RequestOptions): Promise<unknown> {
		const timeout = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
		const requestOptions: IHttpRequestOptions = {
			method: call.endpoint.method,
			url: this.account.baseUrl + call.path,
			headers: { accept: 'application/json' },
			json: false,
			encoding: 'text',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			timeout,
			abortSignal: this.signal,
		};
		if (options.form) {
			requestOptions.headers!['content-type'] = 'application/x-www-form-urlencoded';
			requestOptions.body = new URLSearchParams(options.form).toString();
		}

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
				const delay = retryDelayForNetworkError(code, attempt);
				if (delay === undefined) throw networkError(this.errors, call, code, error, timeout);
				await this.waitBeforeRetry(call, code!, delay, attempt);
				continue;
			}

			const status = response.statusCode;
			const text = bodyText(response.body);
			if (status >= 200 && status < 300) return this.parseJson(call, status, text);

			const delay = retryDelayForStatus(status, header(response.headers, 'retry-after'), attempt, Date.now());
			if (delay === undefined) throw statusError(this.errors, call, status, text, attempt);
			if (status === 429) this.gate.pause(delay);
			await this.waitBeforeRetry(call, String(status), delay, attempt);
		}
	}

	private async waitBeforeRetry(call: Call, reason: string, delay: number, attempt: number) {
		this.ctx.logger.debug(
			`MPservices ${call.endpoint.method} ${call.path} failed with ${reason}; retry ${attempt + 1} of ${MAX_RETRIES} in ${delay} ms`,
		);
		await wait(delay, this.signal);
	}

	private parseJson(call: Call, status: number, text: string): unknown {
		if (text.trim() === '') return undefined;
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw notJsonError(this.errors, call, status, text);
		}
		// An answer that echoes the key (a debugging proxy, a careless API) must not carry it into the output.
		const { secret } = this.errors;
		return secret && text.includes(secret) ? redactDeep(parsed, secret) : parsed;
	}
}

/** The Base URL without trailing slashes: how requests are built and how accounts are told apart. */
export function normalizeBaseUrl(value: unknown): string {
	return String(value || DEFAULT_BASE_URL)
		.trim()
		.replace(/\/+$/, '');
}

export function resolvePath(endpoint: Endpoint, override?: unknown): string {
	const path = (typeof override === 'string' ? override.trim() : '') || endpoint.path;
	return path.startsWith('/') ? path : `/${path}`;
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
