/**
 * Reading an answer's body as a stream, so that the node decides how much
 * and how long: n8n's helper would buffer any body whole, however big, and
 * its timeout is a socket idle timer that a trickling body never trips.
 */

/** Thrown when a body is bigger than the limit; the stream is destroyed at once. */
export class BodyTooLargeError extends Error {
	constructor(
		readonly limitBytes: number,
		/** The size the server announced (Content-Length), when it did. */
		readonly announcedBytes?: number,
	) {
		super('The answer is bigger than the size limit');
		this.name = 'BodyTooLargeError';
	}
}

interface BodyStream extends AsyncIterable<Uint8Array | string> {
	destroy(error?: Error): void;
}

const isStream = (body: unknown): body is BodyStream =>
	!!body && typeof (body as BodyStream)[Symbol.asyncIterator] === 'function' && typeof (body as BodyStream).destroy === 'function';

/** Ends a body nobody will read (a redirect, an attempt that lost its deadline), so its socket closes. */
export function discardBody(body: unknown): void {
	if (isStream(body)) body.destroy();
}

/** How far a body has been read: for the error that says where a deadline stopped it. */
export interface BodyProgress {
	bytes: number;
}

/**
 * The body as text, read at most `limitBytes` far. A stream is read chunk by
 * chunk and destroyed (its connection closed) as soon as it passes the
 * limit or `signal` aborts; a body that n8n already buffered (an n8n that
 * ignores `encoding: 'stream'`) is checked the same way.
 */
export async function readBody(
	body: unknown,
	{ limitBytes, signal, announcedBytes, progress }: { limitBytes: number; signal: AbortSignal; announcedBytes?: number; progress: BodyProgress },
): Promise<string> {
	if (announcedBytes !== undefined && announcedBytes > limitBytes) {
		discardBody(body);
		throw new BodyTooLargeError(limitBytes, announcedBytes);
	}
	if (body === undefined || body === null) return '';
	if (typeof body === 'string') {
		if (body.length > limitBytes) throw new BodyTooLargeError(limitBytes);
		return body;
	}
	if (body instanceof Uint8Array) {
		if (body.byteLength > limitBytes) throw new BodyTooLargeError(limitBytes);
		return new TextDecoder().decode(body);
	}
	if (!isStream(body)) return JSON.stringify(body);

	const reason = () => (signal.reason instanceof Error ? signal.reason : new Error('aborted'));
	if (signal.aborted) {
		body.destroy();
		throw reason();
	}
	const stop = () => body.destroy(reason());
	signal.addEventListener('abort', stop, { once: true });
	const chunks: Uint8Array[] = [];
	try {
		// A destroyed stream (a Stop, a deadline) ends the loop with the signal's reason.
		for await (const chunk of body) {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			progress.bytes += bytes.byteLength;
			if (progress.bytes > limitBytes) {
				body.destroy();
				throw new BodyTooLargeError(limitBytes);
			}
			chunks.push(bytes);
		}
	} finally {
		signal.removeEventListener('abort', stop);
	}
	return utf8(chunks);
}

/** The chunks as one text, without copying a lone Buffer. */
function utf8(chunks: Uint8Array[]): string {
	if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0].toString('utf8');
	return Buffer.concat(chunks).toString('utf8');
}
