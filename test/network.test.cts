/**
 * The network boundary, through n8n's engine against servers
 * that misbehave as proxies, captive portals and compromised hosts do:
 * 127.0.0.1 and 127.0.0.2 are two hosts. Each describe guards one defect;
 * every test bounds its own run time.
 */
import http from 'http';
import net from 'net';
import type { AddressInfo } from 'net';

import type { IDataObject } from 'n8n-workflow';

import { API_KEY, createPoller, runAction, testConnection, useSandbox } from './harness.cjs';

const env = useSandbox();

const workOrders = (extra: IDataObject = {}) => ({ resource: 'workOrder', operation: 'getAll', returnAll: true, simplify: false, ...extra });
const updateStockCost = (extra: IDataObject = {}) => ({ resource: 'product', operation: 'updateStockCost', externalId: 'SKU-1000', newStock: 7, newCost: 2.5, ...extra });
const MB = 1024 * 1024;

/** A running test server and its connections, stopped after each test. */
const running: Array<() => Promise<void>> = [];
afterEach(async () => {
	for (const stop of running.splice(0)) await stop();
});

function serve(server: http.Server | net.Server, host = '127.0.0.1'): Promise<string> {
	const sockets = new Set<net.Socket>();
	server.on('connection', (socket: net.Socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	running.push(
		() =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			}),
	);
	return new Promise((resolve) => server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
}

/** Another host that records every request it gets (with its headers). */
async function otherHost() {
	const requests: Array<{ method?: string; url?: string; token?: string | string[] }> = [];
	const url = await serve(
		http.createServer((req, res) => {
			requests.push({ method: req.method, url: req.url, token: req.headers.token });
			res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
		}),
		'127.0.0.2',
	);
	return { url, requests };
}

/** How a server saw its one connection end: when, and how many body bytes it had written by then. */
interface Watched {
	url: string;
	closedAt(): number | undefined;
	written(): number;
}

/** Answers headers at once, then one byte of body every `everyMs`, forever; or, `headersToo`, never ends its headers. */
async function tricklingServer({ everyMs = 100, headersToo = false } = {}): Promise<Watched> {
	let closedAt: number | undefined;
	let written = 0;
	const url = await serve(
		net.createServer((socket) => {
			const timers: NodeJS.Timeout[] = [];
			socket.on('close', () => {
				closedAt = Date.now();
				timers.forEach(clearInterval);
			});
			socket.on('error', () => undefined);
			socket.once('data', () => {
				const head = 'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n';
				if (headersToo) {
					// The status line and a header whose value never ends: the connection is never idle.
					socket.write('HTTP/1.1 200 OK\r\nx-padding: ');
					timers.push(setInterval(() => socket.write('a'), everyMs));
					return;
				}
				socket.write(head);
				timers.push(
					setInterval(() => {
						socket.write('1\r\n \r\n');
						written++;
					}, everyMs),
				);
			});
		}),
	);
	return { url, closedAt: () => closedAt, written: () => written };
}

/** Accepts connections and never answers; counts them. */
async function silentServer(): Promise<Watched & { connections(): number }> {
	let closedAt: number | undefined;
	let connections = 0;
	const url = await serve(
		net.createServer((socket) => {
			connections++;
			socket.on('close', () => (closedAt = Date.now()));
			socket.on('error', () => undefined);
		}),
	);
	return { url, closedAt: () => closedAt, written: () => 0, connections: () => connections };
}

/** Sends a JSON list without end, as fast as the client reads it; optionally announcing a Content-Length. */
async function floodingServer({ contentLength }: { contentLength?: number } = {}): Promise<Watched> {
	let closedAt: number | undefined;
	let written = 0;
	const record = JSON.stringify({ id: 'x'.repeat(36), createdAt: new Date().toISOString(), title: 'y'.repeat(300) });
	const chunk = Buffer.from(`${Array.from({ length: 200 }, () => record).join(',')},`);
	const url = await serve(
		http.createServer((_req, res) => {
			res.on('close', () => (closedAt = Date.now()));
			res.writeHead(200, { 'content-type': 'application/json', ...(contentLength ? { 'content-length': String(contentLength) } : {}) });
			res.write('[');
			const pump = (): void => {
				while (!res.destroyed) {
					written += chunk.length;
					if (!res.write(chunk)) {
						res.once('drain', pump);
						return;
					}
				}
			};
			pump();
		}),
	);
	return { url, closedAt: () => closedAt, written: () => written };
}

const waitFor = async (check: () => boolean, ms: number) => {
	const until = Date.now() + ms;
	while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
	return check();
};

describe('1. the API key never follows a redirect to another host', () => {
	test('Get Many: a 302 to another host is not followed, and the error names the host', async () => {
		const other = await otherHost();
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: `${other.url}/FetchTenantsWorkOrders` } });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(other.requests).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe(
			`MPservices answered GET /FetchTenantsWorkOrders with a redirect (302) to another host, ${new URL(other.url).host}; the node did not follow it, and the API key was not sent there [item 0]`,
		);
		expect(error?.httpCode).toBe('302');
		expect(error?.description).toContain(`only to the 'Base URL' of the credential (${env.sandbox.url})`);
	});

	test('Update Stock and Cost: a 307 to another host is not followed', async () => {
		const other = await otherHost();
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 307, headers: { location: `${other.url}/UpdateProductStockCost` } });
		const { error } = await runAction({ parameters: updateStockCost(), credentials: env.credentials });
		expect(other.requests).toEqual([]);
		expect(error?.message).toContain('PATCH /UpdateProductStockCost with a redirect (307) to another host');
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('the trigger: a poll redirected to another host fails, sends nothing there and moves no state', async () => {
		const other = await otherHost();
		const poller = createPoller({ parameters: { event: 'workOrderCreated' }, credentials: env.credentials });
		await poller.poll();
		const state = JSON.stringify(poller.nodeState());
		const created = env.sandbox.addWorkOrder();
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 301, headers: { location: `${other.url}/` } });
		await expect(poller.poll()).rejects.toThrow(/redirect \(301\) to another host.*API key was not sent there/);
		expect(other.requests).toEqual([]);
		expect(JSON.stringify(poller.nodeState())).toBe(state);
		expect((await poller.poll()).map((i) => i.json.id)).toEqual([created.id]);
	});

	test('another port on the same machine is another origin too', async () => {
		const other = await otherHost();
		const samePort = new URL(other.url).port;
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: `http://127.0.0.1:${samePort}/` } });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.message).toContain(`to another address, http://127.0.0.1:${samePort}`);
	});

	test('Test connection: a redirect is reported and not followed', async () => {
		const other = await otherHost();
		env.sandbox.inject({ status: 302, headers: { location: `${other.url}/FetchTenantsInventoryMovements` } });
		const result = await testConnection(env.credentials);
		expect(other.requests).toEqual([]);
		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^The Base URL answered with a redirect \(302\)\. The key is sent only to the Base URL/) });
	});

	test('a same-origin redirect is followed (GET as GET; PATCH with 307 keeps method and body)', async () => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: '/FetchTenantsWorkOrders?page=1' } });
		const list = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(list.error).toBeUndefined();
		expect(list.items.length).toBeGreaterThan(0);
		env.sandbox.requests.length = 0;
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 307, headers: { location: `${env.sandbox.url}/UpdateProductStockCost` } });
		const update = await runAction({ parameters: updateStockCost(), credentials: env.credentials });
		expect(update.error).toBeUndefined();
		expect(env.sandbox.requests.map((r: IDataObject) => [r.method, (r.form as IDataObject)?.new_stock])).toEqual([['PATCH', '7'], ['PATCH', '7']]);
	});

	test('a 302 that would turn a PATCH into a GET is not followed, and nothing changes', async () => {
		env.sandbox.inject({ path: '/UpdateProductStockCost', status: 302, headers: { location: '/UpdateProductStockCostV2' } });
		const { error } = await runAction({ parameters: updateStockCost(), credentials: env.credentials });
		expect(error?.message).toBe(
			'MPservices answered PATCH /UpdateProductStockCost with a redirect (302) to /UpdateProductStockCostV2, which would turn the PATCH into a GET; the node did not follow it [item 0]',
		);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('a redirect loop on the same origin stops after 3 hops', async () => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: '/FetchTenantsWorkOrders' }, times: 10 });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(error?.message).toBe('MPservices redirected GET /FetchTenantsWorkOrders more than 3 times; the node stopped following [item 0]');
		expect(env.sandbox.requests).toHaveLength(4);
	});

	test('a Location that carries the key is not shown', async () => {
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 302, headers: { location: `http://127.0.0.2:9/?token=${API_KEY}` } });
		const { error } = await runAction({ parameters: workOrders(), credentials: env.credentials });
		expect(JSON.stringify({ m: error?.message, d: error?.description, c: error?.context, s: error?.stack })).not.toContain('test-secret-key');
	});
});

/*
 * A trickling body never trips n8n's own timeout (a socket idle timer), so without the node's
 * deadline these requests would never end. The error messages say which deadline ended them; the
 * durations are bounded generously (30 s against "never"), so that a busy machine cannot fail them.
 */
describe('2. Timeout bounds each attempt as a whole', () => {
	test('a body that trickles a byte at a time fails at the timeout and the connection is closed', async () => {
		const server = await tricklingServer({ everyMs: 100 });
		const started = Date.now();
		const { error } = await runAction({ parameters: workOrders({ options: { timeout: 1000 } }), credentials: { baseUrl: server.url } });
		expect(error?.message).toMatch(/^The answer of MPservices to GET \/FetchTenantsWorkOrders did not complete within 1000 ms \(\d+ bytes received\) \[item 0\]$/);
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(await waitFor(() => server.closedAt() !== undefined, 10_000)).toBe(true);
	});

	test('headers that never end are bounded as well: n8n puts its Stop signal on the request, and the node races its deadline', async () => {
		// n8n's timeout is a socket idle timer that a byte every 100 ms keeps busy. n8n-core 2.41's axios (1.18) adds a wall-clock
		// timer of its own before the headers; the axios of n8n 2.8.4 (1.12) and 1.85.4 (1.8) does not, and there only the
		// node's race ends it: the real-app e2e checks it on every n8n of the matrix.
		const server = await tricklingServer({ everyMs: 100, headersToo: true });
		const started = Date.now();
		const { error } = await runAction({ parameters: workOrders({ options: { timeout: 800 } }), credentials: { baseUrl: server.url } });
		expect(error?.message).toBe('MPservices did not answer GET /FetchTenantsWorkOrders within 800 ms [item 0]');
		expect(Date.now() - started).toBeLessThan(10_000);
	});

	test('a server that never answers fails at the timeout, once (a time-out is not retried)', async () => {
		const server = await silentServer();
		const { error } = await runAction({ parameters: updateStockCost({ options: { timeout: 500 } }), credentials: { baseUrl: server.url } });
		expect(error?.message).toBe('MPservices did not answer PATCH /UpdateProductStockCost within 500 ms [item 0]');
		expect(error?.description).toContain('bounds each attempt as a whole');
		expect(server.connections()).toBe(1);
	});

	test('the trigger: a trickling poll fails at the timeout and moves no state', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', options: { timeout: 700 } }, credentials: env.credentials });
		await poller.poll();
		const state = JSON.stringify(poller.nodeState());
		const server = await tricklingServer({ everyMs: 100 });
		poller.setCredentials({ baseUrl: server.url });
		const started = Date.now();
		await expect(poller.poll()).rejects.toThrow(/did not complete within 700 ms/);
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(JSON.stringify(poller.nodeState())).toBe(state);
	});

	test('a Timeout that Node.js cannot time is refused before anything is sent; a fraction of a ms is rounded up', async () => {
		// AbortSignal.timeout throws on a fraction and fires at once past 2^31 - 1 ms: from an expression ({{ $json.s * 1000 }}) both come easily.
		const { error } = await runAction({ parameters: updateStockCost({ options: { timeout: 3e9 } }), credentials: env.credentials });
		expect(error?.message).toBe("'Options → Timeout' (timeout) must be a number from 1 to 2147483647, got 3000000000 [item 0]");
		expect(env.sandbox.requests).toHaveLength(0);
		const { items } = await runAction({ parameters: updateStockCost({ options: { timeout: 1500.5 } }), credentials: env.credentials });
		expect(items).toHaveLength(1);
		expect(env.sandbox.requests).toHaveLength(1);
	});

	test('Stop ends a trickling request at once, with a long Timeout', async () => {
		const server = await tricklingServer({ everyMs: 100 });
		const started = Date.now();
		const { run } = await runAction({ parameters: workOrders({ options: { timeout: 60_000 } }), credentials: { baseUrl: server.url }, cancelAfterMs: 500 });
		expect(run.status).toBe('canceled');
		// The Timeout would end it after 60 s: the Stop ended it long before.
		expect(Date.now() - started).toBeLessThan(30_000);
		expect(await waitFor(() => server.closedAt() !== undefined, 10_000)).toBe(true);
	}, 90_000);

	test('Stop ends an attempt whichever signal n8n puts on the request: here none, headers that never end, a long Timeout', async () => {
		// n8n-core's httpRequestWithAuthentication (request-helpers/authentication.js) puts the execution's cancel signal on
		// every request of an execution, in place of the node's; this run stands in for an n8n that puts none there, where only
		// the node's own race ends the attempt at the Stop (without it: at the 60 s Timeout).
		const server = await tricklingServer({ everyMs: 100, headersToo: true });
		const started = Date.now();
		const { run } = await runAction({ parameters: workOrders({ options: { timeout: 60_000 } }), credentials: { baseUrl: server.url }, cancelAfterMs: 500, withoutSignal: true });
		expect(run.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(30_000);
	}, 90_000);

	test('Test connection gives up on a server that stays silent, after 15 s', async () => {
		const server = await silentServer();
		const started = Date.now();
		const result = await testConnection({ baseUrl: server.url });
		// n8n shows the code of the aborted request; the README's Troubleshooting explains it.
		expect(result).toEqual({ status: 'Error', message: 'ERR_CANCELED' });
		// At least the 15 s (a busy machine only adds to it), and long before n8n's own 300 s idle timer.
		expect(Date.now() - started).toBeGreaterThanOrEqual(14_000);
		expect(Date.now() - started).toBeLessThan(60_000);
	}, 90_000);

	test('Test connection does not wait for a body that trickles', async () => {
		const server = await tricklingServer({ everyMs: 100 });
		const result = await testConnection({ baseUrl: server.url });
		// Waiting for the body would have ended at the 15 s deadline, as an error.
		expect(result.status).toBe('OK');
	});
});

describe('3. no answer is read past the size limit', () => {
	test('an endless list stops at Max Response Size, and the server could send little more than the limit', async () => {
		const server = await floodingServer();
		global.gc?.();
		const heapBefore = process.memoryUsage().heapUsed;
		const { error } = await runAction({ parameters: workOrders({ options: { maxResponseSize: 2 } }), credentials: { baseUrl: server.url } });
		const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
		expect(error?.message).toBe('The answer of MPservices to GET /FetchTenantsWorkOrders is more than 2 MB, over the 2 MB limit; the node stopped reading it [item 0]');
		expect(error?.description).toContain("raise 'Options → Max Response Size'");
		expect(await waitFor(() => server.closedAt() !== undefined, 10_000)).toBe(true);
		// What the kernel's socket buffers held beyond the limit, not the body: the server stopped there.
		expect(server.written()).toBeLessThan(2 * MB + 16 * MB);
		expect(heapGrowth).toBeLessThan(64 * MB);
	});

	test('the default limit is 64 MB: a runaway answer stops there', async () => {
		const server = await floodingServer();
		const { error } = await runAction({ parameters: workOrders(), credentials: { baseUrl: server.url } });
		expect(error?.message).toBe('The answer of MPservices to GET /FetchTenantsWorkOrders is more than 64 MB, over the 64 MB limit; the node stopped reading it [item 0]');
		expect(server.written()).toBeLessThan(64 * MB + 16 * MB);
	}, 30_000);

	test('an announced 600 MB is refused before its body is read', async () => {
		const server = await floodingServer({ contentLength: 600 * MB });
		const { error } = await runAction({ parameters: workOrders(), credentials: { baseUrl: server.url } });
		expect(error?.message).toBe('The answer of MPservices to GET /FetchTenantsWorkOrders is 600 MB, over the 64 MB limit; the node stopped reading it [item 0]');
		expect(server.written()).toBeLessThan(16 * MB);
	});

	test('the trigger stops at its limit too and moves no state', async () => {
		const poller = createPoller({ parameters: { event: 'workOrderCreated', options: { maxResponseSize: 1 } }, credentials: env.credentials });
		await poller.poll();
		const state = JSON.stringify(poller.nodeState());
		const server = await floodingServer();
		poller.setCredentials({ baseUrl: server.url });
		await expect(poller.poll()).rejects.toThrow(/over the 1 MB limit/);
		expect(JSON.stringify(poller.nodeState())).toBe(state);
	});

	test('an answer just under the limit is read whole', async () => {
		const records = Array.from({ length: 2000 }, (_, i) => ({ id: `wo-${i}`, createdAt: new Date().toISOString(), title: 'z'.repeat(400) }));
		const body = JSON.stringify(records);
		expect(body.length).toBeLessThan(MB);
		expect(body.length).toBeGreaterThan(0.8 * MB);
		env.sandbox.inject({ path: '/FetchTenantsWorkOrders', status: 200, body: records });
		const { items, error } = await runAction({ parameters: workOrders({ options: { maxResponseSize: 1 } }), credentials: env.credentials });
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2000);
	});

	test('Test connection does not read a runaway body', async () => {
		const server = await floodingServer();
		const result = await testConnection({ baseUrl: server.url });
		expect(result.status).toBe('OK');
		expect(server.written()).toBeLessThan(16 * MB);
	});
});

describe('4. the key pasted as MPservices prints it', () => {
	const pasted = [`token:${API_KEY}`, ` token: ${API_KEY}\n`, `TOKEN:${API_KEY}\r\n`, `\t${API_KEY} `, `${API_KEY.slice(0, 20)}\n${API_KEY.slice(20)}`];
	test.each(pasted)('%j works for Get Many, Update Stock and Cost and the trigger', async (apiKey) => {
		const credentials = { ...env.credentials, apiKey };
		expect((await runAction({ parameters: workOrders(), credentials })).error).toBeUndefined();
		expect((await runAction({ parameters: updateStockCost(), credentials })).error).toBeUndefined();
		await createPoller({ parameters: { event: 'workOrderCreated' }, credentials }).poll();
		expect(env.sandbox.requests.map((r: IDataObject) => (r.headers as IDataObject).token)).toEqual([API_KEY, API_KEY, API_KEY]);
	});

	test.each(pasted)('%j passes Test connection', async (apiKey) => {
		expect(await testConnection({ ...env.credentials, apiKey })).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('a key with a typographic quote gets a clear error, and nothing is sent', async () => {
		const { error } = await runAction({ parameters: workOrders(), credentials: { ...env.credentials, apiKey: `“${API_KEY}”` } });
		expect(error?.message).toMatch(/^The 'API Key' in the MPservices credential contains a character that cannot be sent/);
		expect(env.sandbox.requests).toEqual([]);
	});

	test('a wrong key: the node sends one request per attempt (no re-send after the 401), Create included', async () => {
		const credentials = { ...env.credentials, apiKey: 'MPSER110_wrong' };
		for (const parameters of [workOrders(), updateStockCost(), { resource: 'product', operation: 'create', barCode: 'B', productName: 'N', productUnit: 'U', externalId: 'NEW-1' }]) {
			env.sandbox.requests.length = 0;
			const { error } = await runAction({ parameters, credentials });
			expect(error?.httpCode).toBe('401');
			expect(env.sandbox.requests).toHaveLength(1);
		}
	});

	test("a wrong key in Test connection: n8n's own credential-refresh retry sends the GET twice", async () => {
		const result = await testConnection({ ...env.credentials, apiKey: 'MPSER110_wrong' });
		expect(result.message).toMatch(/^MPservices rejected the API key \(401\)/);
		expect(env.sandbox.requests.map((r: IDataObject) => r.method)).toEqual(['GET', 'GET']);
	});
});

describe('plain http and other Base URLs', () => {
	test.each([
		['http://integrations.mpservices.app', /uses plain http:\/\/, which would send the API key in clear text/],
		['http://192.168.1.20:8080', /uses plain http:\/\//],
		['ftp://integrations.mpservices.app', /must start with https:\/\/, not ftp:\/\//],
		['integrations.mpservices.app', /is not a valid address/],
		['https://user:secret@integrations.mpservices.app', /must not contain a user name or password/],
	])('%s is refused before anything is sent, in the node and in Test connection', async (baseUrl, message) => {
		const { error } = await runAction({ parameters: workOrders(), credentials: { baseUrl } });
		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toMatch(message);
		expect(error?.description).toContain('Nothing was sent');
		expect((await testConnection({ baseUrl })).message).toMatch(message);
	});

	test('plain http to this machine is accepted (a local test server such as the sandbox)', async () => {
		for (const host of ['127.0.0.1', 'localhost']) {
			const baseUrl = env.sandbox.url.replace('127.0.0.1', host);
			expect((await runAction({ parameters: workOrders(), credentials: { baseUrl } })).error).toBeUndefined();
		}
	});
});
