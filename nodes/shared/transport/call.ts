import type { AnyEndpoint } from '../constants';
import type { Call, ErrorContext } from './errors';
import { notJsonError } from './errors';
import type { SecretIndex } from './redact';
import { redactAnswer, redactDeep, safeExcerpt } from './redact';
import type { RequestOptions } from './types';

/**
 * One call to MPservices: the endpoint at the path it is sent to, and what
 * its answer's body becomes. No piece of the key leaves here in a body.
 */

export function callOf(endpoint: AnyEndpoint, { path, subject, notFound }: RequestOptions): Call {
	return { endpoint, path: resolvePath(endpoint, path), subject, notFound };
}

/** The endpoint's path, or the path the node's options put in its place, with its leading slash. */
export function resolvePath(endpoint: AnyEndpoint, override?: unknown): string {
	const path = (typeof override === 'string' ? override.trim() : '') || endpoint.path;
	return path.startsWith('/') ? path : `/${path}`;
}

/** A good answer's body: its JSON (undefined when empty), without any piece of the key. */
export function parseAnswer(errors: ErrorContext, secretIndex: SecretIndex, call: Call, status: number, text: string): unknown {
	if (text.trim() === '') return undefined;
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		throw notJsonError(errors, call, status, text);
	}
	// An answer that echoes the key, or a piece of it (a debugging proxy, a careless API, a
	// title someone pasted it into), must not carry it into the output.
	return redactAnswer(parsed, text, secretIndex);
}

/** An expected failure's body (a 404 that means "no such product"): JSON where it is, its text otherwise. */
export function parseExpectedFailure(text: string, secret: string): unknown {
	try {
		return redactDeep(JSON.parse(text), secret);
	} catch {
		return safeExcerpt(text, secret, 2000);
	}
}
