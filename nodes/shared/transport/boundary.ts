import { DEFAULT_BASE_URL, MAX_REDIRECTS } from '../constants';

/**
 * Where the API key may go, for the client and the credential: only to the Base URL's origin, over https (plain http to this
 * machine only), and never along a redirect to another origin (n8n's helper would carry a custom header such as `token` there).
 */

/** The Base URL without surrounding white space and trailing slashes: how requests are built and accounts told apart. */
export function normalizeBaseUrl(value: unknown): string {
	return String(value || DEFAULT_BASE_URL).trim().replace(/\/+$/, '');
}

/** The key as it is sent: MPservices prints it as `token:MPSER110_eyJ…`, and copying adds white space its keys never hold. */
export function cleanApiKey(raw: unknown): string {
	return String(raw ?? '').replace(/\s+/g, '').replace(/^token:/i, '');
}

/** What is wrong with a cleaned key, in words for the user, or undefined when it can be sent. */
export function apiKeyProblem(key: string): string | undefined {
	if (key === '') return "The 'API Key' in the MPservices credential is empty";
	// A header carries visible ASCII only: Node would refuse a typographic quote or a non-breaking space.
	if (/^[\x21-\x7e]+$/.test(key)) return undefined;
	return "The 'API Key' in the MPservices credential contains a character that cannot be sent (for example a typographic quote or an accent): paste the key again exactly as MPservices shows it";
}

const isLoopback = (host: string) => ['localhost', '[::1]'].includes(host) || host.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(host);

/** The Base URL as a URL, or what is wrong with it: not a URL, not http(s), plain http to another machine, or a user name in it. */
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
	if (url.protocol === 'http:' && !isLoopback(url.hostname.toLowerCase())) {
		return { problem: `The Base URL ${url.origin} uses plain http://, which would send the API key in clear text: use https:// (plain http is accepted only for a test server on this machine, such as http://localhost)` };
	}
	if (url.username || url.password) return { problem: "The 'Base URL' in the MPservices credential must not contain a user name or password" };
	return { url };
}

/** Why a request to `target` may not carry the key of a credential with this Base URL; undefined when it may. */
export function keyDestinationProblem(baseUrl: string, target: string): string | undefined {
	const checked = checkBaseUrl(baseUrl);
	if ('problem' in checked) return checked.problem;
	let url: URL;
	try {
		url = new URL(target, checked.url);
	} catch {
		return `The request address ${JSON.stringify(target)} is not a valid URL`;
	}
	if (url.origin !== checked.url.origin) return `The MPservices API key is sent only to the credential's Base URL (${checked.url.origin}), not to ${url.origin}`;
	return undefined;
}

export const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

export type RedirectDecision = { follow: true; url: string } | { follow: false; reason: 'otherOrigin' | 'changesMethod' | 'tooMany' | 'noLocation'; target?: URL };

/**
 * A redirect answer to `method from`: followed to the same origin only, at most MAX_REDIRECTS hops, method and body kept.
 * A 301/302/303 would turn a POST or PATCH into a GET (the write would silently not happen): not followed.
 */
export function decideRedirect(from: string, method: string, status: number, location: string | undefined, hops: number): RedirectDecision {
	let target: URL;
	try {
		if (!location?.trim()) throw new Error('no location');
		target = new URL(location.trim(), from);
	} catch {
		return { follow: false, reason: 'noLocation' };
	}
	if (target.origin !== new URL(from).origin) return { follow: false, reason: 'otherOrigin', target };
	if (method !== 'GET' && method !== 'HEAD' && status !== 307 && status !== 308) return { follow: false, reason: 'changesMethod', target };
	if (hops >= MAX_REDIRECTS) return { follow: false, reason: 'tooMany', target };
	return { follow: true, url: target.href };
}
