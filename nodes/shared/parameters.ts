import type { IExecuteFunctions } from 'n8n-workflow';

/**
 * Node parameters for many items. n8n's getNodeParameter costs the same
 * whether or not the value holds an expression (about 0.1–0.2 ms here: it
 * builds the expression context, copies and validates the value). A
 * parameter without an expression anywhere in it is the same for every item,
 * so it is read once per execution and that value reused; one with an
 * expression is read for each item. Callers must not mutate what they get.
 */
const fixedValues = new WeakMap<IExecuteFunctions, Map<string, unknown>>();

export function readParameter(ctx: IExecuteFunctions, name: string, itemIndex: number, fallback: unknown): unknown {
	let fixed = fixedValues.get(ctx);
	if (fixed?.has(name)) return fixed.get(name);
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	if (!hasExpression(ctx.getNode().parameters[name])) {
		if (!fixed) fixedValues.set(ctx, (fixed = new Map()));
		fixed.set(name, value);
	}
	return value;
}

/** Whether a raw parameter value holds an n8n expression ("=…") at any depth. */
export function hasExpression(raw: unknown): boolean {
	if (typeof raw === 'string') return raw.startsWith('=');
	if (raw && typeof raw === 'object') return Object.values(raw).some(hasExpression);
	return false;
}
