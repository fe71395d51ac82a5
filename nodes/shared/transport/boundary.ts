/**
 * Where the API key may go, pure: the key as the user pasted it, the Base
 * URL it may be sent to, and which redirects are followed. The client and
 * the credential's authenticate (which n8n calls for every request that
 * carries the key, Test connection included) both decide with these.
 *
 * The rule: the key goes only to the Base URL's origin (scheme, host and
 * port), over https, or plain http to this machine (a local test server).
 * A redirect to any other origin is never followed.
 */

import { DEFAULT_BASE_URL, MAX_REDIRECTS } from '../constants';

/** The Base URL without surrounding white space and trailing slashes: how requests are built and accounts told apart. */
export function normalizeBaseUrl(value: unknown): string {
	return String(value || DEFAULT_BASE_URL)
		.trim()
		.replace(/\/+$/, '');
}

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

/** Whether a host name is this machine: localhost, 127.0.0.0/8 or ::1. */
export function isLoopbackHost(hostname: string): boolean {
	const host = hostname.toLowerCase();
	return LOOPBACK_HOSTS.has(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);
}

/**
 * The key as it is sent: MPservices' page prints it as `token:MPSER110_eyJ…`,
 * and copying adds spaces or line breaks. A leading `token:` and any white
 * space are dropped (the vendor's keys, a prefix and a JWT, have none).
 */
export function cleanApiKey(raw: unknown): string {
	return String(raw ?? '')
		.replace(/\s+/g, '')
		.replace(/^token:/i, '');
}

/** What is wrong with a cleaned key, in words for the user, or undefined when it can be sent. */
export function apiKeyProblem(key: string): string | undefined {
	if (key === '') return "The 'API Key' in the MPservices credential is empty";
	// A header value carries visible ASCII only; a typographic quote or a non-breaking space would make Node refuse the request.
	if (!/^[\x21-\x7e]+$/.test(key)) {
		return "The 'API Key' in the MPservices credential contains a character that cannot be sent (for example a typographic quote or an accent): paste the key again exactly as MPservices shows it";
	}
	return undefined;
}

/**
 * The Base URL as a URL, or what is wrong with it in words for the user:
 * not a URL, not http(s), or plain http to another machine (the key would
 * cross the network in clear text).
 */
export function checkBaseUrl(baseUrl: string): { url: URL } | { problem: string } {
	let url: URL;
	try {
		url = new URL(baseUrl);
	} catch {
		return { problem: `The 'Base URL' in the MPservices credential is not a valid address: ${JSON.stringify(baseUrl)}` };
	}
	if (url.protocol !== 'https:' && url.protocol !== 'http:') {
		return { problem: `The 'Base URL' in the MPservices credential must start with https://, not ${url.protocol}//` };
	}
	if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
		return {
			problem: `The Base URL ${url.origin} uses plain http://, which would send the API key in clear text: use https:// (plain http is accepted only for a test server on this machine, such as http://localhost)`,
		};
	}
	if (url.username || url.password) {
		return { problem: "The 'Base URL' in the MPservices credential must not contain a user name or password" };
	}
	return { url };
}

/**
 * Whether a request to `target` may carry the key of a credential with this
 * Base URL; undefined when it may, else why not (for the credential's
 * authenticate, the last guard before n8n sends anything).
 */
export function keyDestinationProblem(baseUrl: string, target: string): string | undefined {
	const checked = checkBaseUrl(baseUrl);
	if ('problem' in checked) return checked.problem;
	let url: URL;
	try {
		url = new URL(target, checked.url);
	} catch {
		return `The request address ${JSON.stringify(target)} is not a valid URL`;
	}
	if (url.origin !== checked.url.origin) {
		return `The MPservices API key is sent only to the credential's Base URL (${checked.url.origin}), not to ${url.origin}`;
	}
	return undefined;
}

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type RedirectDecision =
	| { follow: true; url: string }
	| { follow: false; reason: 'otherOrigin' | 'changesMethod' | 'tooMany' | 'noLocation'; target?: URL };

/**
 * What to do with a redirect answer to `method from`: follow it (same
 * origin only, at most MAX_REDIRECTS hops, method and body kept), or not,
 * and why. A 301/302/303 would turn a POST or PATCH into a GET: that is
 * never done (the write would silently not happen).
 */
export function decideRedirect(from: string, method: string, status: number, location: string | undefined, hops: number): RedirectDecision {
	if (!location || location.trim() === '') return { follow: false, reason: 'noLocation' };
	let target: URL;
	try {
		target = new URL(location.trim(), from);
	} catch {
		return { follow: false, reason: 'noLocation' };
	}
	if (target.origin !== new URL(from).origin) return { follow: false, reason: 'otherOrigin', target };
	if (method !== 'GET' && method !== 'HEAD' && status !== 307 && status !== 308) return { follow: false, reason: 'changesMethod', target };
	if (hops >= MAX_REDIRECTS) return { follow: false, reason: 'tooMany', target };
	return { follow: true, url: target.href };
}
