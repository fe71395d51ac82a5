import type { IPollFunctions } from 'n8n-workflow';

import { CLOCK_TOLERANCE_MS } from '../shared/constants';
import type { PollResult } from './poll';

/**
 * The gap warnings already given in this n8n process, by workflow, node and saved poll time: on n8n 2.41's poll scheduler
 * every poll starts from the state last saved, and would repeat it.
 */
const gapsWarned = new Set<string>();
/** Work Order Due's count of unusable due times last warned of, by workflow and node: warned again only when it changes. */
const oddWarned = new Map<string, number>();

/** What a poll found that the user should know of, through n8n's log; `redact` keeps the key out of the record values quoted. */
export function logPoll(this: IPollFunctions, result: PollResult, label: string, adopted: boolean, redact: (text: string) => string) {
	const who = `MPservices Trigger "${this.getNode().name}"`;
	const warn = (text: string) => this.logger.warn(redact(text));
	if (adopted) {
		warn(
			`${who} found no saved state of its own: n8n did not keep what its activation poll saved (n8n 2.41's poll scheduler with durable cursors does this). It polled from the copy it keeps in the workflow's global static data, so the ${label}s created since activation are emitted`,
		);
	}
	if (result.baseline === 'setting') {
		this.logger.info(`${who} now watches another Due Field or Offset: the work orders already due by it are taken as seen`);
	}
	if (result.baseline === 'account') {
		this.logger.info(
			`${who} now polls another MPservices account (its credential or Base URL changed): the ${label}s already there are taken as seen, and only new ones are emitted`,
		);
	}
	if (result.malformed > 0) warn(`${who} skipped ${result.malformed} ${label} record(s) without an id`);
	const [future, stale] = [result.future[0], result.stale[0]];
	if (future) {
		const hours = CLOCK_TOLERANCE_MS / 3_600_000;
		warn(
			`${who} emitted ${result.future.length} ${label} record(s) dated more than ${hours} hours ahead of n8n's clock (for example ${String(future.id)} at ${String(future.createdAt)}); their dates are not used to track what is new`,
		);
	}
	if (stale) {
		warn(
			`${who} skipped ${result.stale.length} unseen ${label} record(s) dated before ${new Date(result.state.horizon).toISOString()}, older than the API's two-day window: either emitted long ago and forgotten, or with a wrong creation date (for example ${String(stale.id)} at ${String(stale.createdAt)})`,
		);
	}
	const node = `${this.getWorkflow().id}:${this.getNode().id}`;
	if (result.odd !== (oddWarned.get(node) ?? 0)) {
		if (oddWarned.size > 1000) oddWarned.clear();
		oddWarned.set(node, result.odd);
		if (result.odd > 0) warn(`${who} found ${result.odd} open work order(s) whose Due Field is not a date and time with a zone, or is more than a year before the work order was created (a placeholder such as 1970-01-01): they are never due`);
	}
	const gap = result.gapSince === undefined ? undefined : `${node}:${result.gapSince}`;
	if (gap !== undefined && !gapsWarned.has(gap)) {
		if (gapsWarned.size > 1000) gapsWarned.clear();
		gapsWarned.add(gap);
		warn(
			`${who} polls from a state saved at ${new Date(result.gapSince!).toISOString()}, more than two days ago. If n8n or this workflow was stopped since then, the ${label}s created in between that are no longer in MPservices' two-day window were missed and cannot be recovered. n8n saves a trigger's state when a poll emits and at activation (unless its durable cursors are on), so on a quiet account, after a restart or on n8n 2.41's poll scheduler, this can appear with nothing missed.`,
		);
	}
	if (result.emitted.length === 0 && result.quiet > 0) {
		this.logger.debug(
			`${who} holds ${result.quiet} change(s) in memory only: n8n saves the trigger's state when a poll emits (unless its durable cursors are on), so a restart before the next item forgets them`,
		);
	}
}
