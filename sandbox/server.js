'use strict';
// A local stand-in for the MPservices integrations API (dev tooling, never shipped).
// It models the vendor's API as documented in shared/mpservices-api.md,
// independently of the nodes' code: the paths below are the vendor's (two of
// them assumed, as the nodes assume them), the `token` header is checked, the
// list endpoints return the last two days newest first, and bodies are
// form-encoded. Tests drive it in-process; `npm run sandbox` runs it alone,
// and /__sandbox/* lets other processes (the real n8n e2e test, the demo)
// add records, inject faults and read what it received.

const http = require('http');
const { makeGenerator } = require('./data');

const DAY = 24 * 60 * 60 * 1000;
const WINDOW = 2 * DAY;

const PATHS = {
	workOrders: '/FetchTenantsWorkOrders',
	movements: '/FetchTenantsInventoryMovements',
	createProduct: '/CreateProduct',
	updateProduct: '/UpdateProductStockCost',
};

const CREATE_REQUIRED = ['bar_code', 'product_name', 'product_unit', 'external_id'];
const NUMERIC = /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/;

/**
 * @param {object} [options]
 * @param {string} [options.apiKey] the key the `token` header must carry
 * @param {number} [options.seed] seed of the generated data
 * @param {boolean} [options.seedData] whether to start with realistic records (default true)
 * @param {() => number} [options.now] the API's clock
 * @param {number | ((request: {method: string, path: string, form?: object}) => number)} [options.latencyMs]
 *   added to every API answer: milliseconds, or a function of the request
 * @param {boolean} [options.recordRequests] keep a log of requests (default true)
 * @param {number} [options.generateEveryMs] this often, add a work order (some due in a few minutes)
 *   or a movement (parts for a recent folio), or close, reopen, reassign or reschedule a work order
 */
function createSandbox(options = {}) {
	let apiKey = options.apiKey ?? 'MPSER110_sandbox-key';
	const generator = makeGenerator(options.seed ?? 1);
	let clockOffset = 0;
	const baseNow = options.now ?? (() => Date.now());
	const now = () => baseNow() + clockOffset;

	const state = { workOrders: [], movements: [], products: new Map(), feed: [] };
	/** @type {Array<object>} */
	const requests = [];
	/** @type {Array<object>} */
	const faults = [];
	const sockets = new Set();
	const delayed = new Set();
	/** Requests to the API (not the admin routes): total, in flight now, most in flight at once. */
	/**
	 * `turnaroundsMs`: for each API request that arrived with nothing else in flight, the time since
	 * the previous answer was sent (the client's turnaround: reading the answer, preparing and sending
	 * the next request). The last 10,000.
	 */
	const stats = { requests: 0, inFlight: 0, peakInFlight: 0, turnaroundsMs: [] };
	let lastAnsweredAt;
	const preciseNow = () => performance.timeOrigin + performance.now();
	let latencyMs = options.latencyMs ?? 0;
	let recordRequests = options.recordRequests ?? true;
	let timer;

	function reset({ seedData = true } = {}) {
		state.workOrders.length = 0;
		state.movements.length = 0;
		state.feed.length = 0;
		state.products.clear();
		for (const product of generator.products()) state.products.set(product.external_id, product);
		if (seedData) {
			const t = now();
			// Some records fall outside the two-day window, as on a real account.
			for (let i = 0; i < 14; i++) state.workOrders.push(generator.workOrder(t - generator.int(1, 70) * 3600_000));
			const products = [...state.products.values()];
			for (let i = 0; i < 10; i++) state.movements.push(generator.movement(t - generator.int(1, 70) * 3600_000, products));
		}
	}
	reset({ seedData: options.seedData ?? true });

	function addWorkOrder(overrides = {}) {
		const record = generator.workOrder(now(), overrides);
		state.workOrders.push(record);
		return record;
	}

	/**
	 * Changes a work order as a technician or planner does in MPservices:
	 * closes or reopens it, reschedules, reassigns. Returns it as it is now.
	 */
	function updateWorkOrder(id, changes) {
		const record = state.workOrders.find((r) => r.id === id);
		if (!record) return undefined;
		Object.assign(record, changes);
		return record;
	}
	const closeWorkOrder = (id) => updateWorkOrder(id, { open: false, closed: true });
	const reopenWorkOrder = (id) => updateWorkOrder(id, { open: true, closed: false });

	/** What a busy account does now and then: a work order closed, reopened, reassigned or rescheduled. */
	function changeSomeWorkOrder() {
		const open = recent(state.workOrders);
		if (!open.length) return;
		const record = open[Math.floor(generator.random() * open.length)];
		if (record.open && generator.random() < 0.5) return closeWorkOrder(record.id);
		if (record.closed && generator.random() < 0.2) return reopenWorkOrder(record.id);
		if (generator.random() < 0.5) {
			// A technician added, or one of several taken off.
			const users = record.users.length > 1 && generator.random() < 0.4 ? record.users.slice(1) : [...record.users, generator.pick(generator.technicians)];
			return updateWorkOrder(record.id, { users: users.filter((user, i) => users.findIndex((other) => other.email === user.email) === i) });
		}
		const schedule = new Date(Date.parse(record.scheduleDate) + generator.int(1, 48) * 3600_000).toISOString();
		return updateWorkOrder(record.id, { scheduleDate: schedule });
	}

	/** An open work order scheduled a few minutes from now, so that Work Order Due fires soon. */
	function addDueSoon() {
		const schedule = now() + generator.int(2, 10) * 60_000;
		const times = { scheduleDate: schedule, start: schedule + 30 * 60_000, end: schedule + 2 * 3600_000 };
		return addWorkOrder({ open: true, closed: false, ...Object.fromEntries(Object.entries(times).map(([key, ms]) => [key, new Date(Math.floor(ms / 60_000) * 60_000).toISOString()])) });
	}

	/** An RSS item, for comparing our trigger with n8n's own RSS Feed Read Trigger. */
	function addFeedItem() {
		const n = state.feed.length + 1;
		const item = { guid: `feed-${n}-${generator.id()}`, title: `Feed item ${n}`, pubDate: new Date(now()).toUTCString() };
		state.feed.push(item);
		return item;
	}

	function addMovement(overrides = {}) {
		const record = generator.movement(now(), [...state.products.values()], overrides);
		state.movements.push(record);
		return record;
	}

	/** Newest first, created in the last two days (by the API's clock). */
	function recent(list) {
		const since = now() - WINDOW;
		return list
			.filter((record) => Date.parse(record.createdAt) >= since)
			.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
	}

	/**
	 * Injects a fault for the next matching requests.
	 * @param {{ path?: string, method?: string, status?: number, body?: any, headers?: object,
	 *   delayMs?: number, times?: number, reset?: boolean, trickleMs?: number, trickleHeadersMs?: number, flood?: boolean,
	 *   done?: boolean, holdMs?: number }} fault
	 *   `body` may be a string (sent as is) or JSON; `reset` destroys the connection; `trickleHeadersMs`
	 *   sends the status line and then a header one byte every that many ms, never ending it; `trickleMs`
	 *   answers 200 at once and then one byte of body every that many ms, without end; `flood` sends
	 *   a JSON list without end, as fast as the client reads; `done` lets the API do the work
	 *   before the fault answers (a 502 after the write was made); `holdMs` sends the answer the
	 *   API gave when the request arrived, that much later (a slow answer overtaken by a newer one).
	 */
	function inject(fault) {
		faults.push({ times: 1, ...fault });
	}

	function takeFault(method, path) {
		const index = faults.findIndex(
			(f) => (!f.path || f.path === path) && (!f.method || f.method === method) && f.times > 0,
		);
		if (index === -1) return undefined;
		const fault = faults[index];
		fault.times -= 1;
		if (fault.times <= 0) faults.splice(index, 1);
		return fault;
	}

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		const contentType = typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json';
		res.writeHead(status, { 'content-type': contentType, ...headers });
		res.end(text);
	}

	/** A response that goes nowhere: for the work a `done` fault lets the API do. */
	function discard() {
		return { writeHead() {}, end() {} };
	}

	/** A response kept to be sent later, as it was when the request arrived (a `holdMs` fault). */
	function capture() {
		const held = { status: 200, headers: {}, text: '' };
		return {
			writeHead(status, headers) {
				Object.assign(held, { status, headers });
			},
			end(text) {
				held.text = text;
			},
			replay(res) {
				res.writeHead(held.status, held.headers);
				res.end(held.text);
			},
		};
	}

	/** One byte of a never-ending answer every `ms` (a stuck proxy, a slowloris). */
	function trickle(res, ms, headersToo = false) {
		const socket = res.socket;
		// Headers too: the status line, then a header whose value never ends (written on the socket: Node would send them whole).
		if (headersToo) socket.write('HTTP/1.1 200 OK\r\nx-padding: ');
		else {
			res.writeHead(200, { 'content-type': 'application/json' });
			res.write('[');
		}
		const timer = setInterval(() => (headersToo ? socket.write('a') : res.write(' ')), ms);
		delayed.add(timer);
		res.on('close', () => {
			clearInterval(timer);
			delayed.delete(timer);
		});
	}

	/** A JSON list without end, written as fast as the client reads it (a runaway answer). */
	function flood(res) {
		res.writeHead(200, { 'content-type': 'application/json' });
		res.write('[');
		const chunk = Buffer.from(`${JSON.stringify(generator.workOrder(now()))},`.repeat(100));
		const pump = () => {
			while (!res.destroyed) if (!res.write(chunk)) return void res.once('drain', pump);
		};
		pump();
	}

	function handleApi(req, res, path, body) {
		if (req.headers.token !== apiKey) return send(res, 401, { message: 'Invalid or missing token' });

		if (req.method === 'GET' && path === PATHS.workOrders) return send(res, 200, recent(state.workOrders));
		if (req.method === 'GET' && path === PATHS.movements) return send(res, 200, recent(state.movements));

		const isForm = (req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded');
		if (req.method === 'POST' && path === PATHS.createProduct) {
			if (!isForm) return send(res, 400, { message: 'Expected an application/x-www-form-urlencoded body' });
			const form = Object.fromEntries(new URLSearchParams(body));
			const missing = CREATE_REQUIRED.filter((field) => !form[field] || !form[field].trim());
			if (missing.length) return send(res, 400, { message: `Missing required field(s): ${missing.join(', ')}` });
			if (state.products.has(form.external_id)) {
				return send(res, 409, { message: `A product with external_id ${form.external_id} already exists` });
			}
			for (const field of ['weighted_average', 'product_stock', 'min_stock', 'max_stock']) {
				if (form[field] !== undefined && !NUMERIC.test(form[field])) {
					return send(res, 400, { message: `${field} must be a number` });
				}
			}
			const product = { id: String(state.products.size + 1).padStart(13, '0'), ...form };
			state.products.set(form.external_id, product);
			return send(res, 201, { message: 'Product created', product });
		}
		if (req.method === 'PATCH' && path === PATHS.updateProduct) {
			if (!isForm) return send(res, 400, { message: 'Expected an application/x-www-form-urlencoded body' });
			const form = Object.fromEntries(new URLSearchParams(body));
			for (const field of ['external_id', 'new_stock', 'new_cost']) {
				if (!form[field] || !form[field].trim()) return send(res, 400, { message: `Missing required field: ${field}` });
			}
			for (const field of ['new_stock', 'new_cost']) {
				if (!NUMERIC.test(form[field])) return send(res, 400, { message: `${field} must be a number` });
			}
			const product = state.products.get(form.external_id);
			if (!product) return send(res, 404, { message: `No product with external_id ${form.external_id}` });
			const delta = Number(form.new_stock) - Number(product.product_stock ?? 0);
			product.product_stock = form.new_stock;
			product.weighted_average = form.new_cost;
			// As the vendor says: the change is recorded as an inventory movement.
			state.movements.push({
				id: generator.id(),
				reference: `Stock update ${product.external_id}`,
				type: delta >= 0 ? 'Inbound' : 'Outbound',
				createdAt: new Date(now()).toISOString(),
				movements: [
					{
						cost: form.new_cost,
						quantity: Math.abs(delta),
						item: product.product_name,
						unit: product.product_unit,
						item_id: product.id,
						item_external_id: product.external_id,
					},
				],
			});
			return send(res, 200, { message: 'Stock and cost updated', product });
		}
		return send(res, 404, `<html><body><h1>Cannot ${req.method} ${path}</h1></body></html>`);
	}

	function handleAdmin(req, res, path, body) {
		const json = () => (body ? JSON.parse(body) : {});
		if (req.method === 'GET' && path === '/__sandbox/requests') return send(res, 200, requests);
		if (req.method === 'DELETE' && path === '/__sandbox/requests') {
			requests.length = 0;
			return send(res, 200, { ok: true });
		}
		if (req.method === 'POST' && path === '/__sandbox/faults') {
			inject(json());
			return send(res, 200, { ok: true });
		}
		if (req.method === 'POST' && path === '/__sandbox/work-orders') return send(res, 201, addWorkOrder(json()));
		const workOrderRoute = /^\/__sandbox\/work-orders\/([^/]+)$/.exec(path);
		if (req.method === 'PATCH' && workOrderRoute) {
			const record = updateWorkOrder(decodeURIComponent(workOrderRoute[1]), json());
			return record ? send(res, 200, record) : send(res, 404, { message: `No work order ${workOrderRoute[1]}` });
		}
		if (req.method === 'POST' && path === '/__sandbox/inventory-movements') return send(res, 201, addMovement(json()));
		if (req.method === 'GET' && path === '/__sandbox/stats') return send(res, 200, stats);
		if (req.method === 'GET' && path === '/__sandbox/feed.xml') {
			// Recorded like an API request, so a test can count the RSS trigger's polls.
			if (recordRequests) requests.push({ method: req.method, path, headers: req.headers, body, at: now(), receivedAt: Date.now() });
			const items = [...state.feed]
				.reverse()
				.map((i) => `<item><title>${i.title}</title><guid>${i.guid}</guid><pubDate>${i.pubDate}</pubDate></item>`)
				.join('');
			res.writeHead(200, { 'content-type': 'application/rss+xml' });
			return res.end(`<?xml version="1.0"?><rss version="2.0"><channel><title>Sandbox</title><link>http://sandbox/</link><description>Sandbox feed</description>${items}</channel></rss>`);
		}
		if (req.method === 'GET' && path === '/__sandbox/products') return send(res, 200, [...state.products.values()]);
		return send(res, 404, { message: `No admin route ${req.method} ${path}` });
	}

	const server = http.createServer((req, res) => {
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const body = Buffer.concat(chunks).toString('utf8');
			const path = new URL(req.url, 'http://sandbox').pathname;
			if (path.startsWith('/__sandbox/')) return handleAdmin(req, res, path, body);

			const form = body && (req.headers['content-type'] ?? '').includes('urlencoded')
				? Object.fromEntries(new URLSearchParams(body))
				: undefined;
			if (stats.inFlight === 0 && lastAnsweredAt !== undefined) {
				stats.turnaroundsMs.push(preciseNow() - lastAnsweredAt);
				if (stats.turnaroundsMs.length > 10_000) stats.turnaroundsMs.shift();
			}
			stats.requests++;
			stats.inFlight++;
			stats.peakInFlight = Math.max(stats.peakInFlight, stats.inFlight);
			res.on('finish', () => (lastAnsweredAt = preciseNow()));
			res.on('close', () => stats.inFlight--);
			if (recordRequests) {
				requests.push({ method: req.method, path, url: req.url, headers: req.headers, body, form, at: now(), receivedAt: Date.now() });
			}
			const fault = takeFault(req.method, path);
			// `done`: the API does the work first (a write is carried out), then the fault answers in
			// its place, as a gateway does when the API was slow or its answer was lost on the way back.
			if (fault?.done) handleApi(req, discard(), path, body);
			// `holdMs`: the answer is what the API said when the request arrived, sent this much later.
			if (fault?.holdMs) {
				const held = capture();
				handleApi(req, held, path, body);
				const pending = setTimeout(() => {
					delayed.delete(pending);
					held.replay(res);
				}, fault.holdMs);
				delayed.add(pending);
				return;
			}
			const respond = () => {
				if (fault?.reset) return req.socket.destroy();
				if (fault?.trickleMs || fault?.trickleHeadersMs) return trickle(res, fault.trickleMs ?? fault.trickleHeadersMs, !!fault.trickleHeadersMs);
				if (fault?.flood) return flood(res);
				if (fault?.status !== undefined) return send(res, fault.status, fault.body ?? '', fault.headers);
				return handleApi(req, res, path, body);
			};
			const latency = typeof latencyMs === 'function' ? latencyMs({ method: req.method, path, form }) : latencyMs;
			const delay = (fault?.delayMs ?? 0) + latency;
			if (delay > 0) {
				const pending = setTimeout(() => {
					delayed.delete(pending);
					respond();
				}, delay);
				delayed.add(pending);
			} else respond();
		});
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});

	return {
		apiKey,
		state,
		requests,
		stats,
		faults,
		now,
		/** Moves the API's clock (and so its two-day window). */
		advance(ms) {
			clockOffset += ms;
		},
		/** Rotates the account's key: from now on only this one is accepted. */
		setApiKey(key) {
			apiKey = key;
			this.apiKey = key;
		},
		setLatency(ms) {
			latencyMs = ms;
		},
		setRecordRequests(on) {
			recordRequests = on;
		},
		addWorkOrder,
		addDueSoon,
		updateWorkOrder,
		closeWorkOrder,
		reopenWorkOrder,
		addMovement,
		addFeedItem,
		inject,
		reset,
		/** Starts listening; resolves to the base URL. */
		start(port = 0, host = '127.0.0.1') {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(port, host, () => {
					const address = server.address();
					this.url = `http://${host}:${address.port}`;
					if (options.generateEveryMs) {
						timer = setInterval(() => {
							const roll = generator.random();
							if (roll < 0.25) addWorkOrder();
							else if (roll < 0.4) addDueSoon();
							else if (roll < 0.65) addMovement();
							else changeSomeWorkOrder();
						}, options.generateEveryMs);
					}
					resolve(this.url);
				});
			});
		},
		stop() {
			if (timer) clearInterval(timer);
			for (const pending of delayed) clearTimeout(pending); // clears intervals too
			delayed.clear();
			return new Promise((resolve) => {
				server.closeAllConnections();
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			});
		},
		url: '',
	};
}

module.exports = { createSandbox };
