import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { AnyEndpoint, ListEndpoint, WriteEndpoint } from '../constants';
import { CREDENTIAL_TYPE, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS, MAX_RETRIES } from '../constants';
import { normalizeList } from '../records';
import { BodyTooLargeError, discardBody, readBody } from './body';
import { apiKeyProblem, checkBaseUrl, cleanApiKey, decideRedirect, normalizeBaseUrl, REDIRECT_STATUSES } from './boundary';
import type { Call, ErrorContext } from './errors';
import {
	networkError,
	networkErrorCode,
	notJsonError,
	redirectError,
	statusError,
	timeoutError,
	tooLargeError,
	unexpectedListError,
} from './errors';
import type { SecretIndex } from './redact';
import { indexSecret, redactAnswer, redactDeep, safeExcerpt } from './redact';
import { CancelledError, RequestGate, retryDelayForNetworkError, retryDelayForStatus, wait, writeOutcomeUnknown } from './retry';

/**
 * The only code that talks HTTP: the base URL, the credential, form
 * encoding, the attempt loop with its deadline and size limit. What a
 * failure means is errors.ts's; when to wait is retry.ts's; where the key
 * may go is boundary.ts's; how a body is read is body.ts's.
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
	/** Milliseconds one attempt may take as a whole: connecting, headers and body (default 30 s). */
	timeout?: number;
	/** The most of an answer that is read, in bytes (default DEFAULT_MAX_RESPONSE_MB). */
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

/** One exchange's outcome: the status, the headers, and the body read within the limits. */
interface Answer {
	status: number;
	headers: IDataObject;
	text: string;
}

/** Why an attempt ended without an answer. */
type Failure =
	| { kind: 'timeout'; phase: 'headers' | 'body'; bytes: number }
	| { kind: 'tooLarge'; limitBytes: number; announcedBytes?: number }
	| { kind: 'cancelled' }
	| { kind: 'network'; error: unknown };

/** What one attempt gave: an answer, or why there is none. */
type Outcome = { answer: Answer } | { failure: Failure };

export class MpServicesClient {
	readonly account: Account;

	private readonly gate: RequestGate;

	private readonly signal?: AbortSignal;

	private readonly errors: ErrorContext;

	/** The key, indexed once per execution for finding any piece of it in an answer. */
	private readonly secretIndex: SecretIndex;

	/** The credential as read once for this execution, handed to n8n with every request. */
	private readonly credentialsDecrypted: ICredentialsDecrypted;

	/** The attempts in flight: a Stop aborts them all through one listener on the execution's signal. */
	private readonly inFlight = new Set<AbortController>();

	private constructor(
		private readonly ctx: MpServicesContext,
		credentials: ICredentialDataDecryptedObject,
		options: ClientOptions,
	) {
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		const baseUrl = normalizeBaseUrl(credentials.baseUrl);
		const apiKey = cleanApiKey(credentials.apiKey);
		this.account = { credentialId: reference?.id ?? '', baseUrl };
		this.credentialsDecrypted = {
			id: reference?.id ?? '',
			name: reference?.name ?? '',
			type: CREDENTIAL_TYPE,
			data: { ...credentials, apiKey, baseUrl },
		};
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
		this.signal?.addEventListener('abort', () => {
			for (const attempt of this.inFlight) attempt.abort(new CancelledError());
		});
		const rps = options.requestsPerSecond ?? 0;
		this.gate = new RequestGate(rps > 0 ? 1000 / rps : 0, this.signal);
		this.errors = { node: ctx.getNode(), secret: apiKey, baseUrl };
		this.secretIndex = indexSecret(apiKey);
	}

	/**
	 * The client of one execution. Throws, before anything is sent, when the
	 * credential could not be used safely: an empty or unsendable key, a
	 * Base URL that is not https (or plain http to this machine).
	 */
	static async create(ctx: MpServicesContext, options: ClientOptions = {}): Promise<MpServicesClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const checked = checkBaseUrl(normalizeBaseUrl(credentials.baseUrl));
		const problem = 'problem' in checked ? checked.problem : apiKeyProblem(cleanApiKey(credentials.apiKey));
		if (problem) {
			throw new NodeOperationError(ctx.getNode(), problem, {
				description: 'Open the MPservices credential of this node, fix it, and use Test connection to check it. Nothing was sent.',
			});
		}
		return new MpServicesClient(ctx, credentials, options);
	}

	/** Fetches a list endpoint and returns its records, whatever documented-ish shape it came in. */
	async fetchList(endpoint: ListEndpoint, options: RequestOptions = {}): Promise<IDataObject[]> {
		const call = callOf(endpoint, options);
		const { body } = await this.send(call, options);
		try {
			return normalizeList(body, endpoint.noun);
		} catch (error) {
			throw unexpectedListError(this.errors, call, body, (error as Error).message);
		}
	}

	/** Sends one write; returns the parsed JSON body, or undefined for an empty body. */
	async request(endpoint: WriteEndpoint, options: RequestOptions = {}): Promise<unknown> {
		return (await this.send(callOf(endpoint, options), options)).body;
	}

	/**
	 * Sends one write; a success or one of the `expected` failures (a 404
	 * that means "no such product") comes back with its status and body,
	 * any other failure throws as `request` does.
	 */
	async requestExpecting(endpoint: WriteEndpoint, options: RequestOptions, expected: number[]): Promise<{ status: number; body: unknown }> {
		return await this.send(callOf(endpoint, options), options, new Set(expected));
	}

	/**
	 * One request with its retries (retry.ts: a read after any passing
	 * failure, a write only when nothing was done) and same-origin redirects
	 * (a few hops). A time-out is not retried: a write that timed out may
	 * have been done.
	 */
	private async send(call: Call, options: RequestOptions, expected?: Set<number>): Promise<{ status: number; body: unknown }> {
		const timeout = options.timeout && options.timeout > 0 ? options.timeout : DEFAULT_TIMEOUT_MS;
		const limits = { timeout, maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_MB * MB };
		const start = this.account.baseUrl + call.path;
		const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
		const { effect } = call.endpoint;

		let url = start;
		let hops = 0;
		for (let attempt = 0; ; ) {
			await this.gate.acquire();
			const outcome = await this.exchange(call.endpoint.method, url, body, limits);
			if ('failure' in outcome) {
				const { failure } = outcome;
				if (failure.kind === 'cancelled') throw new CancelledError();
				if (failure.kind === 'timeout') throw timeoutError(this.errors, call, timeout, failure.phase, failure.bytes);
				if (failure.kind === 'tooLarge') throw tooLargeError(this.errors, call, failure.limitBytes, failure.announcedBytes);
				const code = networkErrorCode(failure.error);
				const delay = retryDelayForNetworkError(effect, code, attempt);
				if (delay === undefined) throw networkError(this.errors, call, code, failure.error, timeout);
				await this.waitBeforeRetry(call, code!, delay, attempt++);
				[url, hops] = [start, 0];
				continue;
			}

			const { answer } = outcome;
			const { status, text } = answer;
			if (status >= 200 && status < 300) return { status, body: this.parseJson(call, status, text) };
			if (expected?.has(status)) return { status, body: this.parseLenient(text) };
			if (REDIRECT_STATUSES.has(status)) {
				const location = header(answer.headers, 'location');
				const decision = decideRedirect(url, call.endpoint.method, status, location, hops);
				if (!decision.follow) throw redirectError(this.errors, call, status, decision, location);
				[url, hops] = [decision.url, hops + 1];
				continue;
			}

			const retryAfter = header(answer.headers, 'retry-after');
			const delay = retryDelayForStatus(effect, status, retryAfter, attempt, Date.now());
			if (delay === undefined) throw statusError(this.errors, call, status, text, attempt, writeOutcomeUnknown(effect, status, retryAfter));
			if (status === 429) this.gate.pause(delay);
			await this.waitBeforeRetry(call, String(status), delay, attempt++);
			[url, hops] = [start, 0];
		}
	}

	/**
	 * One HTTP exchange through n8n's authenticated helper, bounded as a
	 * whole by the timeout. The body comes as a stream (n8n would buffer it
	 * whole) and is read within the size limit; a deadline or a Stop aborts
	 * the request, or destroys the body being read, at once.
	 */
	private async exchange(
		method: IHttpRequestMethods,
		url: string,
		body: string | undefined,
		{ timeout, maxResponseBytes }: { timeout: number; maxResponseBytes: number },
	): Promise<Outcome> {
		if (this.signal?.aborted) return { failure: { kind: 'cancelled' } };
		const attempt = new AbortController();
		const deadline = AbortSignal.timeout(timeout);
		const onDeadline = () => attempt.abort(deadline.reason);
		deadline.addEventListener('abort', onDeadline, { once: true });
		this.inFlight.add(attempt);
		const progress = { bytes: 0 };
		let headersIn = false;
		try {
			const pending = this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				requestOptions(method, url, body, timeout, attempt.signal),
				// The credential was read once per execution: without this, n8n would
				// load and decrypt it again for every request.
				{ credentialsDecrypted: this.credentialsDecrypted },
			) as Promise<IN8nHttpFullResponse>;
			const response = await untilAborted(pending, attempt.signal);
			headersIn = true;
			const headers = (response.headers ?? {}) as IDataObject;
			if (REDIRECT_STATUSES.has(response.statusCode)) {
				discardBody(response.body);
				return { answer: { status: response.statusCode, headers, text: '' } };
			}
			const announced = Number(header(headers, 'content-length'));
			const text = await readBody(response.body, {
				limitBytes: maxResponseBytes,
				signal: attempt.signal,
				announcedBytes: Number.isFinite(announced) ? announced : undefined,
				progress,
			});
			return { answer: { status: response.statusCode, headers, text } };
		} catch (error) {
			if (deadline.aborted) return { failure: { kind: 'timeout', phase: headersIn ? 'body' : 'headers', bytes: progress.bytes } };
			if (this.signal?.aborted) return { failure: { kind: 'cancelled' } };
			if (error instanceof BodyTooLargeError) {
				return { failure: { kind: 'tooLarge', limitBytes: error.limitBytes, announcedBytes: error.announcedBytes } };
			}
			return { failure: { kind: 'network', error } };
		} finally {
			deadline.removeEventListener('abort', onDeadline);
			this.inFlight.delete(attempt);
		}
	}

	private async waitBeforeRetry(call: Call, reason: string, delay: number, attempt: number) {
		this.ctx.logger.debug(
			`MPservices ${call.endpoint.method} ${call.path} failed with ${reason}; retry ${attempt + 1} of ${MAX_RETRIES} in ${delay} ms`,
		);
		await wait(delay, this.signal);
	}

	/** An expected failure's body: JSON where it is, its text otherwise (never the key). */
	private parseLenient(text: string): unknown {
		try {
			return redactDeep(JSON.parse(text), this.errors.secret);
		} catch {
			return safeExcerpt(text, this.errors.secret, 2000);
		}
	}

	private parseJson(call: Call, status: number, text: string): unknown {
		if (text.trim() === '') return undefined;
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw notJsonError(this.errors, call, status, text);
		}
		// An answer that echoes the key, or a piece of it (a debugging proxy, a careless API, a
		// title someone pasted it into), must not carry it into the output.
		return redactAnswer(parsed, text, this.secretIndex);
	}
}

const MB = 1024 * 1024;

/**
 * The options of one exchange. Redirects are not followed by n8n (the
 * node decides, see decideRedirect), the body comes as a stream, and any
 * status comes back as an answer. n8n's httpRequestWithAuthentication
 * replaces `abortSignal` with the execution's cancel signal; the attempt's
 * own signal already follows that one (and adds the deadline), so the
 * replacement is ignored instead of dropping the deadline.
 */
function requestOptions(method: IHttpRequestMethods, url: string, body: string | undefined, timeout: number, signal: AbortSignal): IHttpRequestOptions {
	const options: IHttpRequestOptions = {
		method,
		url,
		headers: { accept: 'application/json' },
		json: false,
		encoding: 'stream',
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		disableFollowRedirect: true,
		// n8n's own timeout is a socket idle timer: kept as a second line behind the deadline.
		timeout,
	};
	if (body !== undefined) {
		options.headers!['content-type'] = 'application/x-www-form-urlencoded';
		options.body = body;
	}
	Object.defineProperty(options, 'abortSignal', { enumerable: true, get: () => signal, set: () => undefined });
	return options;
}

/** The promise's value, or the signal's reason as soon as it aborts (a late answer's body is then discarded). */
function untilAborted<T extends { body?: unknown }>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
	return new Promise<T>((resolve, reject) => {
		const onAbort = () => {
			reject(signal.reason);
			promise.then((late) => discardBody(late?.body), () => undefined);
		};
		if (signal.aborted) return onAbort();
		signal.addEventListener('abort', onAbort, { once: true });
		promise.then(
			(value) => {
				signal.removeEventListener('abort', onAbort);
				resolve(value);
			},
			(error) => {
				signal.removeEventListener('abort', onAbort);
				reject(error);
			},
		);
	});
}

function callOf(endpoint: AnyEndpoint, { path, subject, notFound }: RequestOptions): Call {
	return { endpoint, path: resolvePath(endpoint, path), subject, notFound };
}

export function resolvePath(endpoint: AnyEndpoint, override?: unknown): string {
	const path = (typeof override === 'string' ? override.trim() : '') || endpoint.path;
	return path.startsWith('/') ? path : `/${path}`;
}

function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return value === undefined || value === null ? undefined : String(value);
}
