import type { IDataObject } from 'n8n-workflow';

/**
 * Polls of one trigger that overlap. n8n starts a poll on every tick of its
 * schedule whether or not the previous one has ended (n8n-core
 * ScheduledTaskManager.registerCron has no such guard), and a poll can take
 * minutes (Timeout, and Retry-After waits). Both polls share the node's
 * static data. So each poll takes a number when it sends its request, and
 * an answer is applied only if no poll that sent later has applied its own:
 * an older answer never overwrites what a newer one saw (a work order
 * closed, then "open" again from the slow answer, then closed a second
 * time). A poll that loses emits nothing; the next poll sees what it would
 * have seen. The numbers live in the node's static data, so they are saved
 * and restored with the state.
 */

const KEY = 'mpServicesPolls';

interface PollNumbers {
	/** The last number given to a poll. */
	issued: number;
	/** The number of the poll whose answer the state holds. */
	applied: number;
}

function numbers(staticData: IDataObject): PollNumbers {
	const value = staticData[KEY] as Partial<PollNumbers> | undefined;
	const issued = typeof value?.issued === 'number' ? value.issued : 0;
	const applied = typeof value?.applied === 'number' ? value.applied : 0;
	return { issued: Math.max(issued, applied), applied };
}

/** The number of a poll about to send its request. */
export function takePollNumber(staticData: IDataObject): number {
	const current = numbers(staticData);
	const number = current.issued + 1;
	staticData[KEY] = { ...current, issued: number } as unknown as IDataObject;
	return number;
}

/**
 * Whether the answer of poll `number` may be applied; when it may, it is
 * recorded as the one the state now holds.
 */
export function claimState(staticData: IDataObject, number: number): boolean {
	const current = numbers(staticData);
	if (current.applied > number) return false;
	staticData[KEY] = { ...current, applied: number } as unknown as IDataObject;
	return true;
}
