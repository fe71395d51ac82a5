/**
 * Keeping the API key out of every text a user or a log can see. The rule:
 * no run of FRAGMENT_LENGTH or more consecutive characters of the key
 * survives, wherever it sits in a text of any length. Texts are redacted
 * first and cut afterwards, so a cut can never leave part of a key behind.
 */

/** The shortest piece of a key that is removed on its own. */
export const FRAGMENT_LENGTH = 12;

/** Texts longer than this are cut before redaction (the rest is never shown). */
const SCAN_LIMIT = 1_000_000;

const MARK = '[redacted]';

/** The text with every occurrence of the secret, and every piece of 12+ of its characters, replaced. */
export function redact(text: string, secret: string): string {
	if (!secret || !text) return text;
	let clean = text.split(secret).join(MARK);
	if (secret.length >= FRAGMENT_LENGTH) clean = redactFragments(clean, secret);
	return clean;
}

/** Replaces every maximal run of the text that is covered by 12-character pieces of the secret. */
function redactFragments(text: string, secret: string): string {
	const pieces = new Set<string>();
	for (let i = 0; i + FRAGMENT_LENGTH <= secret.length; i++) pieces.add(secret.slice(i, i + FRAGMENT_LENGTH));
	let covered: Uint8Array | undefined;
	for (let i = 0; i + FRAGMENT_LENGTH <= text.length; i++) {
		if (!pieces.has(text.slice(i, i + FRAGMENT_LENGTH))) continue;
		covered ??= new Uint8Array(text.length);
		covered.fill(1, i, i + FRAGMENT_LENGTH);
	}
	if (!covered) return text;
	const parts: string[] = [];
	let start = 0;
	let i = 0;
	while (i < text.length) {
		if (!covered[i]) {
			i++;
			continue;
		}
		parts.push(text.slice(start, i), MARK);
		while (i < text.length && covered[i]) i++;
		start = i;
	}
	parts.push(text.slice(start));
	return parts.join('');
}

/**
 * A text safe to show: redacted (before and after its white space is
 * folded, so neither a cut nor the folding can expose a piece of the key),
 * then cut to `max` characters.
 */
export function safeExcerpt(text: string, secret: string, max = 300): string {
	const flat = redact(text.slice(0, SCAN_LIMIT), secret).replace(/\s+/g, ' ').trim();
	const clean = redact(flat, secret);
	return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/**
 * What finding a piece of a key in a long text needs, computed once per key.
 * Any run of FRAGMENT_LENGTH (12) characters of a text holds a whole block
 * of BLOCK (6) characters that starts at a multiple of 6. So a text holds a
 * 12-character piece of the key only if one of its aligned blocks is a
 * 6-character piece of the key. The scan looks at the first two characters
 * of each aligned block (a bit table of the key's character pairs, small
 * enough to stay in the CPU cache), then the block, then the 12-character
 * windows around it: two character reads per 6 characters of text.
 */
export interface SecretIndex {
	secret: string;
	/** A bit for each pair of ASCII characters that appears in the key. */
	pairs: Uint32Array;
	/** Each 6-character piece of the key. */
	blocks: Set<string>;
	/** Each 12-character piece of the key. */
	pieces: Set<string>;
	/** Whether the key has a character JSON may write as an escape other than \u ('"', '\\' or '/'). */
	escapable: boolean;
}

const BLOCK = 6;

let lastIndex: SecretIndex | undefined;

/** The index of a key (the last one is kept: an execution uses one key). */
export function indexSecret(secret: string): SecretIndex {
	if (lastIndex?.secret === secret) return lastIndex;
	const pairs = new Uint32Array((128 * 128) / 32);
	const blocks = new Set<string>();
	const pieces = new Set<string>();
	if (secret.length >= FRAGMENT_LENGTH) {
		for (let i = 0; i + BLOCK <= secret.length; i++) {
			const pair = (secret.charCodeAt(i) << 7) | secret.charCodeAt(i + 1);
			pairs[pair >>> 5] |= 1 << (pair & 31);
			blocks.add(secret.slice(i, i + BLOCK));
		}
		for (let i = 0; i + FRAGMENT_LENGTH <= secret.length; i++) pieces.add(secret.slice(i, i + FRAGMENT_LENGTH));
	}
	lastIndex = { secret, pairs, blocks, pieces, escapable: /["\\/]/.test(secret) };
	return lastIndex;
}

/** Whether the text holds the whole key, or any piece of 12 or more of its characters. */
export function holdsSecret(text: string, index: SecretIndex): boolean {
	if (!index.secret) return false;
	if (index.pieces.size === 0) return text.includes(index.secret);
	const { pairs, blocks } = index;
	const end = text.length - BLOCK;
	for (let at = 0; at <= end; at += BLOCK) {
		const a = text.charCodeAt(at);
		const b = text.charCodeAt(at + 1);
		if ((a | b) > 127) continue;
		const pair = (a << 7) | b;
		if ((pairs[pair >>> 5] & (1 << (pair & 31))) === 0 || !blocks.has(text.slice(at, at + BLOCK))) continue;
		if (windowsHoldPiece(text, at, index.pieces)) return true;
	}
	return false;
}

/** Whether a 12-character window that holds the block at `at` is a piece of the key. */
function windowsHoldPiece(text: string, at: number, pieces: Set<string>): boolean {
	for (let start = Math.max(0, at - BLOCK); start <= at && start + FRAGMENT_LENGTH <= text.length; start++) {
		if (pieces.has(text.slice(start, start + FRAGMENT_LENGTH))) return true;
	}
	return false;
}

/**
 * A parsed JSON answer without the key or any piece of it, given its raw
 * text: returned as it is when the text holds none (the common case, one
 * scan of the text), else with every string that holds one redacted. A JSON
 * escape can spell a piece of the key that the raw text does not show
 * (`\u0041` for `A`): then each string is scanned after parsing instead.
 */
export function redactAnswer<T>(value: T, text: string, index: SecretIndex): T {
	if (!index.secret) return value;
	const escaped = text.includes('\\u') || (index.escapable && text.includes('\\'));
	if (!escaped) return holdsSecret(text, index) ? redactDeep(value, index.secret) : value;
	// Accents written as \u00e1 are common: the escapes are decoded in one pass, and the answer is
	// walked only when the decoded text holds a piece of the key.
	return holdsSecret(decodeEscapes(text), index) ? redactWhere(value, index) : value;
}

/** JSON text with its escapes decoded, left to right (an escaped backslash before `u0041` stays a backslash). */
function decodeEscapes(text: string): string {
	return text.replace(/\\(?:u([0-9a-fA-F]{4})|([\s\S]))/g, (_, hex: string | undefined, char: string | undefined) =>
		hex !== undefined ? String.fromCharCode(parseInt(hex, 16)) : char === '"' || char === '\\' || char === '/' ? char : ' ',
	);
}

function redactWhere<T>(value: T, index: SecretIndex): T {
	if (typeof value === 'string') return (holdsSecret(value, index) ? redact(value, index.secret) : value) as T;
	if (Array.isArray(value)) return value.map((entry) => redactWhere(entry, index)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) out[redactWhere(key, index)] = redactWhere(entry, index);
		return out as T;
	}
	return value;
}

/** A parsed JSON value with every string that holds the secret, or a piece of it, redacted. */
export function redactDeep<T>(value: T, secret: string): T {
	if (typeof value === 'string') return redact(value, secret) as T;
	if (Array.isArray(value)) return value.map((entry) => redactDeep(entry, secret)) as T;
	if (value && typeof value === 'object') {
		const out: Record<string, unknown> = {};
		for (const [key, entry] of Object.entries(value)) out[redact(key, secret)] = redactDeep(entry, secret);
		return out as T;
	}
	return value;
}
