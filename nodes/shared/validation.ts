/**
 * Pure input validation for the product operations. Each function returns the
 * value as the API expects it, or throws a FieldError that names the field;
 * the caller adds the node and the item index.
 */

export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly label: string,
		reason: string,
	) {
		super(`${label} (${field}) ${reason}`);
	}
}

export interface FieldSpec {
	/** The node parameter name, e.g. "barCode". */
	name: string;
	/** The label the user sees, e.g. "Bar Code". */
	label: string;
	/** The API's form field, e.g. "bar_code". */
	apiField: string;
	kind: 'string' | 'number' | 'integer';
	required: boolean;
}

function isBlank(value: unknown): boolean {
	return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

/** A number from a number or a numeric string ("12.5", " 3 "); nothing else. */
export function toFiniteNumber(value: unknown): number | undefined {
	if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
	if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) {
		const parsed = Number(value);
		return Number.isFinite(parsed) ? parsed : undefined;
	}
	return undefined;
}

/** Decimal text without exponent notation, as the API's string fields expect. */
export function formatNumber(value: number): string {
	const text = String(value);
	if (!/e/i.test(text)) return text;
	return value.toLocaleString('en-US', { useGrouping: false, maximumFractionDigits: 20 });
}

/**
 * Validates one field's value and returns its form-encoded text, or undefined
 * for an optional field left empty.
 */
export function formValue(spec: FieldSpec, value: unknown): string | undefined {
	if (isBlank(value)) {
		if (spec.required) throw new FieldError(spec.name, spec.label, 'is required but empty');
		return undefined;
	}
	if (spec.kind === 'string') {
		if (typeof value === 'object') throw new FieldError(spec.name, spec.label, 'must be text, not an object or list');
		return String(value).trim();
	}
	const number = toFiniteNumber(value);
	if (number === undefined) {
		throw new FieldError(spec.name, spec.label, `must be a number, got ${JSON.stringify(value)}`);
	}
	if (spec.kind === 'integer' && !Number.isInteger(number)) {
		throw new FieldError(spec.name, spec.label, `must be a whole number, got ${number}`);
	}
	return formatNumber(number);
}

/** Builds the form body from parameter values; the field list is the single mapping to the API. */
export function buildForm(specs: FieldSpec[], values: Record<string, unknown>): Record<string, string> {
	const form: Record<string, string> = {};
	for (const spec of specs) {
		const text = formValue(spec, values[spec.name]);
		if (text !== undefined) form[spec.apiField] = text;
	}
	return form;
}

/** The message format of every input error: what is wrong, with which field, in which item. */
export function itemMessage(message: string, itemIndex: number | undefined): string {
	return itemIndex === undefined ? message : `${message} [item ${itemIndex}]`;
}
