import type { INode } from 'n8n-workflow';

/**
 * What each node version means for a value the user did not set. n8n saves
 * no parameter left at its default, and an option not added to a collection
 * is not saved at all: such a workflow runs with whatever the package says
 * today. So these values are frozen per version. A new default is a new
 * node version (`version: [1, 1.1, 1.2]`) with its own entry here, and, for
 * a top-level parameter, a copy of it shown only from that version
 * (`displayOptions.show['@version']`), as n8n's own nodes do; the runtime
 * fallbacks below are read through `defaultsFor(node)`.
 * test/description.test.cts pins version 1's values.
 */
export interface VersionDefaults {
	/** Options → Timeout, ms: one attempt as a whole. */
	timeoutMs: number;
	/** Options → Max Response Size, MB. */
	maxResponseMb: number;
	/** Options → Concurrency of the product operations. */
	concurrency: number;
	/** Limit of Get Many. */
	limit: number;
}

const V1: VersionDefaults = Object.freeze({ timeoutMs: 30_000, maxResponseMb: 64, concurrency: 5, limit: 50 });

/** Version 1.1 changed only Simplify's default (a parameter of its own, shown from 1.1). */
const BY_VERSION: Record<string, VersionDefaults> = { '1': V1, '1.1': V1 };

/** The newest version's values: what a new node shows in the editor. */
export const CURRENT_DEFAULTS = V1;

/** The values of the node's own version (the newest, for a version this package does not know). */
export function defaultsFor(node: Pick<INode, 'typeVersion'> | undefined): VersionDefaults {
	return BY_VERSION[String(node?.typeVersion ?? 1)] ?? CURRENT_DEFAULTS;
}
