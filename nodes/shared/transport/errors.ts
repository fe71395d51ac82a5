import type { INode, NodeApiError } from 'n8n-workflow';

import { MAX_REDIRECTS } from '../constants';
import { MAYBE_SENT_NETWORK_CODES } from './retry';
import type { Call, ErrorContext } from './apiError';
import { apiError, apiMessageOf, formatBytes } from './apiError';
import { safeExcerpt } from './redact';

export type { Call, ErrorContext } from './apiError';
export { apiMessageOf, networkErrorCode } from './apiError';

/**
 * How a failed exchange with MPservices becomes a NodeApiError: the status,
 * the API's own message, a hint at the fix. Every text is redacted of the
 * API key before it is cut.
 */

const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const describeCall = ({ endpoint, path }: Call) => `${endpoint.method} ${path}`;

/** " (after 2 retries)" for a message, or nothing when the request was sent once. */
const afterRetries = (retries: number) => (retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '');

/** Whether a node is a trigger (its rate-limit advice differs: it has no Concurrency option). */
const isTrigger = (node: INode) => node.type.endsWith('Trigger');

/**
 * An answer with a failing status. `unsure`: a write that was not sent
 * again because MPservices may have done it (a 5xx other than a 503 with
 * Retry-After); the message says so and how to check.
 */
export function statusError(ctx: ErrorContext, call: Call, status: number, body: string, retries: number, unsure = false): NodeApiError {
	const what = describeCall(call);
	const apiMessage = apiMessageOf(body, ctx.secret);
	const said = apiMessage ? `: ${apiMessage}` : '';
	const retried = afterRetries(retries);
	let message: string;
	let description: string;
	if (status === 401 || status === 403) {
		message = `MPservices rejected the API key (${status})${said}`;
		description =
			"Check the 'API Key' in the MPservices credential. Keys are created and revoked in the MPservices web app under Integrations Settings.";
	} else if (status === 404 && call.notFound) {
		message = `MPservices could not find what ${what} refers to (404)${said}`;
		description = call.notFound;
	} else if (status === 404 && (call.endpoint.assumed || call.path !== call.endpoint.path)) {
		message = `MPservices has no endpoint at ${what} (404)${said}`;
		description = `The path ${call.path} was tried on ${ctx.baseUrl}. MPservices does not document this path; if your account uses another one, set it in the node's 'Options → Endpoint Path'.`;
	} else if (status === 404) {
		message = `MPservices could not find what ${what} refers to (404)${said}`;
		description = `Check the values sent in this item${call.subject ? ` (${call.subject})` : ''}.`;
	} else if (status === 429) {
		message = `MPservices rate limit reached (429)${retried}${said}`;
		description =
			call.endpoint.effect === 'write'
				? "Lower 'Concurrency' or set 'Requests per Second' in the node's Options, or try again later."
				: isTrigger(ctx.node)
					? "Poll less often ('Poll Times'), or check what else uses this API key at the same time."
					: 'Run the workflow less often, or check what else uses this API key at the same time.';
	} else if (unsure && call.endpoint.effect === 'write') {
		message = `MPservices did not confirm ${what}${call.subject ? ` for ${call.subject}` : ''} (${status})${said}`;
		description = `${call.endpoint.ifUnsure} The request had reached MPservices or a gateway in front of it, so it was not sent again: a ${status} can come after the work was done.`;
	} else if (status >= 500) {
		message = `MPservices could not answer ${what} (${status})${retried}${said}`;
		description = 'MPservices is not answering requests now. Try again later; if it lasts, check the MPservices status with its support.';
	} else {
		message = `MPservices refused ${what} (${status})${said}`;
		description = `Check the values sent in this item${call.subject ? ` (${call.subject})` : ''}.`;
	}
	return apiError(ctx, status, body, { message, description });
}

export function notJsonError(ctx: ErrorContext, call: Call, status: number, body: string): NodeApiError {
	const done = call.endpoint.effect === 'write' && status >= 200 && status < 300;
	return apiError(ctx, status, body, {
		message: `MPservices answered ${describeCall(call)} with a body that is not JSON (status ${status})`,
		description: `${done ? `MPservices accepted the request (${status}): the write was done, so do not run this item again. ` : ''}The response began with: ${safeExcerpt(body, ctx.secret)}`,
	});
}

export function unexpectedListError(ctx: ErrorContext, call: Call, body: unknown, reason: string): NodeApiError {
	return apiError(ctx, 200, body, { message: `Unexpected response from ${describeCall(call)}: ${reason}` });
}

export function networkError(
	ctx: ErrorContext,
	call: Call,
	code: string | undefined,
	error: unknown,
	timeout: number,
	retries: number,
): NodeApiError {
	const retried = afterRetries(retries);
	if (code && TIMEOUT_CODES.has(code)) return timeoutError(ctx, call, timeout, 'headers', 0, code);
	const what = describeCall(call);
	// The messages avoid the bare error codes: NodeApiError would replace any
	// message containing one with a generic text. The code goes in the description.
	let message: string;
	let advice: string;
	if (code === 'ECONNREFUSED') {
		message = `Could not connect to MPservices at ${ctx.baseUrl}: the connection was refused${retried}`;
		advice = "Check the 'Base URL' in the MPservices credential, and that n8n can reach that address over the network.";
	} else if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		message = `Could not connect to MPservices at ${ctx.baseUrl}: the host name could not be resolved`;
		advice = "Check the host name in the 'Base URL' of the MPservices credential, and the DNS settings of the machine n8n runs on.";
	} else if (code && MAYBE_SENT_NETWORK_CODES.has(code) && call.endpoint.effect === 'write') {
		message = `The connection to MPservices broke during ${what}${call.subject ? ` for ${call.subject}` : ''}, after the request was sent`;
		advice = `${call.endpoint.ifUnsure} The request was not sent again, since MPservices may have received it.`;
	} else if (code && MAYBE_SENT_NETWORK_CODES.has(code)) {
		message = `The connection to MPservices broke during ${what}${retried}`;
		advice = 'The connection broke each time it was tried. Check the network between n8n and MPservices, or try again later.';
	} else {
		message = `The request ${what} to MPservices did not go through`;
		advice = `n8n said: ${safeExcerpt(String((error as Error)?.message ?? error), ctx.secret)}`;
	}
	const detail = code ? `Network code ${code}. ` : '';
	return apiError(ctx, undefined, (error as Error)?.message ?? '', { message, description: `${detail}${advice}`, code });
}

/**
 * An attempt that did not finish within Timeout, which bounds it as a whole:
 * no answer at all, or an answer whose body did not complete in time.
 */
export function timeoutError(
	ctx: ErrorContext,
	call: Call,
	timeout: number,
	phase: 'headers' | 'body',
	bytes: number,
	code?: string,
): NodeApiError {
	const what = describeCall(call);
	const message =
		phase === 'headers'
			? `MPservices did not answer ${what} within ${timeout} ms`
			: `The answer of MPservices to ${what} did not complete within ${timeout} ms (${formatBytes(bytes)} received)`;
	return apiError(ctx, undefined, '', {
		message,
		description: `${code ? `Network code ${code}. ` : ''}${call.endpoint.effect === 'write' ? `${call.endpoint.ifUnsure} ` : ''}The 'Timeout' option bounds each attempt as a whole: connecting, the answer and all of its body. A time-out is not retried, since a write may have been done. Raise 'Options → Timeout' if MPservices is only slow, or check the network between n8n and MPservices.`,
		code: code ?? 'ETIMEDOUT',
	});
}

/** An answer bigger than the size limit: the node stopped reading it at once. */
export function tooLargeError(ctx: ErrorContext, call: Call, limitBytes: number, announcedBytes?: number): NodeApiError {
	const what = describeCall(call);
	const size = announcedBytes === undefined ? `more than ${formatBytes(limitBytes)}` : formatBytes(announcedBytes);
	const message = `The answer of MPservices to ${what} is ${size}, over the ${formatBytes(limitBytes)} limit; the node stopped reading it`;
	const advice =
		call.endpoint.effect === 'read'
			? `If your account really has this much in two days, raise 'Options → Max Response Size'. Otherwise the Base URL may point at something that is not the MPservices API.`
			: `MPservices answers product requests with a few hundred bytes: this answer does not come from the MPservices API. Check the 'Base URL' in the MPservices credential. ${call.endpoint.ifUnsure}`;
	return apiError(ctx, undefined, '', {
		message,
		description: `The node reads at most this much of an answer, so that one runaway answer cannot take the memory of n8n and every workflow running in it. ${advice}`,
	});
}

/**
 * A redirect the node did not follow. To another origin the key is never
 * sent (the reason that matters most, said first); a 301/302/303 would turn
 * a write into a GET; a chain longer than MAX_REDIRECTS is cut.
 */
export function redirectError(
	ctx: ErrorContext,
	call: Call,
	status: number,
	decision: { reason: 'otherOrigin' | 'changesMethod' | 'tooMany' | 'noLocation'; target?: URL },
	location: string | undefined,
): NodeApiError {
	const what = describeCall(call);
	const target = decision.target;
	let message: string;
	let description: string;
	if (decision.reason === 'otherOrigin' && target) {
		const base = new URL(ctx.baseUrl);
		const where =
			target.hostname !== base.hostname
				? `to another host, ${target.host}`
				: target.protocol === 'http:' && base.protocol === 'https:'
					? `to plain http:// at ${target.host}`
					: `to another address, ${target.protocol}//${target.host}`;
		message = `MPservices answered ${what} with a redirect (${status}) ${where}; the node did not follow it, and the API key was not sent there`;
		description = `The node sends the API key only to the 'Base URL' of the credential (${ctx.baseUrl}). If MPservices really moved to ${target.protocol}//${target.host}, change the 'Base URL' in the credential; otherwise something between n8n and MPservices (a proxy, a captive portal, a load balancer) answered in its place.`;
	} else if (decision.reason === 'changesMethod' && target) {
		message = `MPservices answered ${what} with a redirect (${status}) to ${target.pathname}, which would turn the ${call.endpoint.method} into a GET; the node did not follow it`;
		description = `Nothing was changed in MPservices by this item. Point the request at ${target.pathname} directly: the 'Base URL' in the credential, or 'Options → Endpoint Path' where the operation has it.`;
	} else if (decision.reason === 'tooMany') {
		message = `MPservices redirected ${what} more than ${MAX_REDIRECTS} times; the node stopped following`;
		description = "Check the 'Base URL' in the MPservices credential: it should be the address of the integrations API itself.";
	} else {
		message = `MPservices answered ${what} with a redirect (${status}) but no address to go to`;
		description = "Check the 'Base URL' in the MPservices credential.";
	}
	return apiError(ctx, status, location ?? '', { message, description });
}

