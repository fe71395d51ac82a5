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

/** A parsed JSON answer with every string that holds the secret redacted (only walked when the raw text held it). */
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
