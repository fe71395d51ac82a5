/**
 * Randomized soak test of the trigger, with a fixed seed: thousands of polls
 * through n8n's engine against the sandbox, records arriving in bursts with
 * tied and out-of-order timestamps, injected API failures, and restarts that
 * reload what n8n saved (at activation and at polls that emitted: many
 * restarts come after polls that emitted nothing). Every record created while the workflow
 * is active must be emitted exactly once, nothing else, and the saved state
 * must stay within the API's window. Also: records dated decades ahead,
 * switches to another account (credential and Base URL: a fresh baseline,
 * so records of the old account not yet polled are forfeited and must never
 * appear), and key rotations inside one credential (nothing lost or replayed).
 */
import type { IDataObject } from 'n8n-workflow';

import { STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/state';
import { API_WINDOW_MS } from '../nodes/shared/constants';
import { readFileSync } from 'fs';
import { join } from 'path';

import type { Poller } from './harness.cjs';
import { createDurablePoller, createPoller, startSandbox } from './harness.cjs';
const { prng } = require('../sandbox/data');

const MINUTE = 60_000;
const POLLS = 3000;

test(`soak: ${POLLS} polls with bursts, ties, late records, failures and restarts`, async () => {
	const random: () => number = prng(20261127);
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	let clock = Date.parse('2026-06-01T00:00:00Z');
	const accounts = [
		{ id: 'cred-test', sandbox: await startSandbox({ now: () => clock, seedData: true, seed: 7 }) },
		{ id: 'cred-production', sandbox: await startSandbox({ now: () => clock, seedData: true, seed: 8 }) },
	];
	let active = 0;
	let sandbox = accounts[active].sandbox;
	let credentials = { baseUrl: sandbox.url, apiKey: sandbox.apiKey as string };
	try {
		const parameters = { event: 'workOrderCreated' };
		let poller = createPoller({ parameters, credentials, credentialId: accounts[active].id });
		await poller.poll(); // activation: the baseline

		const expected = new Set<string>();
		const emitted = new Map<string, number>();
		/** Records of an account left before they were polled: the switch's baseline takes them as seen. */
		const forfeited = new Set<string>();
		const stats = { failures: 0, restarts: 0, quietRestarts: 0, records: 0, maxSeen: 0, ties: 0, late: 0, future: 0, switches: 0, rotations: 0 };
		let lastTimestamp = clock;
		const collect = (items: Array<{ json: IDataObject }>) => {
			for (const item of items) {
				const id = item.json.id as string;
				emitted.set(id, (emitted.get(id) ?? 0) + 1);
			}
		};

		for (let poll = 0; poll < POLLS; poll++) {
			clock += int(1, 45) * MINUTE;
			if (random() < 0.01) clock += int(2, 20) * 60 * MINUTE; // a quiet night

			// A burst of new records: some share a timestamp, some arrive late (created up to 12 h earlier).
			const burst = random() < 0.5 ? 0 : int(1, 6);
			for (let n = 0; n < burst; n++) {
				let createdAt = clock - int(0, 10) * 1000;
				if (random() < 0.3) {
					createdAt = lastTimestamp;
					stats.ties++;
				} else if (random() < 0.15) {
					createdAt = clock - int(1, 12 * 60) * MINUTE;
					stats.late++;
				}
				lastTimestamp = createdAt;
				const record = sandbox.addWorkOrder({ createdAt: new Date(createdAt).toISOString() });
				expected.add(record.id as string);
				stats.records++;
			}
			if (random() < 0.01) sandbox.state.workOrders.push({ title: 'malformed', createdAt: new Date(clock).toISOString() });
			if (random() < 0.005) {
				// A vendor clock or data-entry bug: dated 1 to 50 years ahead.
				const record = sandbox.addWorkOrder({ createdAt: new Date(clock + int(1, 50) * 365 * 24 * 60 * MINUTE).toISOString() });
				expected.add(record.id as string);
				stats.future++;
			}

			if (random() < 0.01) {
				// The key is rotated: the account accepts only the new one, and the credential gets it.
				const key = `MPSER110_rotated-${poll}-${int(0, 1e9)}`;
				sandbox.setApiKey(key);
				credentials = { ...credentials, apiKey: key };
				poller.setCredentials({ apiKey: key });
				stats.rotations++;
			}

			if (random() < 0.006) {
				// The workflow is pointed at the other account (credential and Base URL).
				for (const id of expected) if (!emitted.has(id)) forfeited.add(id);
				for (const id of forfeited) expected.delete(id);
				active = 1 - active;
				sandbox = accounts[active].sandbox;
				credentials = { baseUrl: sandbox.url, apiKey: sandbox.apiKey as string };
				poller.setCredentials({ id: accounts[active].id, ...credentials });
				expect(await poller.poll()).toEqual([]);
				stats.switches++;
				continue;
			}

			if (random() < 0.05) {
				const faults = [
					{ status: 500, body: { message: 'boom' } },
					{ status: 200, body: '<html>maintenance</html>' },
					{ status: 429, headers: { 'retry-after': '0' }, times: 4 },
					{ status: 200, body: { unexpected: true } },
					{ status: 403, body: { message: 'Forbidden' } },
				];
				sandbox.inject(faults[int(0, faults.length - 1)]);
				const before = JSON.stringify(poller.nodeState());
				await expect(poller.poll()).rejects.toMatchObject({ name: 'NodeApiError' });
				expect(JSON.stringify(poller.nodeState())).toBe(before);
				sandbox.faults.length = 0;
				stats.failures++;
				continue;
			}

			const items = await poller.poll();
			collect(items);

			const state = poller.nodeState()!;
			const seen = Object.keys(state.seen as IDataObject).length;
			stats.maxSeen = Math.max(stats.maxSeen, seen);
			const bound = sandbox.state.workOrders.filter(
				(r: IDataObject) =>
					r.id !== undefined &&
					Date.parse(r.createdAt as string) >= (state.highWater as number) - API_WINDOW_MS - STATE_MARGIN_MS,
			).length;
			expect(seen).toBeLessThanOrEqual(bound);

			// n8n restarts, from what it saved (at activation and at polls that emitted).
			if (random() < 0.02) {
				poller = poller.restart();
				stats.restarts++;
				if (items.length === 0) stats.quietRestarts++;
			}
		}
		// One last poll so that records of the final step are collected.
		collect(await poller.poll());

		const duplicates = [...emitted].filter(([, count]) => count > 1);
		const unexpected = [...emitted.keys()].filter((id) => !expected.has(id) && !forfeited.has(id));
		const forfeitedButEmittedLater = [...forfeited].filter((id) => (emitted.get(id) ?? 0) > 0);
		const missing = [...expected].filter((id) => !emitted.has(id));
		expect({ duplicates, unexpected, missing, forfeitedButEmittedLater }).toEqual({ duplicates: [], unexpected: [], missing: [], forfeitedButEmittedLater: [] });
		expect(stats.records).toBeGreaterThan(4000);
		expect(stats.failures).toBeGreaterThan(100);
		expect(stats.restarts).toBeGreaterThan(30);
		expect(stats.quietRestarts).toBeGreaterThan(10);
		expect(stats.ties).toBeGreaterThan(500);
		expect(stats.late).toBeGreaterThan(100);
		expect(stats.future).toBeGreaterThan(5);
		expect(stats.switches).toBeGreaterThan(5);
		expect(stats.rotations).toBeGreaterThan(15);
		// Four months of records, but the state never held more than a window's worth.
		expect(stats.maxSeen).toBeLessThan(stats.records / 10);
	} finally {
		for (const account of accounts) await account.sandbox.stop();
	}
}, 180_000);

/**
 * The same kind of soak for the events that watch work orders change: Work
 * Order Closed, Updated, Due and Assigned. Work orders are created open or
 * closed, some already past their due time, then closed, reopened, edited,
 * rescheduled (before or after now) and reassigned at random, with failed
 * polls and restarts of n8n, many right after a poll that emitted nothing.
 * n8n saves a trigger's state as it really does:
 * - classic engine (n8n 1.x, 2.x without durable cursors): at activation
 *   (and n8n's start-up, which activates again) and when a poll emits;
 * - durable cursors (n8n 2.36+): every scheduled poll; an activation poll's
 *   state only when it emits (scripts/lib/engine.js cites n8n's code).
 * n8n's clock is the simulated one (jest fakes Date only, nothing else), so
 * due times arrive as the soak advances. An oracle replays what each trigger
 * saw at its last successful poll, and what n8n saved of it, and every poll
 * must emit exactly what the oracle says: each turn to closed once, each
 * change once with the right fields, each due time once, each user added
 * once, nothing for records seen at activation, nothing twice. A second
 * oracle that never restarts counts what n8n's saving rule makes the trigger
 * lose: the figures in docs/trigger-state.md, checked here.
 */
type Engine = 'classic' | 'scheduler' | 'durable';
type Event = 'closed' | 'updated' | 'due' | 'assigned';
/** What a trigger saw of each work order: its status, each top-level field as canonical JSON, its due time and users (by email, else username). */
interface Sight {
	open: boolean;
	closed: boolean;
	fields: Record<string, string>;
	dueAt?: number;
	users: string[];
	/** The due time emitted, or taken as seen (Work Order Due's mark). */
	due?: number;
}
type Seen = Map<string, Sight>;
const ENGINES: Engine[] = ['classic', 'scheduler', 'durable'];
const LABELS: Record<Engine, string> = { classic: 'classic engine', scheduler: 'poll scheduler', durable: 'poll scheduler + durable cursors' };
const EVENTS: Event[] = ['closed', 'updated', 'due', 'assigned'];
const TECHNICIANS = [
	{ username: 'John', email: 'john@mail.com' },
	{ username: 'Ana', email: 'ana.ruiz@mail.com' },
	{ username: 'Luis', email: 'luis.m@mail.com' },
	{ username: 'Sofía', email: 'sofia@mail.com' },
	{ username: 'Tech 5' },
];
/** A user as Work Order Assigned tells users apart: by email in any case, else by username. */
const userKey = (user: IDataObject) => (user.email ? `email:${String(user.email).trim().toLowerCase()}` : `username:${String(user.username).trim().toLowerCase()}`);

/**
 * Two accounts: a busy one (up to 3 new work orders and 3 changes between
 * two polls) and a quiet one (a change every few polls), where more polls
 * emit nothing and n8n saves less often.
 */
const WORKLOADS = [
	{ name: 'busy', steps: 600, seed: 20261201, added: [0, 3], changed: [0, 3], restart: 0.03 },
	{ name: 'quiet', steps: 400, seed: 20261203, added: [0, 1], changed: [0, 1], restart: 0.06 },
] as const;

test.each(WORKLOADS)('soak: $steps polls of a $name account, closings, reopenings, edits, due times and assignments, with failures and restarts, on each engine', async (workload) => {
	const random: () => number = prng(workload.seed);
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	let clock = Date.parse('2026-06-01T00:00:00Z');
	// n8n's clock (Date) follows the simulation; timers and everything else stay real.
	jest.useFakeTimers({ now: clock, doNotFake: ['hrtime', 'nextTick', 'performance', 'queueMicrotask', 'requestAnimationFrame', 'cancelAnimationFrame', 'requestIdleCallback', 'cancelIdleCallback', 'setImmediate', 'clearImmediate', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
	const sandbox = await startSandbox({ now: () => clock, seedData: true, seed: 11 });
	const credentials = { baseUrl: sandbox.url, apiKey: sandbox.apiKey as string };
	const canonical = (value: unknown): string =>
		Array.isArray(value)
			? `[${value.map(canonical).join(',')}]`
			: value && typeof value === 'object'
				? `{${Object.keys(value).sort().map((k) => `${k}:${canonical((value as IDataObject)[k])}`).join(',')}}`
				: JSON.stringify(value);
	const window = () => sandbox.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= clock - API_WINDOW_MS);
	const hours = (n: number) => new Date(clock + n * 60 * MINUTE).toISOString();
	/** The work orders of the window as a trigger sees them (computed once a step, for every oracle). */
	const snapshot = (records: IDataObject[]): Seen =>
		new Map(
			records.map((r) => [
				r.id as string,
				{
					open: r.open === true,
					closed: r.closed === true,
					fields: Object.fromEntries(Object.keys(r).map((k) => [k, canonical(r[k])])),
					dueAt: Date.parse(r.scheduleDate as string),
					users: [...new Set((r.users as IDataObject[]).map(userKey))],
				},
			]),
		);
	/** What a trigger that last saw `before` should emit for the window now, and what it knows after. */
	const expectations = (before: Seen, now: Seen) => {
		const expected: Record<Event, string[]> = { closed: [], updated: [], due: [], assigned: [] };
		const after: Seen = new Map(before);
		// A trigger with no state takes a baseline: what is there is taken as seen.
		const emits = (previous: Sight | undefined) => previous !== undefined || before.size > 0;
		for (const [id, record] of now) {
			const previous = before.get(id);
			if (record.closed && previous?.closed !== true && emits(previous)) expected.closed.push(id);
			if (previous) {
				const fields = [...new Set([...Object.keys(record.fields), ...Object.keys(previous.fields)])].filter((k) => record.fields[k] !== previous.fields[k]).sort();
				if (fields.length) expected.updated.push(`${id}:${fields.join(',')}`);
			}
			let due = previous?.due;
			if (record.open && !record.closed && record.dueAt! <= clock && record.dueAt !== due) {
				if (emits(previous)) expected.due.push(`${id}@${record.dueAt}`);
				due = record.dueAt;
			}
			if (emits(previous)) for (const key of record.users) if (!previous?.users.includes(key)) expected.assigned.push(`${id}/${key}`);
			after.set(id, { ...record, due });
		}
		return { expected, after };
	};
	const parameters: Record<Event, IDataObject> = {
		closed: { event: 'workOrderClosed' },
		updated: { event: 'workOrderUpdated' },
		due: { event: 'workOrderDue' },
		assigned: { event: 'workOrderAssigned' },
	};
	const itemKey: Record<Event, (json: IDataObject) => string> = {
		closed: (json) => json.id as string,
		updated: (json) => `${json.id}:${[...((json._changes as IDataObject).fields as string[])].sort().join(',')}`,
		due: (json) => `${json.id}@${Date.parse((json._due as IDataObject).fieldTime as string)}`,
		assigned: (json) => `${json.id}/${userKey(json._assignee as IDataObject)}`,
	};
	const pollers = Object.fromEntries(
		(['classic', 'scheduler'] as const).map((engine) => [engine, Object.fromEntries(EVENTS.map((event) => [event, createPoller({ parameters: parameters[event], credentials, engine })]))]),
	) as Record<'classic' | 'scheduler', Record<Event, Poller>>;
	const durable = Object.fromEntries(EVENTS.map((event) => [event, createDurablePoller({ parameters: parameters[event], credentials })])) as Record<Event, ReturnType<typeof createDurablePoller>>;
	/** Per engine and event: whether the next poll is an activation (at the start, after a restart), and the oracle. */
	const triggers = Object.fromEntries(
		ENGINES.map((engine) => [engine, Object.fromEntries(EVENTS.map((event) => [event, { activating: true, live: new Map() as Seen, saved: new Map() as Seen }]))]),
	) as Record<Engine, Record<Event, { activating: boolean; live: Seen; saved: Seen }>>;
	const poll = async (engine: Engine, event: Event) => {
		const activating = triggers[engine][event].activating;
		return engine === 'durable' ? await durable[event].poll(activating ? 'activation' : 'scheduled') : await pollers[engine][event].poll();
	};
	/**
	 * What n8n saves of a poll (scripts/lib/engine.js): the classic engine and the scheduler at
	 * activation and emission; durable cursors at every scheduled poll and at emission.
	 */
	const saves = (engine: Engine, activating: boolean, emitted: boolean) => emitted || (engine === 'durable' ? !activating : activating);
	let perfect: Seen = new Map();
	const blank = (): Record<Event, number> => ({ closed: 0, updated: 0, due: 0, assigned: 0 });
	const stats = {
		polls: 0, closings: 0, reopenings: 0, edits: 0, reschedules: 0, reassignments: 0, failures: 0, restarts: 0, quietRestarts: 0,
		expected: blank(),
		emitted: { classic: blank(), scheduler: blank(), durable: blank() },
		lost: { classic: blank(), scheduler: blank(), durable: blank() },
	};
	try {
		for (const engine of ENGINES) for (const event of EVENTS) await poll(engine, event);
		const first = expectations(new Map(), snapshot(window()));
		perfect = first.after;
		for (const engine of ENGINES) for (const event of EVENTS) Object.assign(triggers[engine][event], { activating: false, live: first.after, saved: first.after });
		for (let step = 0; step < workload.steps; step++) {
			clock += int(1, 45) * MINUTE;
			jest.setSystemTime(clock);
			for (let n = int(workload.added[0], workload.added[1]); n > 0; n--) {
				// Some created late, past their due time already; most due within the next hours.
				const users = TECHNICIANS.filter(() => random() < 0.3);
				sandbox.addWorkOrder({ ...(random() < 0.2 ? { open: false, closed: true } : { open: true, closed: false }), scheduleDate: hours(int(-3, 12)), users });
			}
			const inWindow = window();
			for (let n = int(workload.changed[0], workload.changed[1]); n > 0 && inWindow.length; n--) {
				const record = inWindow[int(0, inWindow.length - 1)];
				const users = record.users as IDataObject[];
				const roll = random();
				if (roll < 0.3) {
					sandbox.closeWorkOrder(record.id);
					stats.closings++;
				} else if (roll < 0.4) {
					sandbox.reopenWorkOrder(record.id);
					stats.reopenings++;
				} else if (roll < 0.55) {
					sandbox.updateWorkOrder(record.id, { scheduleDate: hours(int(-2, 8)) });
					stats.reschedules++;
				} else if (roll < 0.8) {
					// A technician added, taken off, or the same ones again as new objects (respelled: no assignment).
					const pick = TECHNICIANS[int(0, TECHNICIANS.length - 1)];
					const kind = random();
					const next = kind < 0.5 ? [...users, { ...pick }] : kind < 0.8 ? users.filter((_, i) => i !== int(0, users.length - 1)) : users.map((u) => ({ ...u, username: ` ${String(u.username).toUpperCase()} ` }));
					sandbox.updateWorkOrder(record.id, { users: next });
					stats.reassignments++;
				} else {
					const changes = [{ title: `Edited ${step}` }, { notes: [{ text: `Note ${step}` }] }, { asset: { ...(record.asset as IDataObject) } }];
					sandbox.updateWorkOrder(record.id, changes[int(0, changes.length - 1)]);
					stats.edits++;
				}
			}
			if (random() < 0.05) {
				const faults = [{ status: 500, body: { message: 'boom' } }, { status: 200, body: '<html>maintenance</html>' }, { status: 403, body: { message: 'Forbidden' } }, { status: 200, body: { unexpected: true } }];
				sandbox.inject({ ...faults[int(0, faults.length - 1)], times: ENGINES.length * EVENTS.length });
				for (const engine of ENGINES) for (const event of EVENTS) await expect(poll(engine, event)).rejects.toMatchObject({ name: 'NodeApiError' });
				stats.failures++;
				continue;
			}
			const records = snapshot(window());
			const ideal = expectations(perfect, records);
			perfect = ideal.after;
			for (const event of EVENTS) stats.expected[event] += ideal.expected[event].length;
			let emittedAny = false;
			for (const engine of ENGINES) {
				for (const event of EVENTS) {
					const trigger = triggers[engine][event];
					// The scheduler starts every scheduled poll from what n8n stored.
					if (engine === 'scheduler' && !trigger.activating) trigger.live = trigger.saved;
					const { expected, after } = expectations(trigger.live, records);
					const items = await poll(engine, event);
					const got = items.map((i) => itemKey[event](i.json));
					expect({ step, engine, event, got: got.sort() }).toEqual({ step, engine, event, got: expected[event].sort() });
					// Nothing is emitted that a trigger that never restarted would not emit: no duplicates.
					expect(expected[event].filter((e) => !ideal.expected[event].includes(e))).toEqual([]);
					stats.lost[engine][event] += ideal.expected[event].length - expected[event].length;
					stats.emitted[engine][event] += items.length;
					emittedAny ||= items.length > 0;
					trigger.live = after;
					if (saves(engine, trigger.activating, items.length > 0)) trigger.saved = after;
					trigger.activating = false;
				}
			}
			stats.polls++;
			// n8n restarts now and then, more often right after a poll that emitted nothing.
			if (random() < workload.restart) {
				for (const engine of ['classic', 'scheduler'] as const) for (const event of EVENTS) pollers[engine][event] = pollers[engine][event].restart();
				// Only the classic engine activates again at start-up; the scheduler's jobs stay in the database.
				for (const engine of ENGINES) for (const event of EVENTS) Object.assign(triggers[engine][event], { live: triggers[engine][event].saved, activating: engine === 'classic' });
				stats.restarts++;
				if (!emittedAny) stats.quietRestarts++;
			}
		}
		for (const figure of ['closings', 'edits', 'reschedules', 'reassignments'] as const) expect(stats[figure]).toBeGreaterThan(workload.name === 'busy' ? 60 : 15);
		expect(stats.reopenings).toBeGreaterThan(workload.name === 'busy' ? 20 : 5);
		expect(stats.failures).toBeGreaterThan(10);
		expect(stats.restarts).toBeGreaterThan(10);
		// With four events one almost always emits: restarts after a poll where none did come from the quiet account.
		if (workload.name === 'quiet') expect(stats.quietRestarts).toBeGreaterThan(2);
		for (const event of EVENTS) expect(stats.emitted.classic[event]).toBeGreaterThan(workload.name === 'busy' ? 50 : 15);
		expect(stats.lost.durable).toEqual(blank());
		// What the triggers keep per work order stays within the window (plus the margin).
		const kept = sandbox.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= clock - API_WINDOW_MS - STATE_MARGIN_MS).length;
		for (const event of EVENTS) expect(Object.keys(pollers.classic[event].nodeState()!.marks as IDataObject).length).toBeLessThanOrEqual(kept);

		// The figures docs/trigger-state.md states, as this run measured them.
		const lines = ENGINES.map(
			(engine) =>
				`| ${workload.name} | ${LABELS[engine]} | ${stats.polls} | ${stats.restarts} (${stats.quietRestarts} quiet) | ${EVENTS.map((event) => `${stats.expected[event]} / ${stats.lost[engine][event]}`).join(' | ')} |`,
		);
		console.log(`Work order events soak: ${JSON.stringify(stats)}\n${lines.join('\n')}`);
		const page = readFileSync(join(__dirname, '..', 'docs', 'trigger-state.md'), 'utf8');
		for (const line of lines) expect(page).toContain(line);
	} finally {
		jest.useRealTimers();
		await sandbox.stop();
	}
}, 300_000);
