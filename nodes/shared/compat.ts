import { NodeConnectionTypes, updateDisplayOptions } from 'n8n-workflow';

/**
 * The n8n this package needs. Its nodes use what the host n8n's n8n-workflow provides: NodeConnectionTypes (n8n-workflow
 * 1.83, in n8n 1.85) and updateDisplayOptions. On an older n8n, loading stops here with a message that says what to do,
 * instead of a TypeError from deep inside the module.
 */
export const OLDEST_N8N = '1.85.4';

export function assertSupportedN8n(): void {
	if (typeof NodeConnectionTypes !== 'object' || NodeConnectionTypes === null || typeof updateDisplayOptions !== 'function') {
		throw new Error(
			`n8n-nodes-mpservices needs n8n ${OLDEST_N8N} or newer: this n8n's n8n-workflow has no NodeConnectionTypes. Update n8n to use the MPservices nodes.`,
		);
	}
}
