import type { INode, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * Input validation for the nodes' parameters, pure: each check returns the value as the API expects
 * it, or throws a FieldError that names the field; `inputError` turns that into n8n's error.
 */

export class FieldError extends Error {
	constructor(
		readonly field: string,
		readonly label: string,
		reason: string,
		/** How to fix it, when there is more to say than "fix the field". */
		readonly hint?: string,
	) {
		// n8n's UX guidelines: a parameter is named by its display name, in single quotes.
		super(`'${label}' (${field}) ${reason}`);
	}
}

/** What an item asked for is not there (a work order out of the two-day window): the message says what was looked for, the description how to get unstuck. */
export class NotFoundError extends Error {
	constructor(
		message: string,
		readonly description: string,
	) {
		super(message);
	}
}

/**
 * The error the user sees: a FieldError or NotFoundError as a NodeOperationError naming the field. With an item, any error
 * carries its index in its context (n8n shows it) and, as n8n's guidelines ask, at the end of its message: "… [item 3]".
 */
export function inputError(node: INode, error: unknown, itemIndex?: number): unknown {
	if (error instanceof NotFoundError) error = new NodeOperationError(node, error.message, { itemIndex, description: error.description });
	if (error instanceof FieldError) {
		const [ofItem, forItem] = itemIndex === undefined ? ['', ''] : [` of input item ${itemIndex}`, ' for this item'];
		const description = error.hint ?? `Fix '${error.label}'${ofItem}; nothing was sent${forItem}.`;
		error = new NodeOperationError(node, error.message, { itemIndex, description });
	}
	if (itemIndex === undefined || !(error instanceof Error)) return error;
	const context = (error as { context?: Record<string, unknown> }).context;
	if (context && context.itemIndex === undefined) context.itemIndex = itemIndex;
	if (!error.message.endsWith(` [item ${itemIndex}]`)) error.message += ` [item ${itemIndex}]`;
	return error;
}

/** A copy of an error that several items share (a list read once per execution), for one of them: each gets its own `[item N]`. */
export function copyError(error: unknown): unknown {
	if (!(error instanceof Error)) return error;
	const copy = Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as Error & { context?: object };
	if (copy.context) copy.context = { ...copy.context };
	return copy;
}

/** One field of a write operation: its parameter, its API field, its check, and how the editor shows it. */
export interface FieldSpec {
	/** The node parameter name, e.g. "barCode". */
	name: string;
	/** The label the user sees, e.g. "Bar Code". */
	label: string;
	/** The API's form field, e.g. "bar_code". */
	apiField: string;
	kind: 'string' | 'number' | 'integer';
	required: boolean;
	description?: string;
	placeholder?: string;
	/** Decimal places the editor offers for a number. */
	precision?: number;
}

/** The editor's parameter for a field: the one place its label, type and hints turn into a description. */
export function fieldProperty(spec: FieldSpec): INodeProperties {
	const numeric = spec.kind !== 'string';
	const precision = spec.kind === 'integer' ? 0 : spec.precision;
	return {
		displayName: spec.label,
		name: spec.name,
		type: numeric ? 'number' : 'string',
		...(spec.required ? { required: true } : {}),
		...(precision !== undefined ? { typeOptions: { numberPrecision: precision } } : {}),
		default: numeric ? 0 : '',
		...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
		...(spec.description ? { description: spec.description } : {}),
	};
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

/** Validates one field's value and returns its form-encoded text, or undefined for an optional field left empty. */
export function formValue(spec: FieldSpec, value: unknown): string | undefined {
	if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) {
		if (spec.required) throw new FieldError(spec.name, spec.label, 'is required but empty');
		return undefined;
	}
	if (spec.kind === 'string') {
		if (typeof value === 'object') throw new FieldError(spec.name, spec.label, 'must be text, not an object or list');
		return String(value).trim();
	}
	const number = toFiniteNumber(value);
	if (number === undefined) throw new FieldError(spec.name, spec.label, `must be a number, got ${JSON.stringify(value)}`);
	if (spec.kind === 'integer' && !Number.isInteger(number)) throw new FieldError(spec.name, spec.label, `must be a whole number, got ${number}`);
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
