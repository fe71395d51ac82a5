/**
 * Randomized soak test of the trigger, with a fixed seed: thousands of polls
 * through n8n's engine against the sandbox, records arriving in bursts with
 * tied and out-of-order timestamps, injected API failures, and restarts that
 * reload the last saved static data. Every record created while the workflow
 * is active must be emitted exactly once, nothing else, and the saved state
 * must stay within the API's window. Also: records dated decades ahead,
 * switches to another account (credential and Base URL: a fresh baseline,
 * so records of the old account not yet polled are forfeited and must never
 * appear), and key rotations inside one credential (nothing lost or replayed).
 */
import type { IDataObject } from 'n8n-workflow';

import { STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/poll';
import { API_WINDOW_MS } from '../nodes/shared/constants';
import { createPoller, startSandbox } from './harness.cjs';
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
		const stats = { failures: 0, restarts: 0, records: 0, maxSeen: 0, ties: 0, late: 0, future: 0, switches: 0, rotations: 0 };
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
				const before = JSON.stringify(poller.savedStaticData());
				await expect(poller.poll()).rejects.toMatchObject({ name: 'NodeApiError' });
				expect(JSON.stringify(poller.savedStaticData())).toBe(before);
				sandbox.faults.length = 0;
				stats.failures++;
				continue;
			}

			collect(await poller.poll());

			const state = poller.nodeState()!;
			const seen = Object.keys(state.seen as IDataObject).length;
			stats.maxSeen = Math.max(stats.maxSeen, seen);
			const bound = sandbox.state.workOrders.filter(
				(r: IDataObject) =>
					r.id !== undefined &&
					Date.parse(r.createdAt as string) >= (state.highWater as number) - API_WINDOW_MS - STATE_MARGIN_MS,
			).length;
			expect(seen).toBeLessThanOrEqual(bound);

			if (random() < 0.02) {
				poller = createPoller({ parameters, credentials, credentialId: accounts[active].id, staticData: poller.savedStaticData() });
				stats.restarts++;
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
 * The same kind of soak for Work Order Closed and Work Order Updated: work
 * orders created open or closed, then closed, reopened and edited at random,
 * with failed polls and restarts. An oracle replays what each successful
 * poll saw against what the previous one saw, and every poll must emit
 * exactly what it says: each turn to closed once, each change once with the
 * right fields, nothing for records the trigger saw at activation.
 */
test('soak: 1200 polls of closings, reopenings and edits, with failures and restarts', async () => {
	const random: () => number = prng(20261201);
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	let clock = Date.parse('2026-06-01T00:00:00Z');
	const sandbox = await startSandbox({ now: () => clock, seedData: true, seed: 11 });
	const credentials = { baseUrl: sandbox.url, apiKey: sandbox.apiKey as string };
	const canonical = (value: unknown): string =>
		Array.isArray(value)
			? `[${value.map(canonical).join(',')}]`
			: value && typeof value === 'object'
				? `{${Object.keys(value).sort().map((k) => `${k}:${canonical((value as IDataObject)[k])}`).join(',')}}`
				: JSON.stringify(value);
	try {
		const pollers = {
			closed: createPoller({ parameters: { event: 'workOrderClosed' }, credentials }),
			updated: createPoller({ parameters: { event: 'workOrderUpdated' }, credentials }),
		};
		/** What the previous successful poll saw: id → the record as it was. */
		const seenByOracle = new Map<string, IDataObject>();
		const window = () => sandbox.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= clock - API_WINDOW_MS);
		const observe = () => {
			const expected = { closed: [] as string[], updated: [] as string[] };
			for (const record of window()) {
				const before = seenByOracle.get(record.id);
				if (record.closed === true && before?.closed !== true && (before || seenByOracle.size > 0)) expected.closed.push(record.id);
				if (before) {
					const fields = [...new Set([...Object.keys(record), ...Object.keys(before)])].filter((k) => canonical(record[k]) !== canonical(before[k])).sort();
					if (fields.length) expected.updated.push(`${record.id}:${fields.join(',')}`);
				}
				seenByOracle.set(record.id, JSON.parse(JSON.stringify(record)));
			}
			return expected;
		};
		await pollers.closed.poll();
		await pollers.updated.poll();
		observe();
		const stats = { polls: 0, closings: 0, reopenings: 0, edits: 0, failures: 0, restarts: 0, emittedClosed: 0, emittedUpdated: 0 };
		for (let step = 0; step < 1200; step++) {
			clock += int(1, 45) * MINUTE;
			for (let n = int(0, 3); n > 0; n--) sandbox.addWorkOrder(random() < 0.2 ? { open: false, closed: true } : { open: true, closed: false });
			const inWindow = window();
			for (let n = int(0, 3); n > 0 && inWindow.length; n--) {
				const record = inWindow[int(0, inWindow.length - 1)];
				const roll = random();
				if (roll < 0.4) {
					sandbox.closeWorkOrder(record.id);
					stats.closings++;
				} else if (roll < 0.55) {
					sandbox.reopenWorkOrder(record.id);
					stats.reopenings++;
				} else {
					const changes = [{ title: `Edited ${step}` }, { scheduleDate: new Date(clock + int(1, 72) * 60 * MINUTE).toISOString() }, { users: [{ username: `Tech ${int(1, 5)}` }] }, { asset: { ...record.asset } }];
					sandbox.updateWorkOrder(record.id, changes[int(0, changes.length - 1)]);
					stats.edits++;
				}
			}
			if (random() < 0.05) {
				const faults = [{ status: 500, body: { message: 'boom' } }, { status: 200, body: '<html>maintenance</html>' }, { status: 403, body: { message: 'Forbidden' } }, { status: 200, body: { unexpected: true } }];
				sandbox.inject({ ...faults[int(0, faults.length - 1)], times: 2 });
				for (const poller of Object.values(pollers)) await expect(poller.poll()).rejects.toMatchObject({ name: 'NodeApiError' });
				stats.failures++;
				continue;
			}
			const expected = observe();
			const closedItems = await pollers.closed.poll();
			const updatedItems = await pollers.updated.poll();
			stats.polls++;
			stats.emittedClosed += closedItems.length;
			stats.emittedUpdated += updatedItems.length;
			expect({ step, closed: closedItems.map((i) => i.json.id).sort() }).toEqual({ step, closed: expected.closed.sort() });
			const changes = updatedItems.map((i) => `${i.json.id}:${[...((i.json._changes as IDataObject).fields as string[])].sort().join(',')}`);
			expect({ step, updated: changes.sort() }).toEqual({ step, updated: expected.updated.sort() });
			if (random() < 0.02) {
				pollers.closed = createPoller({ parameters: { event: 'workOrderClosed' }, credentials, staticData: pollers.closed.savedStaticData() });
				pollers.updated = createPoller({ parameters: { event: 'workOrderUpdated' }, credentials, staticData: pollers.updated.savedStaticData() });
				stats.restarts++;
			}
		}
		expect(stats.closings).toBeGreaterThan(500);
		expect(stats.reopenings).toBeGreaterThan(200);
		expect(stats.edits).toBeGreaterThan(700);
		expect(stats.failures).toBeGreaterThan(30);
		expect(stats.restarts).toBeGreaterThan(10);
		expect(stats.emittedClosed).toBeGreaterThan(400);
		expect(stats.emittedUpdated).toBeGreaterThan(1000);
		// The content kept for previous values stays within the window (plus the margin).
		const content = Object.keys(pollers.updated.nodeState()!.content as IDataObject).length;
		expect(content).toBeLessThanOrEqual(sandbox.state.workOrders.filter((r: IDataObject) => Date.parse(r.createdAt as string) >= clock - API_WINDOW_MS - STATE_MARGIN_MS).length);
	} finally {
		await sandbox.stop();
	}
}, 180_000);
