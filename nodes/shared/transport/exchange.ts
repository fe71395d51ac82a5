import type { ICredentialsDecrypted, IDataObject, IHttpRequestMethods, IHttpRequestOptions, IN8nHttpFullResponse } from 'n8n-workflow';

import { CREDENTIAL_TYPE } from '../constants';
import { BodyTooLargeError, discardBody, readBody } from './body';
import { REDIRECT_STATUSES } from './boundary';
import type { MpServicesContext } from './types';

/**
 * One HTTP exchange with MPservices through n8n's authenticated helper,
 * bounded as a whole by its deadline and its size limit: an answer, or why
 * there is none. The attempt loop around it (retries, redirects, errors) is
 * client.ts's.
 */

/** What an exchange needs of its client: where it runs, the credential, the execution's Stop, the attempts in flight. */
export interface ExchangeSetup {
	ctx: MpServicesContext;
	credentials: ICredentialsDecrypted;
	signal?: AbortSignal;
	inFlight: Set<AbortController>;
}

/** One exchange's outcome: the status, the headers, and the body read within the limits. */
export interface Answer {
	status: number;
	headers: IDataObject;
	text: string;
}

/** Why an attempt ended without an answer. */
export type Failure =
	| { kind: 'timeout'; phase: 'headers' | 'body'; bytes: number }
	| { kind: 'tooLarge'; limitBytes: number; announcedBytes?: number }
	| { kind: 'cancelled' }
	| { kind: 'network'; error: unknown };

/** What one attempt gave: an answer, or why there is none. */
export type Outcome = { answer: Answer } | { failure: Failure };

/**
 * One HTTP exchange through n8n's authenticated helper, bounded as a
 * whole by the timeout. The body comes as a stream (n8n would buffer it
 * whole) and is read within the size limit; a deadline or a Stop aborts
 * the request, or destroys the body being read, at once.
 */
export async function exchange(
	{ ctx, credentials, signal, inFlight }: ExchangeSetup,
	method: IHttpRequestMethods,
	url: string,
	body: string | undefined,
	{ timeout, maxResponseBytes }: { timeout: number; maxResponseBytes: number },
): Promise<Outcome> {
	if (signal?.aborted) return { failure: { kind: 'cancelled' } };
	const attempt = new AbortController();
	const deadline = AbortSignal.timeout(timeout);
	const onDeadline = () => attempt.abort(deadline.reason);
	deadline.addEventListener('abort', onDeadline, { once: true });
	inFlight.add(attempt);
	const progress = { bytes: 0 };
	let headersIn = false;
	try {
		const pending = ctx.helpers.httpRequestWithAuthentication.call(
			ctx,
			CREDENTIAL_TYPE,
			requestOptions(method, url, body, timeout, attempt.signal),
			// The credential was read once per execution: without this, n8n would
			// load and decrypt it again for every request.
			{ credentialsDecrypted: credentials },
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
		if (signal?.aborted) return { failure: { kind: 'cancelled' } };
		if (error instanceof BodyTooLargeError) {
			return { failure: { kind: 'tooLarge', limitBytes: error.limitBytes, announcedBytes: error.announcedBytes } };
		}
		return { failure: { kind: 'network', error } };
	} finally {
		deadline.removeEventListener('abort', onDeadline);
		inFlight.delete(attempt);
	}
}

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

export function header(headers: IDataObject | undefined, name: string): string | undefined {
	const value = headers?.[name];
	return value === undefined || value === null ? undefined : String(value);
}
