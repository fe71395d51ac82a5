import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeOperationError, sleep } from 'n8n-workflow';

import type { Endpoint } from '../constants';
import { CREDENTIAL_TYPE, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS, MAX_RETRIES, MAX_RETRY_AFTER_MS, RETRY_BASE_DELAY_MS } from '../constants';
import type { RecordKind } from '../records';
import { normalizeList } from '../records';
import { copyError } from '../validation';
import { apiKeyProblem, cleanApiKey, decideRedirect, keyDestinationProblem, normalizeBaseUrl, REDIRECT_STATUSES } from './boundary';
import type { Call } from './errors';
import * as errors from './errors';

/** Where a client runs: a node's execution, a trigger's poll, or the editor loading a list. */
export type MpServicesContext = IExecuteFunctions | IPollFunctions | ILoadOptionsFunctions;

/** An item's Options as they are (Timeout in ms, Max Response Size in bytes), the form sent, and a write's product and 404 for its errors. */
export interface RequestOptions {
	endpointPath?: string;
	timeout?: number;
	maxResponseBytes?: number;
	form?: Record<string, string>;
	subject?: string;
	notFound?: string;
}

/** Thrown when n8n cancels the execution while a request is in flight or waits. */
export class CancelledError extends Error {
	message = 'The execution was cancelled while MPservices requests were waiting';
}

/**
 * The retry table. A read is sent again after any passing failure; a write only after an answer that
 * proves nothing was done: a 429, a 503 with Retry-After (RFC 9110 15.6.4), no connection at all. A 502
 * or 504 from a gateway, a reset connection or a time-out may come after the work was done.
 */
const READ_RETRY_STATUSES = [429, 502, 503, 504];
const nothingDone = (status: number, retryAfter: number | undefined) => status === 429 || (status === 503 && retryAfter !== undefined);
const mayRetryNetwork = (effect: Endpoint['effect'], code = '') => errors.NOT_SENT_CODES.has(code) || (effect === 'read' && errors.MAYBE_SENT_CODES.has(code));

/** Retry-After in ms, from seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: unknown, now = Date.now()): number | undefined {
	const text = value === undefined || value === null ? '' : String(value).trim();
	if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
	const date = text ? Date.parse(text) : NaN;
	return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

type Answer = { status: number; headers: IDataObject; text: string };

/** An answer over the size limit (and the size it announced, if it did). */
class TooLarge extends Error {
	constructor(readonly announced?: number) {
		super('tooLarge');
	}
}

export class MpServicesClient {
	/** Which account, as the trigger's state tells them apart: the credential's id and the Base URL (never the key). */
	readonly account: string;
	private readonly credentialId: string;
	/** Who calls, for every error: the node, the key (removed from every text) and the Base URL. */
	private readonly caller: Pick<Call, 'node' | 'secret' | 'baseUrl'>;
	/** The execution's Stop: it ends every wait (n8n aborts the requests in flight with it). */
	private readonly signal?: AbortSignal;
	private readonly stopped: Promise<void>;
	private readonly lists = new Map<string, Promise<IDataObject[]>>();
	/** Requests per Second spaces request starts; a 429 pauses every request of the execution. */
	private nextStartAt = 0;
	private pausedUntil = 0;

	private constructor(
		private readonly ctx: MpServicesContext,
		private readonly credentials: ICredentialDataDecryptedObject,
		private readonly minIntervalMs: number,
		/** When a poll must be done (n8n 2.41's poll budget): no attempt or wait goes past it. */
		private readonly deadline: number | undefined,
	) {
		const baseUrl = credentials.baseUrl as string;
		this.credentialId = ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? '';
		this.account = `${this.credentialId}@${baseUrl}`;
		this.caller = { node: ctx.getNode(), secret: credentials.apiKey as string, baseUrl };
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
		this.stopped = new Promise((resolve) => this.signal?.addEventListener('abort', () => resolve(), { once: true }));
	}

	/** Refuses, before anything is sent, a credential that cannot be used safely (an unsendable key, a Base URL that is not https). */
	static async create(ctx: MpServicesContext, { requestsPerSecond = 0, deadline }: { requestsPerSecond?: number; deadline?: number } = {}): Promise<MpServicesClient> {
		const credentials = await ctx.getCredentials(CREDENTIAL_TYPE);
		const [baseUrl, apiKey] = [normalizeBaseUrl(credentials.baseUrl), cleanApiKey(credentials.apiKey)];
		const problem = keyDestinationProblem(baseUrl, baseUrl) ?? apiKeyProblem(apiKey);
		const description = 'Open the MPservices credential of this node, fix it, and use Test connection to check it. Nothing was sent.';
		if (problem) throw new NodeOperationError(ctx.getNode(), problem, { description });
		return new MpServicesClient(ctx, { ...credentials, apiKey, baseUrl }, requestsPerSecond > 0 ? 1000 / requestsPerSecond : 0, deadline);
	}

	/** A text safe for a log line: without the key or any piece of 12 of its characters. */
	readonly redact = (text: string) => errors.redact(text, this.caller.secret);

	/**
	 * A list endpoint's records, whatever documented-ish shape they came in; with `once`, read once per execution however many
	 * items ask. A failed read fails each of them without another request, each with its own copy of the error (its own `[item N]`).
	 */
	async fetchList(kind: RecordKind, options: RequestOptions, once = false): Promise<IDataObject[]> {
		const key = JSON.stringify([kind.name, options.endpointPath, options.timeout, options.maxResponseBytes]);
		const list = (once && this.lists.get(key)) || this.request(kind.endpoint, options).then(({ body }) => {
			try {
				return normalizeList(body, `${kind.label}s`, kind.wrapperKey);
			} catch (error) {
				throw errors.unexpectedListError(this.call(kind.endpoint, options), body, (error as Error).message);
			}
		});
		if (!once) return await list;
		this.lists.set(key, list);
		return await list.catch((error) => Promise.reject(copyError(error)));
	}

	private call(endpoint: Endpoint, { endpointPath, subject, notFound }: RequestOptions): Call {
		const chosen = endpointPath || endpoint.path;
		return { ...this.caller, endpoint, path: chosen.startsWith('/') ? chosen : `/${chosen}`, subject, notFound };
	}

	/**
	 * One request, with the retry table's attempts and same-origin redirects: its JSON answer
	 * (undefined when empty), or, for one of the `expected` statuses (a 404 that means "no such
	 * product"), only the status. Any other failure throws a NodeApiError.
	 */
	async request(endpoint: Endpoint, options: RequestOptions, expected: number[] = []): Promise<{ status: number; body?: unknown }> {
		const call = this.call(endpoint, options);
		const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;
		const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_MB * 1024 * 1024;
		const left = () => (this.deadline === undefined ? Infinity : this.deadline - Date.now());
		const start = call.baseUrl + call.path;
		const body = options.form && new URLSearchParams(options.form).toString();
		const { effect, method } = call.endpoint;
		let url = start;
		let hops = 0;
		let retries = 0;
		for (;;) {
			await this.acquire();
			const backoff = RETRY_BASE_DELAY_MS * 2 ** retries;
			const outcome = await this.exchange(call, url, body, { timeout, budget: left(), limit });
			let delay: number | undefined;
			let reason: string;
			if ('failed' in outcome) {
				const code = errors.networkErrorCode(outcome.failed);
				if (!mayRetryNetwork(effect, code) || retries >= MAX_RETRIES || backoff >= left()) throw errors.networkError(call, code, outcome.failed, timeout, retries);
				delay = backoff;
				reason = code!;
			} else {
				const { status, headers, text } = outcome;
				if (status >= 200 && status < 300) return { status, body: this.parse(call, status, text) };
				if (expected.includes(status)) return { status };
				if (REDIRECT_STATUSES.has(status)) {
					const location = headers.location === undefined ? undefined : String(headers.location);
					const decision = decideRedirect(url, method, status, location, hops);
					if (!decision.follow) throw errors.redirectError(call, status, decision, location);
					url = decision.url;
					hops++;
					continue;
				}
				const retryAfter = parseRetryAfter(headers['retry-after']);
				const retryable = effect === 'read' ? READ_RETRY_STATUSES.includes(status) : nothingDone(status, retryAfter);
				if (retryable && (retryAfter ?? 0) <= MAX_RETRY_AFTER_MS) delay = retryAfter ?? backoff;
				if (delay === undefined || retries >= MAX_RETRIES || delay >= left()) {
					throw errors.statusError(call, status, text, retries, effect === 'write' && status >= 500 && !nothingDone(status, retryAfter));
				}
				if (status === 429) this.pausedUntil = Math.max(this.pausedUntil, Date.now() + delay);
				reason = String(status);
			}
			this.ctx.logger.debug(`MPservices ${method} ${call.path} got ${reason}; retry ${retries + 1} of ${MAX_RETRIES} in ${delay} ms`);
			await this.wait(delay);
			url = start;
			hops = 0;
			retries++;
		}
	}

	/**
	 * One attempt through n8n's helper, bounded as a whole by Timeout (or a poll's budget): n8n's own `timeout` is a socket idle
	 * timer, and n8n would buffer any body whole. The body is a stream, read within the size limit and destroyed at the deadline.
	 * Stop ends the attempt the same way, whether or not n8n puts the execution's signal on the request (every supported n8n
	 * does, in an execution, in place of `abortSignal`; a poll has no Stop and keeps the deadline there).
	 */
	private async exchange(call: Call, url: string, body: string | undefined, bounds: { timeout: number; budget: number; limit: number }): Promise<Answer | { failed: unknown }> {
		if (this.signal?.aborted) throw new CancelledError();
		const deadline = AbortSignal.timeout(Math.max(1, Math.min(bounds.timeout, bounds.budget)));
		const progress = { bytes: 0, headersIn: false };
		const request: IHttpRequestOptions = {
			method: call.endpoint.method,
			url,
			headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
			body,
			json: false,
			encoding: 'stream',
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			disableFollowRedirect: true,
			timeout: bounds.timeout,
			// Reaches the request in a poll; in an execution n8n puts its Stop signal in its place, so both are raced below.
			abortSignal: deadline,
		};
		const signals = this.signal ? [deadline, this.signal] : [deadline];
		let onAbort = () => {};
		const ended = new Promise<never>((_, reject) => {
			onAbort = () => reject(deadline.aborted ? deadline.reason : new CancelledError());
			for (const signal of signals) signal.addEventListener('abort', onAbort, { once: true });
		});
		ended.catch(() => undefined);
		let failed: unknown;
		try {
			const pending = this.ctx.helpers.httpRequestWithAuthentication.call(this.ctx, CREDENTIAL_TYPE, request, {
				// Read and checked once per execution: n8n does not load and decrypt it again for every request.
				credentialsDecrypted: { id: this.credentialId, name: '', type: CREDENTIAL_TYPE, data: this.credentials },
			}) as Promise<IN8nHttpFullResponse>;
			// An answer that comes after the deadline is not read: its body is destroyed.
			pending.then((late) => signals.some(({ aborted }) => aborted) && destroy(late.body), () => undefined);
			const response = await Promise.race([pending, ended]);
			progress.headersIn = true;
			const answer: Answer = { status: response.statusCode, headers: (response.headers ?? {}) as IDataObject, text: '' };
			if (REDIRECT_STATUSES.has(answer.status)) destroy(response.body);
			else answer.text = await readBody(response.body, Number(answer.headers['content-length']), bounds.limit, signals, progress);
			return answer;
		} catch (error) {
			failed = error;
		} finally {
			// Node keeps a timeout signal with a listener alive until it fires: let it go with the attempt.
			for (const signal of signals) signal.removeEventListener('abort', onAbort);
		}
		if (deadline.aborted) throw errors.timeoutError(call, bounds.timeout, progress.headersIn ? 'body' : 'headers', progress.bytes);
		if (this.signal?.aborted) throw new CancelledError();
		if (failed instanceof TooLarge) throw errors.tooLargeError(call, bounds.limit, failed.announced);
		return { failed };
	}

	/** A good answer's JSON (undefined when empty), without the key. */
	private parse(call: Call, status: number, text: string): unknown {
		if (text.trim() === '') return undefined;
		let parsed: unknown;
		try {
			parsed = JSON.parse(text);
		} catch {
			throw errors.notJsonError(call, status, text);
		}
		return errors.withoutKey(parsed, text, call.secret);
	}

	/** Waits for this request's turn: Requests per Second spaces starts; a 429 answered meanwhile pauses it too, without another slot. */
	private async acquire(): Promise<void> {
		const now = Date.now();
		const startAt = Math.max(now, this.nextStartAt, this.pausedUntil);
		if (this.minIntervalMs > 0) this.nextStartAt = startAt + this.minIntervalMs;
		await this.wait(startAt - now);
		while (this.pausedUntil > Date.now()) await this.wait(this.pausedUntil - Date.now());
	}

	/** Waits `ms`, or ends at once with CancelledError on Stop (an old n8n's sleep ignores the signal: the race ends it). */
	private async wait(ms: number): Promise<void> {
		if (this.signal?.aborted) throw new CancelledError();
		if (ms <= 0) return;
		await (this.signal ? Promise.race([sleep(ms, this.signal).catch(() => undefined), this.stopped]) : sleep(ms));
		if (this.signal?.aborted) throw new CancelledError();
	}
}

type BodyStream = AsyncIterable<Uint8Array | string> & { destroy(error?: Error): void };

const isStream = (body: unknown): body is BodyStream =>
	typeof (body as BodyStream | undefined)?.[Symbol.asyncIterator] === 'function' && typeof (body as BodyStream).destroy === 'function';

/** Ends a body nobody will read, so its socket closes. */
const destroy = (body: unknown) => isStream(body) && body.destroy();

/** The body as text, read at most `limit` bytes far; the stream is destroyed past the limit or when one of `signals` aborts. */
export async function readBody(body: unknown, announced: number, limit: number, signals: AbortSignal[], progress: { bytes: number }): Promise<string> {
	if (announced > limit) {
		destroy(body);
		throw new TooLarge(announced);
	}
	if (!isStream(body)) return body === undefined || body === null ? '' : String(body);
	const stop = () => body.destroy(new Error('aborted'));
	if (signals.some(({ aborted }) => aborted)) stop();
	for (const signal of signals) signal.addEventListener('abort', stop, { once: true });
	const chunks: Buffer[] = [];
	try {
		// A destroyed stream (a Stop, the deadline) ends the loop with an error.
		for await (const chunk of body) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
			if ((progress.bytes += bytes.byteLength) > limit) {
				body.destroy();
				throw new TooLarge();
			}
			chunks.push(bytes);
		}
	} finally {
		for (const signal of signals) signal.removeEventListener('abort', stop);
	}
	return chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8');
}
