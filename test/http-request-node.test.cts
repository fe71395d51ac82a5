/**
 * The MPservices credential in n8n's HTTP Request node (Authentication →
 * Predefined Credential Type → MPservices API): n8n's documented way to
 * call an endpoint our nodes do not cover. That node sends through n8n's
 * older request helper, requestWithAuthentication, with request-library
 * options (`uri`, `followRedirect`, `followAllRedirects`), which n8n-core
 * turns into axios options (@n8n/backend-network's legacy adapter: any
 * followRedirect/followAllRedirects left true gives axios a maxRedirects,
 * false gives 0). The credential's authenticate must read `uri`, and on
 * that path too keep the key to the Base URL's origin: n8n would follow a
 * 302 to another host and carry the custom `token` header with it (it
 * strips only Authorization and Cookie there). 127.0.0.2 is another host.
 * The real HTTP Request node runs with this credential in test/e2e/e2e.js.
 */
import http from 'http';
import type { AddressInfo } from 'net';

import { API_KEY, runHttpRequest, useSandbox } from './harness.cjs';

const env = useSandbox();

const servers: http.Server[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) {
		server.closeAllConnections();
		await new Promise((resolve) => server.close(resolve));
	}
});

/** A server on `host` that records the requests it gets and answers with `answer`. */
async function host(name: string, answer: (req: http.IncomingMessage, res: http.ServerResponse) => void) {
	const requests: Array<{ url?: string; token?: string | string[] }> = [];
	const server = http.createServer((req, res) => {
		requests.push({ url: req.url, token: req.headers.token });
		answer(req, res);
	});
	servers.push(server);
	await new Promise<void>((resolve) => server.listen(0, name, () => resolve()));
	return { url: `http://${name}:${(server.address() as AddressInfo).port}`, requests };
}

test('a call to the Base URL works, with the key in the token header', async () => {
	const { items, error } = await runHttpRequest({ credentials: env.credentials, url: `${env.sandbox.url}/FetchTenantsInventoryMovements` });
	expect(error).toBeUndefined();
	expect(items[0].json.statusCode).toBe(200);
	expect(Array.isArray(items[0].json.body)).toBe(true);
	expect(env.sandbox.requests[0].headers.token).toBe(API_KEY);
});

test('a write through the HTTP Request node reaches MPservices with the key', async () => {
	const { error } = await runHttpRequest({
		credentials: env.credentials,
		url: `${env.sandbox.url}/UpdateProductStockCost`,
		method: 'PATCH',
		form: { external_id: 'SKU-1000', new_stock: '3', new_cost: '1.5' },
	});
	expect(error).toBeUndefined();
	expect(env.sandbox.requests[0]).toMatchObject({ method: 'PATCH', form: { external_id: 'SKU-1000', new_stock: '3' } });
});

test('a 302 to another host is not followed: the key never reaches it', async () => {
	const other = await host('127.0.0.2', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('[]'));
	const base = await host('127.0.0.1', (_req, res) => res.writeHead(302, { location: `${other.url}/steal` }).end());
	const { error } = await runHttpRequest({ credentials: { baseUrl: base.url }, url: `${base.url}/FetchTenantsWorkOrders` });
	expect(base.requests).toEqual([{ url: '/FetchTenantsWorkOrders', token: API_KEY }]);
	expect(other.requests).toEqual([]);
	expect(error?.message).toMatch(/302/);
});

test('with Follow Redirects on or off, and for a PATCH, no redirect is followed with the key', async () => {
	const other = await host('127.0.0.2', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{}'));
	const base = await host('127.0.0.1', (_req, res) => res.writeHead(307, { location: `${other.url}/steal` }).end());
	for (const options of [{ followRedirects: 'on' as const }, { followRedirects: 'off' as const }, { method: 'PATCH', form: { external_id: 'x', new_stock: '1', new_cost: '1' } }]) {
		await runHttpRequest({ credentials: { baseUrl: base.url }, url: `${base.url}/UpdateProductStockCost`, ...options });
	}
	expect(base.requests).toHaveLength(3);
	expect(other.requests).toEqual([]);
});

test('a URL on another origin is refused before anything is sent', async () => {
	const other = await host('127.0.0.2', (_req, res) => res.writeHead(200).end('[]'));
	for (const url of [`${other.url}/FetchTenantsWorkOrders`, `${env.sandbox.url.replace('127.0.0.1', 'localhost')}/FetchTenantsWorkOrders`]) {
		const { error } = await runHttpRequest({ credentials: env.credentials, url });
		expect(error?.message).toMatch(/The MPservices API key is sent only to the credential's Base URL \(http:\/\/127\.0\.0\.1:\d+\), not to http:\/\/(127\.0\.0\.2|localhost):\d+/);
	}
	expect(other.requests).toEqual([]);
	expect(env.sandbox.requests).toEqual([]);
});

test('an absolute URL wins over a base URL, as axios resolves it: the key is not sent there', async () => {
	const { MpServicesApi } = await import('../credentials/MpServicesApi.credentials');
	const credential = new MpServicesApi();
	await expect(credential.authenticate({ apiKey: API_KEY, baseUrl: 'https://integrations.mpservices.app' }, { baseURL: 'https://integrations.mpservices.app/', url: 'https://elsewhere.example/x' })).rejects.toThrow(
		"The MPservices API key is sent only to the credential's Base URL (https://integrations.mpservices.app), not to https://elsewhere.example",
	);
	const joined = await credential.authenticate({ apiKey: API_KEY, baseUrl: 'https://integrations.mpservices.app' }, { baseURL: 'https://integrations.mpservices.app/', url: '/FetchTenantsWorkOrders' });
	expect(joined.headers).toMatchObject({ token: API_KEY });
});
