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

interface BodyStream {
	on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
	on(event: 'end', listener: () => void): unknown;
	on(event: 'error', listener: (error: Error) => void): unknown;
	destroy(error?: Error): void;
}

const isStream = (body: unknown): body is BodyStream =>
	!!body && typeof (body as BodyStream).on === 'function' && typeof (body as BodyStream).destroy === 'function';

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

	// Read with events rather than an async iterator: cheaper per chunk, and this runs for every request.
	return await new Promise<string>((resolve, reject) => {
		const chunks: Uint8Array[] = [];
		let settled = false;
		const finish = (error?: Error, text?: string) => {
			if (settled) return;
			settled = true;
			signal.removeEventListener('abort', stop);
			if (error) reject(error);
			else resolve(text!);
		};
		const stop = () => {
			const reason = signal.reason instanceof Error ? signal.reason : new Error('aborted');
			body.destroy(reason);
			finish(reason);
		};
		// Listening for errors first: destroying the stream with a reason emits one.
		body.on('error', (error) => finish(error));
		if (signal.aborted) return stop();
		signal.addEventListener('abort', stop, { once: true });
		body.on('data', (chunk) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			progress.bytes += bytes.byteLength;
			if (progress.bytes > limitBytes) {
				body.destroy();
				return finish(new BodyTooLargeError(limitBytes));
			}
			chunks.push(bytes);
		});
		body.on('end', () => finish(undefined, utf8(chunks)));
	});
}

/** The chunks as one text, without copying a lone Buffer. */
function utf8(chunks: Uint8Array[]): string {
	if (chunks.length === 1 && Buffer.isBuffer(chunks[0])) return chunks[0].toString('utf8');
	return Buffer.concat(chunks).toString('utf8');
}
