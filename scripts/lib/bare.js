'use strict';
// The floor both `npm run bench` and `npm run profile` compare with: a bare
// loop of Update Stock and Cost requests with Node's http, no n8n.
const http = require('http');

/**
 * Sends `count` PATCH requests with at most `concurrency` in flight, over
 * keep-alive connections or a new connection per request (as n8n's request
 * helper does). `sku(i)` names the product of request i. Resolves with the
 * elapsed milliseconds.
 */
async function bareLoop({ baseUrl, apiKey, count, concurrency, keepAlive = true, sku }) {
	const agent = new http.Agent({ keepAlive, maxSockets: concurrency });
	const url = new URL(`${baseUrl}/UpdateProductStockCost`);
	const one = (i) =>
		new Promise((resolve, reject) => {
			const body = new URLSearchParams({ external_id: sku(i), new_stock: String(i % 100), new_cost: ((i % 40) / 4).toFixed(2) }).toString();
			const req = http.request(
				{ host: url.hostname, port: url.port, path: url.pathname, method: 'PATCH', agent, headers: { token: apiKey, 'content-type': 'application/x-www-form-urlencoded', 'content-length': Buffer.byteLength(body) } },
				(res) => {
					const parts = [];
					res.on('data', (d) => parts.push(d));
					res.on('end', () => (res.statusCode === 200 ? resolve(JSON.parse(Buffer.concat(parts))) : reject(new Error(`HTTP ${res.statusCode}`))));
				},
			);
			req.on('error', reject);
			req.end(body);
		});
	let next = 0;
	const started = process.hrtime.bigint();
	try {
		await Promise.all(
			Array.from({ length: concurrency }, async () => {
				while (next < count) await one(next++);
			}),
		);
	} finally {
		agent.destroy();
	}
	return Number(process.hrtime.bigint() - started) / 1e6;
}

module.exports = { bareLoop };
