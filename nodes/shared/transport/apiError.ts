import type { IDataObject, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { AnyEndpoint } from '../constants';
import { redact, safeExcerpt } from './redact';

/**
 * What every MPservices error is made of: what was called, the API's own
 * message read out of any body, and the NodeApiError itself, with the API
 * key removed from every text before any cut. errors.ts says, for each way
 * an exchange fails, what the message and the advice are.
 */

export interface ErrorContext {
	node: INode;
	/** The API key: removed from every text. */
	secret: string;
	baseUrl: string;
}

/** What was called: "GET /FetchTenantsWorkOrders", and for a write, what it was about. */
export interface Call {
	endpoint: AnyEndpoint;
	path: string;
	/** For a write: the product it is about ("External ID SKU-1042"). */
	subject?: string;
	/** What a 404 means for this call, when it means more than "no such product". */
	notFound?: string;
}

export function formatBytes(bytes: number): string {
	if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
	if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
	return `${bytes} bytes`;
}

/** The network error code (ECONNRESET…) of a failed request, wherever the HTTP library put it. */
export function networkErrorCode(error: unknown): string | undefined {
	const candidates = [
		error,
		(error as { cause?: unknown })?.cause,
		(error as { errorResponse?: unknown })?.errorResponse,
	];
	for (const candidate of candidates) {
		const code = (candidate as { code?: unknown } | undefined)?.code;
		if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
	}
	return undefined;
}

/** Builds a NodeApiError from plain values only, with the API key removed from every text before any cut. */
export function apiError(
	ctx: ErrorContext,
	status: number | undefined,
	body: unknown,
	details: { message: string; description?: string; code?: string },
): NodeApiError {
	const bodyText = typeof body === 'string' ? body : JSON.stringify(body ?? null);
	const message = redact(details.message, ctx.secret);
	const errorResponse: JsonObject = { message, body: safeExcerpt(bodyText, ctx.secret, 2000) };
	if (status !== undefined) errorResponse.httpCode = String(status);
	// Named networkCode, not code: NodeApiError would swap our message for a generic one.
	if (details.code) errorResponse.networkCode = details.code;
	return new NodeApiError(ctx.node, errorResponse, {
		message,
		description: details.description === undefined ? undefined : redact(details.description, ctx.secret),
		httpCode: status === undefined ? undefined : String(status),
	});
}

/** The API's own message from an error body: a JSON message field, or the text without markup; redacted, then cut. */
export function apiMessageOf(text: string, secret = ''): string {
	const trimmed = text.trim();
	if (trimmed === '') return '';
	try {
		const parsed = JSON.parse(trimmed) as unknown;
		if (typeof parsed === 'string') return safeExcerpt(parsed, secret);
		if (parsed && typeof parsed === 'object') {
			const record = parsed as IDataObject;
			for (const key of ['message', 'error', 'detail', 'details', 'msg', 'errors']) {
				const value = record[key];
				if (typeof value === 'string' && value.trim()) return safeExcerpt(value, secret);
				if (value && typeof value === 'object') return safeExcerpt(JSON.stringify(value), secret);
			}
			return safeExcerpt(trimmed, secret);
		}
	} catch {
		// not JSON: fall through to text
	}
	return safeExcerpt(
		trimmed
			.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
			.replace(/<[^>]*>/g, ' '),
		secret,
	);
}
