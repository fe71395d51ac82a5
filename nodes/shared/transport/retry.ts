import { sleep } from 'n8n-workflow';

import { MAX_RETRIES, MAX_RETRY_AFTER_MS, RETRY_BASE_DELAY_MS } from '../constants';

/**
 * When and how long to wait: the retry policy, the pacing gate of one node
 * execution, and waits that end as soon as n8n cancels the execution.
 */

/**
 * Which failures a request may be sent again after. A read may be sent
 * again after anything passing. A write only after an answer that proves
 * MPservices did nothing with it:
 * - 429: the rate limit refused it before it was handled;
 * - 503 with Retry-After: the server says it is not taking requests now and
 *   when to come back (RFC 9110, 15.6.4); without Retry-After a 503 may come
 *   from a gateway whose backend failed mid-request, like 502 and 504;
 * - ECONNREFUSED, EHOSTUNREACH, ENETUNREACH, EAI_AGAIN: no connection was made, so nothing was sent.
 * A 502 or 504 from a gateway, a reset or broken connection, or a time-out
 * may come after MPservices did the work: a write is not sent again.
 */
const READ_RETRY_STATUSES = new Set([429, 502, 503, 504]);
const WRITE_RETRY_STATUSES = new Set([429]);
/** No connection was made: nothing was sent (refused, no route to the host, a name that did not resolve for now). */
const NOT_SENT_NETWORK_CODES = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN'];
const READ_RETRY_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE', ...NOT_SENT_NETWORK_CODES]);
const WRITE_RETRY_NETWORK_CODES = new Set(NOT_SENT_NETWORK_CODES);
/** Network failures after which the request may have been sent (and, for a write, done). */
export const MAYBE_SENT_NETWORK_CODES = new Set(['ECONNRESET', 'EPIPE']);

type Effect = 'read' | 'write';

/** Thrown when n8n cancels the execution while a request waits. */
export class CancelledError extends Error {
	constructor() {
		super('The execution was cancelled while MPservices requests were waiting');
		this.name = 'CancelledError';
	}
}

/** Waits `ms`, or ends early with CancelledError when the signal fires. */
export async function wait(ms: number, signal?: AbortSignal): Promise<void> {
	if (signal?.aborted) throw new CancelledError();
	if (ms <= 0) return;
	if (!signal) return await sleep(ms);
	let onAbort: () => void = () => {};
	const cancelled = new Promise<never>((_, reject) => {
		onAbort = () => reject(new CancelledError());
		signal.addEventListener('abort', onAbort, { once: true });
	});
	try {
		// n8n-workflow's sleep clears its timer on abort where the host n8n supports it;
		// the race ends the wait at once on every n8n.
		await Promise.race([sleep(ms, signal).catch(() => undefined), cancelled]);
	} finally {
		signal.removeEventListener('abort', onAbort);
	}
}

/**
 * Paces the requests of one node execution: an optional minimum interval
 * between request starts, and a shared pause when the API says 429, so the
 * whole node backs off instead of every request retrying into the limit.
 */
export class RequestGate {
	private nextStartAt = 0;

	private pausedUntil = 0;

	constructor(
		private readonly minIntervalMs = 0,
		private readonly signal?: AbortSignal,
	) {}

	async acquire(): Promise<void> {
		for (;;) {
			const now = Date.now();
			const startAt = Math.max(now, this.nextStartAt, this.pausedUntil);
			if (this.minIntervalMs > 0) this.nextStartAt = startAt + this.minIntervalMs;
			await wait(startAt - now, this.signal);
			// A 429 seen while this request waited moves the pause further out: wait again.
			if (this.pausedUntil <= Date.now()) return;
		}
	}

	pause(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, Date.now() + ms);
	}
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

/**
 * How long to wait before sending a request again after an answer with this
 * status, or undefined when it is not sent again (see the rules above; out
 * of attempts; or a Retry-After longer than the node waits).
 */
export function retryDelayForStatus(
	effect: Effect,
	status: number,
	retryAfterHeader: string | undefined,
	attempt: number,
	now: number,
): number | undefined {
	if (attempt >= MAX_RETRIES) return undefined;
	const retryAfter = parseRetryAfter(retryAfterHeader, now);
	const allowed =
		effect === 'read'
			? READ_RETRY_STATUSES.has(status)
			: WRITE_RETRY_STATUSES.has(status) || (status === 503 && retryAfter !== undefined);
	if (!allowed) return undefined;
	if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return undefined;
	return retryAfter ?? backoffDelay(attempt);
}

/** How long to wait before sending a request again after a network failure with this code, or undefined when it is not sent again. */
export function retryDelayForNetworkError(effect: Effect, code: string | undefined, attempt: number): number | undefined {
	const codes = effect === 'read' ? READ_RETRY_NETWORK_CODES : WRITE_RETRY_NETWORK_CODES;
	return code && codes.has(code) && attempt < MAX_RETRIES ? backoffDelay(attempt) : undefined;
}

/**
 * Whether a write that failed with this status may have been done anyway:
 * a 5xx, except a 503 with Retry-After (the server says it took nothing).
 */
export function writeOutcomeUnknown(effect: Effect, status: number, retryAfterHeader: string | undefined): boolean {
	return effect === 'write' && status >= 500 && !(status === 503 && parseRetryAfter(retryAfterHeader, 0) !== undefined);
}
