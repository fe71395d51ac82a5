/**
 * Runs `work` for indices 0..count-1 with at most `limit` in flight, starting
 * them in index order. `work` returns false to stop: no further index is
 * started, those in flight finish.
 */
export async function forEachIndex(
	count: number,
	limit: number,
	work: (index: number) => Promise<boolean>,
): Promise<void> {
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < count) {
			const index = next++;
			if (!(await work(index))) stopped = true;
		}
	};
	const workers = Math.max(1, Math.min(Math.floor(limit) || 1, count));
	await Promise.all(Array.from({ length: workers }, worker));
}
