import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Endpoint } from '../constants';
import { MAX_REDIRECTS } from '../constants';
import type { RedirectDecision } from './boundary';

/** How a failed exchange becomes a NodeApiError (the status, the API's message, the fix), and the API key out of what a user or a log sees. */

const PIECE = 12;
const MARK = '[redacted]';

/** The text with the key, and every run covered by 12-character pieces of it, replaced: for errors and logs (proxies echo headers, cut anywhere). */
export function redact(text: string, secret: string): string {
	if (!secret || !text) return text;
	const clean = text.split(secret).join(MARK);
	if (secret.length < PIECE) return clean;
	const pieces = new Set<string>();
	for (let i = 0; i + PIECE <= secret.length; i++) pieces.add(secret.slice(i, i + PIECE));
	// Pieces that overlap or touch make one run of text; each run becomes one mark.
	const parts: string[] = [];
	let keptFrom = 0;
	for (let i = 0; i + PIECE <= clean.length; i++) {
		if (!pieces.has(clean.slice(i, i + PIECE))) continue;
		if (i > keptFrom || parts.length === 0) parts.push(clean.slice(keptFrom, i), MARK);
		keptFrom = i + PIECE;
	}
	return parts.length ? parts.join('') + clean.slice(keptFrom) : clean;
}

/** A text safe to show: redacted before and after its white space is folded, then cut to `max` characters. */
export function safeExcerpt(text: string, secret: string, max = 300): string {
	const clean = redact(redact(text.slice(0, 1_000_000), secret).replace(/\s+/g, ' ').trim(), secret);
	return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * A good answer without the key: the whole key is replaced in every string; pieces are user data there (every HS256 JWT
 * begins like the key). An escape (`\u0041`) may spell the key where the raw text does not: such answers are walked.
 */
export function withoutKey<T>(value: T, text: string, secret: string): T {
	if (!secret || !(text.includes(secret) || text.includes('\\'))) return value;
	const walk = (entry: unknown): unknown => {
		if (typeof entry === 'string') return entry.includes(secret) ? entry.split(secret).join(MARK) : entry;
		if (Array.isArray(entry)) return entry.map(walk);
		if (!entry || typeof entry !== 'object') return entry;
		return Object.fromEntries(Object.entries(entry).map(([key, field]) => [walk(key), walk(field)]));
	};
	return walk(value) as T;
}

/** What was called ("GET /FetchTenantsWorkOrders"), by which node, with which key (removed from every text); for a write, its product and what a 404 means. */
export interface Call { node: INode; secret: string; baseUrl: string; endpoint: Endpoint; path: string; subject?: string; notFound?: string }

/** Network failures after which a request may have been sent (and a write done); those where nothing was sent. */
export const MAYBE_SENT_CODES = new Set(['ECONNRESET', 'EPIPE']);
export const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);

const named = ({ endpoint, path }: Call) => `${endpoint.method} ${path}`;
const forSubject = (call: Call) => (call.subject ? ` for ${call.subject}` : '');
const afterRetries = (retries: number) => (retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '');
const checkValues = (call: Call) => `Check the values sent in this item${call.subject ? ` (${call.subject})` : ''}.`;
const checkBaseUrl = "Check the 'Base URL' in the MPservices credential";

function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
	return bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`;
}

/** The network error code (ECONNRESET…) of a failed request, wherever the HTTP library put it. */
export function networkErrorCode(error: unknown): string | undefined {
	for (const candidate of [error, (error as { cause?: unknown })?.cause, (error as { errorResponse?: unknown })?.errorResponse]) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** The API's own message from an error body: a JSON message field, or the text without markup; redacted, then cut. */
export function apiMessageOf(text: string, secret = ''): string {
	const trimmed = text.trim();
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (typeof parsed === 'string') return safeExcerpt(parsed, secret);
		for (const key of ['message', 'error', 'detail', 'details', 'msg', 'errors']) {
			const value = (parsed as Record<string, unknown> | null)?.[key];
			if (typeof value === 'string' && value.trim()) return safeExcerpt(value, secret);
			if (value && typeof value === 'object') return safeExcerpt(JSON.stringify(value), secret);
		}
	} catch {
		// not JSON: its text without markup
	}
	return safeExcerpt(trimmed.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, ' '), secret);
}

/** A NodeApiError from plain values only, every text redacted before any cut. */
function apiError(call: Call, status: number | undefined, body: string, message: string, description: string, code?: string): NodeApiError {
	const clean = redact(message, call.secret);
	const httpCode = status === undefined ? undefined : String(status);
	// networkCode, not code: NodeApiError would swap a message for its generic one.
	const errorResponse: JsonObject = { message: clean, body: safeExcerpt(body, call.secret, 2000), ...(httpCode ? { httpCode } : {}), ...(code ? { networkCode: code } : {}) };
	return new NodeApiError(call.node, errorResponse, { message: clean, description: redact(description, call.secret), httpCode });
}

/** An answer with a failing status. `unsure`: a write not sent again because MPservices may have done it. */
export function statusError(call: Call, status: number, body: string, retries: number, unsure: boolean): NodeApiError {
	const apiMessage = apiMessageOf(body, call.secret);
	const said = apiMessage ? `: ${apiMessage}` : '';
	const what = named(call);
	const say = (message: string, description: string) => apiError(call, status, body, `${message}${said}`, description);
	if (status === 401 || status === 403) {
		return say(`MPservices rejected the API key (${status})`, "Check the 'API Key' in the MPservices credential. Keys are created and revoked in the MPservices web app under Integrations Settings.");
	}
	if (status === 404 && !call.notFound && (call.endpoint.assumed || call.path !== call.endpoint.path)) {
		const where = `The path ${call.path} was tried on ${call.baseUrl}. MPservices does not document this path; if your account uses another one, set it in the node's 'Options → Endpoint Path'.`;
		return say(`MPservices has no endpoint at ${what} (404)`, where);
	}
	if (status === 404) return say(`MPservices could not find what ${what} refers to (404)`, call.notFound ?? checkValues(call));
	if (status === 429) {
		const advice =
			call.endpoint.effect === 'write'
				? "Lower 'Concurrency' or set 'Requests per Second' in the node's Options, or try again later."
				: `${call.node.type.endsWith('Trigger') ? "Poll less often ('Poll Times')" : 'Run the workflow less often'}, or check what else uses this API key at the same time.`;
		return say(`MPservices rate limit reached (429)${afterRetries(retries)}`, advice);
	}
	if (unsure) {
		const advice = `${call.endpoint.ifUnsure} The request had reached MPservices or a gateway in front of it, so it was not sent again: a ${status} can come after the work was done.`;
		return say(`MPservices did not confirm ${what}${forSubject(call)} (${status})`, advice);
	}
	if (status >= 500) {
		const advice = 'MPservices is not answering requests now. Try again later; if it lasts, check the MPservices status with its support.';
		return say(`MPservices could not answer ${what} (${status})${afterRetries(retries)}`, advice);
	}
	return say(`MPservices refused ${what} (${status})`, checkValues(call));
}

/** A body that is not JSON; for a write answered 2xx, the write was done. */
export function notJsonError(call: Call, status: number, body: string): NodeApiError {
	const done = call.endpoint.effect === 'write' && status < 300 ? `MPservices accepted the request (${status}): the write was done, so do not run this item again. ` : '';
	return apiError(call, status, body, `MPservices answered ${named(call)} with a body that is not JSON (status ${status})`, `${done}The response began with: ${safeExcerpt(body, call.secret)}`);
}

export function unexpectedListError(call: Call, body: unknown, reason: string): NodeApiError {
	return apiError(call, 200, JSON.stringify(body ?? null), `Unexpected response from ${named(call)}: ${reason}`, '');
}

export function networkError(call: Call, code: string | undefined, error: unknown, timeout: number, retries: number): NodeApiError {
	if (code && TIMEOUT_CODES.has(code)) return timeoutError(call, timeout, 'headers', 0, code);
	const [what, unreachable] = [named(call), `Could not connect to MPservices at ${call.baseUrl}`];
	// No bare error codes in the messages: NodeApiError would replace the message with a generic one.
	const say = (message: string, description: string) =>
		apiError(call, undefined, String((error as Error)?.message ?? ''), message, `${code ? `Network code ${code}. ` : ''}${description}`, code);
	if (code === 'ECONNREFUSED') return say(`${unreachable}: the connection was refused${afterRetries(retries)}`, `${checkBaseUrl}, and that n8n can reach that address over the network.`);
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
		return say(`${unreachable}: the host name could not be resolved`, "Check the host name in the 'Base URL' of the MPservices credential, and the DNS settings of the machine n8n runs on.");
	}
	if (code && MAYBE_SENT_CODES.has(code) && call.endpoint.effect === 'write') {
		return say(`The connection to MPservices broke during ${what}${forSubject(call)}, after the request was sent`, `${call.endpoint.ifUnsure} The request was not sent again, since MPservices may have received it.`);
	}
	if (code && MAYBE_SENT_CODES.has(code)) {
		return say(`The connection to MPservices broke during ${what}${afterRetries(retries)}`, 'The connection broke each time it was tried. Check the network between n8n and MPservices, or try again later.');
	}
	return say(`The request ${what} to MPservices did not go through`, `n8n said: ${safeExcerpt(String((error as Error)?.message ?? error), call.secret)}`);
}

/** An attempt that did not end within Timeout, which bounds it as a whole: no answer, or a body that did not complete. */
export function timeoutError(call: Call, timeout: number, phase: 'headers' | 'body', bytes: number, code = 'ETIMEDOUT'): NodeApiError {
	const message =
		phase === 'headers'
			? `MPservices did not answer ${named(call)} within ${timeout} ms`
			: `The answer of MPservices to ${named(call)} did not complete within ${timeout} ms (${formatBytes(bytes)} received)`;
	const unsure = call.endpoint.effect === 'write' ? `${call.endpoint.ifUnsure} ` : '';
	const advice = `Network code ${code}. ${unsure}The 'Timeout' option bounds each attempt as a whole: connecting, the answer and all of its body. A time-out is not retried, since a write may have been done. Raise 'Options → Timeout' if MPservices is only slow, or check the network between n8n and MPservices.`;
	return apiError(call, undefined, '', message, advice, code);
}

/** An answer bigger than the size limit: the node stopped reading it at once. */
export function tooLargeError(call: Call, limitBytes: number, announcedBytes?: number): NodeApiError {
	const size = announcedBytes === undefined ? `more than ${formatBytes(limitBytes)}` : formatBytes(announcedBytes);
	const advice =
		call.endpoint.effect === 'read'
			? "If your account really has this much in two days, raise 'Options → Max Response Size'. Otherwise the Base URL may point at something that is not the MPservices API."
			: `MPservices answers product requests with a few hundred bytes: this answer does not come from the MPservices API. ${checkBaseUrl}. ${call.endpoint.ifUnsure}`;
	const message = `The answer of MPservices to ${named(call)} is ${size}, over the ${formatBytes(limitBytes)} limit; the node stopped reading it`;
	const why = 'The node reads at most this much of an answer, so that one runaway answer cannot take the memory of n8n and every workflow running in it.';
	return apiError(call, undefined, '', message, `${why} ${advice}`);
}

/** A redirect not followed: to another origin the key is never sent (said first); a 301/302/303 would turn a write into a GET; a long chain is cut. */
export function redirectError(call: Call, status: number, { reason, target }: RedirectDecision & { follow: false }, location: string | undefined): NodeApiError {
	const what = named(call);
	const say = (message: string, description: string) => apiError(call, status, location ?? '', message, description);
	if (reason === 'otherOrigin' && target) {
		const base = new URL(call.baseUrl);
		let where = `to another address, ${target.protocol}//${target.host}`;
		if (target.protocol === 'http:' && base.protocol === 'https:') where = `to plain http:// at ${target.host}`;
		if (target.hostname !== base.hostname) where = `to another host, ${target.host}`;
		return say(
			`MPservices answered ${what} with a redirect (${status}) ${where}; the node did not follow it, and the API key was not sent there`,
			`The node sends the API key only to the 'Base URL' of the credential (${call.baseUrl}). If MPservices really moved to ${target.protocol}//${target.host}, change the 'Base URL' in the credential; otherwise something between n8n and MPservices (a proxy, a captive portal, a load balancer) answered in its place.`,
		);
	}
	if (reason === 'changesMethod' && target) {
		return say(
			`MPservices answered ${what} with a redirect (${status}) to ${target.pathname}, which would turn the ${call.endpoint.method} into a GET; the node did not follow it`,
			`Nothing was changed in MPservices by this item. Point the request at ${target.pathname} directly: the 'Base URL' in the credential, or 'Options → Endpoint Path' where the operation has it.`,
		);
	}
	if (reason === 'tooMany') return say(`MPservices redirected ${what} more than ${MAX_REDIRECTS} times; the node stopped following`, `${checkBaseUrl}: it should be the address of the integrations API itself.`);
	return say(`MPservices answered ${what} with a redirect (${status}) but no address to go to`, `${checkBaseUrl}.`);
}
