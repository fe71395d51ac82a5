import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ListEndpoint, WriteEndpoint } from '../constants';
import { CREDENTIAL_TYPE, MAX_RETRIES } from '../constants';
import type { VersionDefaults } from '../versions';
import { defaultsFor } from '../versions';
import { normalizeList } from '../records';
import { apiKeyProblem, checkBaseUrl, cleanApiKey, decideRedirect, normalizeBaseUrl, REDIRECT_STATUSES } from './boundary';
import type { ExchangeSetup } from './exchange';
import type { Account, ClientOptions, MpServicesContext, RequestOptions } from './types';
import { exchange, header } from './exchange';
import type { Call, ErrorContext } from './errors';
import { networkError, networkErrorCode, redirectError, statusError, timeoutError, tooLargeError, unexpectedListError } from './errors';
import { callOf, parseAnswer, parseExpectedFailure } from './call';
import type { SecretIndex } from './redact';
import { indexSecret } from './redact';
import { CancelledError, RequestGate, retryDelayForNetworkError, retryDelayForStatus, wait, writeOutcomeUnknown } from './retry';

/**
 * The client of one execution: the base URL, the credential, form encoding
 * and the attempt loop. One exchange is exchange.ts's; what an answer's
 * body becomes is call.ts's; what a failure means is errors.ts's; when to
 * wait and what may be sent again is retry.ts's; where the key may go is
 * boundary.ts's.
 */

export class MpServicesClient {
	readonly account: Account;

	private readonly gate: RequestGate;

	private readonly signal?: AbortSignal;

	private readonly errors: ErrorContext;

	/** When the caller must be done, if it must (ClientOptions.deadline). */
	private readonly deadline?: number;

	/** The lists read once per execution (fetchListOnce), by kind and options. */
	private readonly lists = new Map<string, Promise<IDataObject[]>>();

	/** What the node's version means for an option left unset (Timeout, Max Response Size). */
	private readonly defaults: VersionDefaults;

	/** The key, indexed once per execution for finding any piece of it in an answer. */
	private readonly secretIndex: SecretIndex;

	/** What each exchange needs: the credential as read once for this execution, the Stop signal, the attempts in flight. */
	private readonly setup: ExchangeSetup;

	private constructor(
		private readonly ctx: MpServicesContext,
		credentials: ICredentialDataDecryptedObject,
		options: ClientOptions,
	) {
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		const baseUrl = normalizeBaseUrl(credentials.baseUrl);
		const apiKey = cleanApiKey(credentials.apiKey);
		this.account = { credentialId: reference?.id ?? '', baseUrl };
		this.signal = 'getExecutionCancelSignal' in ctx ? ctx.getExecutionCancelSignal?.() : undefined;
		// The credential was read once per execution: handed to n8n with each request, n8n does not load and decrypt it again.
		this.setup = {
			ctx,
			credentials: { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data: { ...credentials, apiKey, baseUrl } },
			signal: this.signal,
			inFlight: new Set(),
		};
		// A Stop aborts every attempt in flight through this one listener.
		this.signal?.addEventListener('abort', () => {
			for (const attempt of this.setup.inFlight) attempt.abort(new CancelledError());
		});
		const rps = options.requestsPerSecond ?? 0;
		this.gate = new RequestGate(rps > 0 ? 1000 / rps : 0, this.signal);
		this.errors = { node: ctx.getNode(), secret: apiKey, baseUrl };
		this.secretIndex = indexSecret(apiKey);
		this.defaults = defaultsFor(ctx.getNode());
		this.deadline = options.deadline;
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

	/** Fetches a kind's list endpoint and returns its records, whatever documented-ish shape they came in. */
	async fetchList(kind: { endpoint: ListEndpoint; wrapperKey: string }, options: RequestOptions = {}): Promise<IDataObject[]> {
		const call = callOf(kind.endpoint, options);
		const { body } = await this.send(call, options);
		try {
			return normalizeList(body, kind.endpoint.noun, kind.wrapperKey);
		} catch (error) {
			throw unexpectedListError(this.errors, call, body, (error as Error).message);
		}
	}

	/**
	 * The same list once per execution, however many items ask for it
	 * (Work Order → Get for a hundred folios reads the window once). A list
	 * that could not be read is asked for again by the next item.
	 */
	async fetchListOnce(kind: { name: string; endpoint: ListEndpoint; wrapperKey: string }, options: RequestOptions = {}): Promise<IDataObject[]> {
		const key = JSON.stringify([kind.name, options.path ?? '', options.timeout ?? 0, options.maxResponseBytes ?? 0]);
		let list = this.lists.get(key);
		if (!list) {
			list = this.fetchList(kind, options);
			this.lists.set(key, list);
			list.catch(() => this.lists.delete(key));
		}
		return await list;
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
		const timeout = options.timeout && options.timeout > 0 ? options.timeout : this.defaults.timeoutMs;
		const maxResponseBytes = options.maxResponseBytes ?? this.defaults.maxResponseMb * MB;
		// Within a deadline, an attempt gets what is left of it, and a retry is sent only if its wait fits.
		const left = () => (this.deadline === undefined ? Infinity : this.deadline - Date.now());
		const fits = (delay: number | undefined) => (delay !== undefined && delay < left() ? delay : undefined);
		const start = this.account.baseUrl + call.path;
		const body = options.form ? new URLSearchParams(options.form).toString() : undefined;
		const { effect } = call.endpoint;

		let url = start;
		let hops = 0;
		for (let attempt = 0; ; ) {
			await this.gate.acquire();
			const outcome = await exchange(this.setup, call.endpoint.method, url, body, { timeout: Math.max(1, Math.min(timeout, left())), maxResponseBytes });
			if ('failure' in outcome) {
				const { failure } = outcome;
				if (failure.kind === 'cancelled') throw new CancelledError();
				if (failure.kind === 'timeout') throw timeoutError(this.errors, call, timeout, failure.phase, failure.bytes);
				if (failure.kind === 'tooLarge') throw tooLargeError(this.errors, call, failure.limitBytes, failure.announcedBytes);
				const code = networkErrorCode(failure.error);
				const delay = fits(retryDelayForNetworkError(effect, code, attempt));
				if (delay === undefined) throw networkError(this.errors, call, code, failure.error, timeout, attempt);
				await this.waitBeforeRetry(call, code!, delay, attempt++);
				[url, hops] = [start, 0];
				continue;
			}

			const { answer } = outcome;
			const { status, text } = answer;
			if (status >= 200 && status < 300) return { status, body: parseAnswer(this.errors, this.secretIndex, call, status, text) };
			if (expected?.has(status)) return { status, body: parseExpectedFailure(text, this.errors.secret) };
			if (REDIRECT_STATUSES.has(status)) {
				const location = header(answer.headers, 'location');
				const decision = decideRedirect(url, call.endpoint.method, status, location, hops);
				if (!decision.follow) throw redirectError(this.errors, call, status, decision, location);
				[url, hops] = [decision.url, hops + 1];
				continue;
			}

			const retryAfter = header(answer.headers, 'retry-after');
			const delay = fits(retryDelayForStatus(effect, status, retryAfter, attempt, Date.now()));
			if (delay === undefined) throw statusError(this.errors, call, status, text, attempt, writeOutcomeUnknown(effect, status, retryAfter));
			if (status === 429) this.gate.pause(delay);
			await this.waitBeforeRetry(call, String(status), delay, attempt++);
			[url, hops] = [start, 0];
		}
	}

	private async waitBeforeRetry(call: Call, reason: string, delay: number, attempt: number) {
		this.ctx.logger.debug(
			`MPservices ${call.endpoint.method} ${call.path} got ${reason}; retry ${attempt + 1} of ${MAX_RETRIES} in ${delay} ms`,
		);
		await wait(delay, this.signal);
	}
}

const MB = 1024 * 1024;
