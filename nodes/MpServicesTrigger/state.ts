import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS } from '../shared/constants';

/**
 * What the trigger keeps between polls, and where. The state belongs to one event of one account (credential and Base URL):
 * another event or account starts a fresh baseline, as activation does.
 */

/** Where the trigger keeps things in the workflow's static data: the state and the poll numbers in the node's, the baseline copies in the global one. */
export const STATIC_KEYS = { state: 'mpServices', polls: 'mpServicesPolls', copies: 'mpServicesActivation' } as const;

/** Ids are kept this long past the API's window. Must exceed CLOCK_TOLERANCE_MS. */
export const STATE_MARGIN_MS = 6 * 60 * 60 * 1000;

export const STATE_VERSION = 1;

export interface PollScope {
	event: string;
	/** Which account: the credential's id and the Base URL (never the key). */
	account: string;
}

export interface PollState extends PollScope {
	version: number;
	/** Record id → createdAt in ms (the API's clock). */
	seen: Record<string, number>;
	/** Records created before this were possibly forgotten: never emitted (0: none yet). */
	horizon: number;
	/** The newest plausible createdAt the API has returned (0: none yet). */
	highWater: number;
	/** n8n's clock at the last successful poll, for the gap warning only. */
	lastPollAt: number;
	/** What the event's watch keeps per record, by id (poll.ts WATCHES): closed, content, … */
	marks: Record<string, unknown>;
}

/** Why a poll takes a baseline: no state, another event, another Due Field or Offset of the same event, another account. */
export type BaselineReason = 'first' | 'event' | 'setting' | 'account';

export function isPollState(value: unknown): value is PollState {
	const state = value as PollState | undefined;
	return !!state && state.version === STATE_VERSION && typeof state.event === 'string' && typeof state.account === 'string' && !!state.seen && typeof state.seen === 'object';
}

/**
 * The state a poll starts from, as saved. One written by a newer version of the package (after a downgrade) is reported
 * (`newerVersion`) and left as it is: its fields may mean other things, and a baseline over it would drop what arrived
 * since.
 */
export function readState(value: unknown): { state?: PollState; newerVersion?: number } {
	if (isPollState(value)) return { state: value };
	const version = (value as { version?: unknown } | undefined)?.version;
	return typeof version === 'number' && version > STATE_VERSION ? { newerVersion: version } : {};
}

export function baselineReason(previous: PollState | undefined, scope: PollScope): BaselineReason | undefined {
	if (!previous) return 'first';
	if (previous.event !== scope.event) return previous.event.split(':')[0] === scope.event.split(':')[0] ? 'setting' : 'event';
	return previous.account !== scope.account ? 'account' : undefined;
}

/**
 * The state to poll from when n8n did not keep the one the activation poll saved: n8n 2.41's poll scheduler with durable
 * cursors runs the activation poll on a copy of the node's static data and drops it when the poll emits nothing. So the
 * trigger also keeps each baseline in the workflow's global static data, which n8n saves after activation on every engine.
 * The copy is used only where the node's own state would take a baseline, for the same event and account, and while younger
 * than the API's window.
 */
export function activationBaseline(previous: PollState | undefined, copy: unknown, scope: PollScope, now: number): { previous: PollState | undefined; adopted: boolean } {
	if (!baselineReason(previous, scope) || !isPollState(copy)) return { previous, adopted: false };
	const usable = copy.event === scope.event && copy.account === scope.account && now - copy.lastPollAt <= API_WINDOW_MS;
	return usable ? { previous: copy, adopted: true } : { previous, adopted: false };
}

/**
 * Polls of one trigger that overlap: n8n starts a poll on every tick whether or not the last one has ended (n8n-core
 * ScheduledTaskManager.registerCron), and both share the node's static data. Each poll takes a number when it sends its
 * request; its answer is applied only if no poll that sent later has applied its own, so an older answer never overwrites a
 * newer one. The loser emits nothing; the next poll sees what it would have seen.
 */
export function takePollNumber(staticData: IDataObject): number {
	const { issued, applied } = pollNumbers(staticData);
	staticData[STATIC_KEYS.polls] = { issued: issued + 1, applied };
	return issued + 1;
}

/** Whether poll `number`'s answer may be applied; when it may, the state is recorded as holding it. */
export function claimState(staticData: IDataObject, number: number): boolean {
	const { issued, applied } = pollNumbers(staticData);
	if (applied > number) return false;
	staticData[STATIC_KEYS.polls] = { issued, applied: number };
	return true;
}

function pollNumbers(staticData: IDataObject): { issued: number; applied: number } {
	const value = staticData[STATIC_KEYS.polls] as { issued?: unknown; applied?: unknown } | undefined;
	const applied = typeof value?.applied === 'number' ? value.applied : 0;
	return { issued: Math.max(typeof value?.issued === 'number' ? value.issued : 0, applied), applied };
}
