/**
 * Randomized soak test of the trigger, with a fixed seed: thousands of polls
 * through n8n's engine against the sandbox, records arriving in bursts with
 * tied and out-of-order timestamps, injected API failures, and restarts that
 * reload the last saved static data. Every record created while the workflow
 * is active must be emitted exactly once, nothing else, and the saved state
 * must stay within the API's window.
 */
import type { IDataObject } from 'n8n-workflow';

import { STATE_MARGIN_MS } from '../nodes/MpServicesTrigger/poll';
import { API_WINDOW_MS } from '../nodes/shared/constants';
import { createPoller, startSandbox } from './harness';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { prng } = require('../sandbox/data');

const MINUTE = 60_000;
const POLLS = 3000;

test(`soak: ${POLLS} polls with bursts, ties, late records, failures and restarts`, async () => {
	const random: () => number = prng(20261127);
	const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
	let clock = Date.parse('2026-06-01T00:00:00Z');
	const sandbox = await startSandbox({ now: () => clock, seedData: true, seed: 7 });
	try {
		const credentials = { baseUrl: sandbox.url };
		const parameters = { event: 'workOrderCreated' };
		let poller = createPoller({ parameters, credentials });
		await poller.poll(); // activation: the baseline

		const expected = new Set<string>();
		const emitted = new Map<string, number>();
		const stats = { failures: 0, restarts: 0, records: 0, maxSeen: 0, ties: 0, late: 0 };
		let lastTimestamp = clock;

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

			for (const item of await poller.poll()) {
				const id = item.json.id as string;
				emitted.set(id, (emitted.get(id) ?? 0) + 1);
			}

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
				poller = createPoller({ parameters, credentials, staticData: poller.savedStaticData() });
				stats.restarts++;
			}
		}
		// One last poll so that records of the final step are collected.
		for (const item of await poller.poll()) emitted.set(item.json.id as string, (emitted.get(item.json.id as string) ?? 0) + 1);

		const duplicates = [...emitted].filter(([, count]) => count > 1);
		const unexpected = [...emitted.keys()].filter((id) => !expected.has(id));
		const missing = [...expected].filter((id) => !emitted.has(id));
		expect({ duplicates, unexpected, missing }).toEqual({ duplicates: [], unexpected: [], missing: [] });
		expect(stats.records).toBeGreaterThan(4000);
		expect(stats.failures).toBeGreaterThan(100);
		expect(stats.restarts).toBeGreaterThan(30);
		expect(stats.ties).toBeGreaterThan(500);
		expect(stats.late).toBeGreaterThan(100);
		// Four months of records, but the state never held more than a window's worth.
		expect(stats.maxSeen).toBeLessThan(stats.records / 10);
	} finally {
		await sandbox.stop();
	}
}, 180_000);
