import type { IDataObject } from 'n8n-workflow';

import { API_WINDOW_MS } from '../shared/constants';

/**
 * What the trigger keeps between polls, in the node's static data, and
 * which saved state a poll starts from. The state belongs to one event of
 * one account (credential and Base URL); another event or account starts a
 * fresh baseline, as activation does, and a new key in the same credential
 * is the same account.
 */

/** Ids are kept this long past the API's window. Must exceed CLOCK_TOLERANCE_MS. */
export const STATE_MARGIN_MS = 6 * 60 * 60 * 1000;

export const STATE_VERSION = 2;

export interface PollScope {
	event: string;
	/** Which account: the credential's id and the Base URL (never the key). */
	account: string;
}

export interface PollState {
	version: number;
	/** The event the state belongs to; another event starts a fresh baseline. */
	event: string;
	/** The account the state belongs to; another account starts a fresh baseline. Absent in version 1 states. */
	account?: string;
	/** Record id → createdAt in ms (the API's clock). */
	seen: Record<string, number>;
	/** Records created before this were possibly forgotten: never emitted (0: none yet). */
	horizon: number;
	/** The newest plausible createdAt the API has returned (0: none yet). */
	highWater: number;
	/** n8n's clock at the last successful poll, for the gap warning only. */
	lastPollAt: number;
	/** `closed`: the ids that were closed at the last poll. */
	closed?: string[];
	/** `updated`: each record's content at the last poll (without its id), by id. */
	content?: Record<string, IDataObject>;
}

export type BaselineReason = 'first' | 'event' | 'account';

export function isPollState(value: unknown): value is PollState {
	const state = value as PollState | undefined;
	return (
		!!state &&
		(state.version === 1 || state.version === STATE_VERSION) &&
		typeof state.event === 'string' &&
		!!state.seen &&
		typeof state.seen === 'object'
	);
}

/**
 * The state a poll starts from, as saved. A state written by a newer
 * version of the package (after a downgrade) cannot be read safely: its
 * fields may mean other things. It is reported (`newerVersion`) and left as
 * it is: the trigger stops with a message rather than guess, emit records
 * twice, or overwrite it with a baseline that would drop what arrived since.
 */
export function readState(value: unknown): { state?: PollState; newerVersion?: number } {
	if (isPollState(value)) return { state: value };
	const version = (value as { version?: unknown } | undefined)?.version;
	if (typeof version === 'number' && version > STATE_VERSION) return { newerVersion: version };
	return {};
}

export function baselineReason(previous: PollState | undefined, scope: PollScope): BaselineReason | undefined {
	if (!previous) return 'first';
	if (previous.event !== scope.event) return 'event';
	// A version 1 state knew no account: it is adopted by the account polling now.
	if (previous.account !== undefined && previous.account !== scope.account) return 'account';
	return undefined;
}

/**
 * The state to poll from when n8n did not keep the one the activation poll
 * saved. n8n 2.41's poll scheduler with durable cursors runs the activation
 * poll on a copy of the node's static data and discards it when the poll
 * emits nothing (docs/n8n-2.41-poll-scheduler.md); so the trigger also keeps
 * the state of every baseline in the workflow's global static data, which
 * n8n saves after activation on every engine. That copy is used only where
 * the node's own state would take a baseline (none, another event, another
 * account), only for the same event and account, and only while it is
 * younger than the API's window.
 */
export function activationBaseline(
	previous: PollState | undefined,
	copy: unknown,
	scope: PollScope,
	now: number,
): { previous: PollState | undefined; adopted: boolean } {
	if (!baselineReason(previous, scope) || !isPollState(copy)) return { previous, adopted: false };
	const usable = copy.event === scope.event && copy.account === scope.account && now - copy.lastPollAt <= API_WINDOW_MS;
	return usable ? { previous: copy, adopted: true } : { previous, adopted: false };
}
