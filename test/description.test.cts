import { readdirSync, readFileSync } from 'fs';
import { join } from 'path';

import type { INodeProperties } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { MpServicesApi } from '../credentials/MpServicesApi.credentials';
import { MpServices } from '../nodes/MpServices/MpServices.node';
import { MpServicesTrigger } from '../nodes/MpServicesTrigger/MpServicesTrigger.node';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_RESPONSE_MB, DEFAULT_TIMEOUT_MS } from '../nodes/shared/constants';
import { readNodeWideOptions } from '../nodes/shared/options';
import { DEFAULT_SORT } from '../nodes/shared/records';
import { API_KEY, startSandbox } from './harness.cjs';

const REPO = join(__dirname, '..');
const action = new MpServices().description;
const trigger = new MpServicesTrigger().description;
const credential = new MpServicesApi();

/** The parameter named `name` shown for the given resource/operation (or event). */
function param(properties: INodeProperties[], name: string, show: Record<string, string>): INodeProperties {
	const found = properties.filter(
		(p) =>
			p.name === name &&
			Object.entries(show).every(([k, v]) => !p.displayOptions?.show?.[k] || (p.displayOptions.show[k] as string[]).includes(v)),
	);
	expect(found).toHaveLength(1);
	return found[0];
}
const optionNames = (p: INodeProperties) => (p.options as INodeProperties[]).map((o) => o.name).sort();

describe('the public contract (saved workflows depend on these names)', () => {
	test('node and credential names', () => {
		expect(action.name).toBe('mpServices');
		// One version per node for the first release (1.0.0): a changed default after it is a new version.
		expect(action.version).toBe(1);
		expect(trigger.version).toBe(1);
		expect(trigger.name).toBe('mpServicesTrigger');
		expect(trigger.polling).toBe(true);
		expect(credential.name).toBe('mpServicesApi');
		expect(credential.displayName).toBe('MPservices API');
		expect(action.credentials).toEqual([{ name: 'mpServicesApi', required: true }]);
	});

	test('resources and operations', () => {
		const resource = param(action.properties, 'resource', {});
		expect((resource.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['inventoryMovement', 'product', 'workOrder']);
		const ops = (r: string) => (param(action.properties, 'operation', { resource: r }).options as Array<{ value: string }>).map((o) => o.value);
		expect(ops('workOrder').sort()).toEqual(['get', 'getAll']);
		expect(ops('inventoryMovement')).toEqual(['getAll']);
		expect(ops('product').sort()).toEqual(['create', 'updateStockCost', 'upsert']);
	});

	test('Get Many parameters and filters', () => {
		for (const resource of ['workOrder', 'inventoryMovement']) {
			const at = { resource, operation: 'getAll' };
			expect(param(action.properties, 'returnAll', at)).toMatchObject({ type: 'boolean', default: false });
			const limit = param(action.properties, 'limit', at);
			expect(limit).toMatchObject({ type: 'number', default: 50 });
			expect(limit.displayOptions?.show?.returnAll).toEqual([false]);
		}
		const woFilters = param(action.properties, 'filters', { resource: 'workOrder', operation: 'getAll' });
		expect(optionNames(woFilters)).toEqual(['assetCode', 'clientName', 'createdAfter', 'folio', 'status']);
		expect((woFilters.options as INodeProperties[]).find((o) => o.name === 'folio')!.type).toBe('string');
		const status = (woFilters.options as INodeProperties[]).find((o) => o.name === 'status')!;
		expect(status.default).toBe('any');
		expect((status.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['any', 'open', 'closed']);
		expect((woFilters.options as INodeProperties[]).find((o) => o.name === 'createdAfter')!.type).toBe('dateTime');
		const mvFilters = param(action.properties, 'filters', { resource: 'inventoryMovement', operation: 'getAll' });
		expect(optionNames(mvFilters)).toEqual(['createdAfter', 'itemExternalId', 'reference', 'type']);
		for (const operation of ['getAll', 'get']) {
			const woOptions = param(action.properties, 'options', { resource: 'workOrder', operation }).options as INodeProperties[];
			expect(woOptions.find((o) => o.name === 'includeParts')).toMatchObject({ type: 'boolean', default: false });
		}
		const mvOptions = param(action.properties, 'options', { resource: 'inventoryMovement', operation: 'getAll' });
		expect((mvOptions.options as INodeProperties[]).find((o) => o.name === 'splitLines')).toMatchObject({ type: 'boolean', default: false });
	});

	test('product parameters', () => {
		const create = { resource: 'product', operation: 'create' };
		for (const name of ['barCode', 'productName', 'productUnit', 'externalId']) {
			expect(param(action.properties, name, create)).toMatchObject({ type: 'string', required: true });
		}
		const additional = param(action.properties, 'additionalFields', create);
		expect(optionNames(additional)).toEqual(['category', 'maxStock', 'minStock', 'productLocation', 'productStock', 'weightedAverage']);
		const update = { resource: 'product', operation: 'updateStockCost' };
		expect(param(action.properties, 'externalId', update)).toMatchObject({ type: 'string', required: true });
		expect(param(action.properties, 'newStock', update)).toMatchObject({ type: 'number', required: true });
		expect(param(action.properties, 'newCost', update)).toMatchObject({ type: 'number', required: true });
		const upsert = { resource: 'product', operation: 'upsert' };
		for (const name of ['externalId', 'barCode', 'productName', 'productUnit']) {
			expect(param(action.properties, name, upsert)).toMatchObject({ type: 'string', required: true });
		}
		for (const name of ['newStock', 'newCost']) expect(param(action.properties, name, upsert)).toMatchObject({ type: 'number', required: true });
		expect(optionNames(param(action.properties, 'additionalFields', upsert))).toEqual(['category', 'maxStock', 'minStock', 'productLocation']);
		for (const name of ['minStock', 'maxStock']) {
			const spec = (param(action.properties, 'additionalFields', upsert).options as INodeProperties[]).find((o) => o.name === name)!;
			expect(spec).toMatchObject({ type: 'number', typeOptions: { numberPrecision: 0 } });
		}
	});

	test('trigger parameters', () => {
		const event = param(trigger.properties, 'event', {});
		expect(event.default).toBe('workOrderCreated');
		expect((event.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual([
			'inventoryMovementCreated',
			'workOrderAssigned',
			'workOrderClosed',
			'workOrderCreated',
			'workOrderDue',
			'workOrderUpdated',
		]);
		expect(optionNames(param(trigger.properties, 'filters', { event: 'workOrderDue' }))).toEqual(['assetCode', 'clientName', 'folio']);
		expect(optionNames(param(trigger.properties, 'filters', { event: 'workOrderAssigned' }))).toEqual(['assetCode', 'clientName', 'folio', 'status']);
		const dueOptions = param(trigger.properties, 'options', { event: 'workOrderDue' }).options as INodeProperties[];
		const dueField = dueOptions.find((o) => o.name === 'dueField')!;
		expect(dueField).toMatchObject({ type: 'options', default: 'scheduleDate' });
		expect((dueField.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['end', 'scheduleDate', 'start']);
		expect(dueOptions.find((o) => o.name === 'dueOffsetMinutes')).toMatchObject({ type: 'number', default: 0 });
		for (const event of ['workOrderDue', 'workOrderAssigned']) expect(param(trigger.properties, 'simplify', { event })).toMatchObject({ type: 'boolean', default: true });
		expect(optionNames(param(trigger.properties, 'filters', { event: 'workOrderCreated' }))).toEqual(['assetCode', 'clientName', 'folio', 'status']);
		expect(optionNames(param(trigger.properties, 'filters', { event: 'workOrderClosed' }))).toEqual(['assetCode', 'clientName', 'folio']);
		expect(optionNames(param(trigger.properties, 'filters', { event: 'workOrderUpdated' }))).toEqual(['assetCode', 'clientName', 'folio', 'status']);
		expect(optionNames(param(trigger.properties, 'filters', { event: 'inventoryMovementCreated' }))).toEqual(['itemExternalId', 'reference', 'type']);
		expect(optionNames(param(trigger.properties, 'options', { event: 'workOrderClosed' }))).toContain('emitExisting');
		expect(optionNames(param(trigger.properties, 'options', { event: 'workOrderUpdated' }))).not.toContain('emitExisting');
		expect(optionNames(param(trigger.properties, 'options', { event: 'inventoryMovementCreated' }))).toContain('splitLines');
	});

	test('Simplify, Sort, Work Order → Get and Watch Fields', () => {
		for (const at of [{ resource: 'workOrder', operation: 'getAll' }, { resource: 'workOrder', operation: 'get' }]) {
			expect(param(action.properties, 'simplify', at)).toMatchObject({ type: 'boolean', default: true, displayOptions: { hide: { '@tool': [true] } } });
		}
		for (const event of ['workOrderCreated', 'workOrderClosed', 'workOrderUpdated']) {
			expect(param(trigger.properties, 'simplify', { event })).toMatchObject({ type: 'boolean', default: true });
		}
		expect(trigger.properties.filter((p) => p.name === 'simplify' && (p.displayOptions?.show?.event as string[]).includes('inventoryMovementCreated'))).toEqual([]);
		const sortOf = (resource: string) => param(action.properties, 'sort', { resource, operation: 'getAll' });
		for (const [resource, fields] of [['workOrder', ['createdAt', 'scheduleDate', 'folio']], ['inventoryMovement', ['createdAt', 'reference']]] as const) {
			const sort = sortOf(resource);
			expect(sort.type).toBe('collection');
			const [field, direction] = sort.options as INodeProperties[];
			expect(field).toMatchObject({ name: 'field', type: 'options', default: 'createdAt' });
			expect((field.options as Array<{ value: string }>).map((o) => o.value)).toEqual(fields);
			expect(direction).toMatchObject({ name: 'direction', type: 'options', default: 'desc' });
			expect((direction.options as Array<{ value: string }>).map((o) => o.value)).toEqual(['desc', 'asc']);
		}
		const locator = param(action.properties, 'workOrder', { resource: 'workOrder', operation: 'get' });
		expect(locator).toMatchObject({ type: 'resourceLocator', default: { mode: 'list', value: '' } });
		expect(locator.modes!.map((m) => m.name)).toEqual(['list', 'folio', 'id']);
		const watch = (param(trigger.properties, 'options', { event: 'workOrderUpdated' }).options as INodeProperties[]).find((o) => o.name === 'watchFields')!;
		expect(watch).toMatchObject({ type: 'multiOptions', default: [] });
		expect((watch.options as Array<{ value: string }>).map((o) => o.value).sort()).toEqual(['asset', 'client', 'closed', 'createdAt', 'end', 'folio', 'notes', 'open', 'scheduleDate', 'start', 'title', 'users']);
	});

	test("what version 1 means for values left unset is pinned (n8n saves no default): a change to one is a new node version", () => {
		const frozen = { timeoutMs: 30_000, maxResponseMb: 64, concurrency: 5, limit: 50 };
		expect({ timeoutMs: DEFAULT_TIMEOUT_MS, maxResponseMb: DEFAULT_MAX_RESPONSE_MB, concurrency: DEFAULT_CONCURRENCY }).toEqual({ timeoutMs: 30_000, maxResponseMb: 64, concurrency: 5 });
		const options = (resource: string, operation: string) => param(action.properties, 'options', { resource, operation }).options as INodeProperties[];
		const option = (list: INodeProperties[], name: string) => list.find((o) => o.name === name)?.default;
		expect(option(options('workOrder', 'getAll'), 'timeout')).toBe(frozen.timeoutMs);
		expect(option(options('workOrder', 'getAll'), 'maxResponseSize')).toBe(frozen.maxResponseMb);
		expect(option(options('product', 'updateStockCost'), 'concurrency')).toBe(frozen.concurrency);
		expect(param(action.properties, 'limit', { resource: 'workOrder', operation: 'getAll' }).default).toBe(frozen.limit);
		// Defaults a saved workflow leaves unsaved: Resource, each Operation, Sort, pacing, Output.
		expect(param(action.properties, 'resource', {}).default).toBe('workOrder');
		const operationDefault = (resource: string) => param(action.properties, 'operation', { resource }).default;
		expect([operationDefault('workOrder'), operationDefault('inventoryMovement'), operationDefault('product')]).toEqual(['getAll', 'getAll', 'create']);
		expect(DEFAULT_SORT).toEqual({ field: 'createdAt', direction: 'desc' });
		expect(readNodeWideOptions({})).toEqual({ concurrency: 5, requestsPerSecond: 0 });
		expect(param(action.properties, 'output', { resource: 'workOrder', operation: 'getAll' }).default).toBe('simplified');
		expect(param(trigger.properties, 'event', {}).default).toBe('workOrderCreated');
	});

	test('credential fields', () => {
		const [apiKey, baseUrl] = credential.properties;
		expect(apiKey).toMatchObject({ name: 'apiKey', type: 'string', required: true, typeOptions: { password: true } });
		expect(baseUrl).toMatchObject({ name: 'baseUrl', type: 'string', default: 'https://integrations.mpservices.app' });
	});

	test('the credential puts the key in the token header and keeps the other headers', async () => {
		const request = { url: '/x', headers: { accept: 'application/json' } };
		const authenticated = await credential.authenticate({ apiKey: 'MPSER110_k' }, request);
		expect(authenticated.headers).toEqual({ accept: 'application/json', token: 'MPSER110_k' });
		expect(request.headers).toEqual({ accept: 'application/json' });
	});
});

describe('n8n UX conventions', () => {
	test('usable as an AI Agent tool, with an action text for every operation', () => {
		expect(action.usableAsTool).toBeTruthy();
		for (const op of action.properties.filter((p) => p.name === 'operation')) {
			for (const option of op.options as Array<{ action?: string; description?: string }>) {
				expect(option.action).toMatch(/^[A-Z][a-z]/);
				expect(option.description).toBeTruthy();
			}
		}
	});

	test('booleans say "Whether", labels are Title Case', () => {
		const all = (props: INodeProperties[]): INodeProperties[] =>
			props.flatMap((p) => [p, ...(Array.isArray(p.options) && p.options.every((o) => 'displayName' in o) ? all(p.options as INodeProperties[]) : [])]);
		for (const p of [...all(action.properties), ...all(trigger.properties)]) {
			if (p.type === 'boolean') expect(p.description).toMatch(/^Whether /);
			if (p.type !== 'notice') {
				for (const word of p.displayName.split(' ')) expect(word).toMatch(/^([A-Z0-9]|and$|per$|on$|of$)/);
			}
		}
	});
});

test('messages, descriptions and notices avoid "error", "problem", "failure" (n8n\'s UX guidelines)', () => {
	// Every text a user can see is a string or template literal in nodes/ or credentials/: its words,
	// without the ${…} parts. Single words are keys and identifiers ('error', './errors'), not texts.
	const sources = (dir: string): string[] =>
		readdirSync(join(REPO, dir), { withFileTypes: true }).flatMap((entry) =>
			entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
		);
	const found: string[] = [];
	for (const file of [...sources('nodes'), ...sources('credentials')]) {
		const code = readFileSync(join(REPO, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
		for (const [literal] of code.matchAll(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g)) {
			// n8n's own setting "Retry On Fail" is named as n8n names it.
			const text = literal.slice(1, -1).replace(/\$\{[^}]*\}/g, ' ').replace(/Retry On Fail/g, '');
			if (/\s/.test(text.trim()) && /\b(errors?|problems?|failures?|failed|fail|mistakes?)\b/i.test(text)) found.push(`${file}: ${text.slice(0, 80)}`);
		}
	}
	expect(found).toEqual([]);
});

describe('credential test request', () => {
	test('"Test connection" tells a good key from a bad one', async () => {
		const sandbox = await startSandbox();
		try {
			const { request } = credential.test;
			const workflow = new Workflow({ nodes: [], connections: {}, active: false, nodeTypes: { getByName: () => undefined, getByNameAndVersion: () => undefined, getKnownTypes: () => ({}) } as never });
			// n8n resolves the test request's expressions, hands baseURL and url to authenticate, and axios
			// joins what it returns (axios helpers/combineURLs). A Base URL typed with spaces and a slash works.
			const check = async (apiKey: string) => {
				const $credentials = { apiKey, baseUrl: ` ${sandbox.url}/ ` };
				const resolve = (value: string) =>
					workflow.expression.getSimpleParameterValue({ name: 'x', parameters: {} } as never, value, 'internal', { $credentials }) as string;
				const options = await credential.authenticate($credentials, { baseURL: resolve(request.baseURL as string), url: request.url as string });
				const url = `${options.baseURL!.replace(/\/+$/, '')}/${options.url.replace(/^\/+/, '')}`;
				return (await fetch(url, { method: request.method, headers: options.headers as Record<string, string> })).status;
			};
			expect(await check(API_KEY)).toBe(200);
			expect(await check('MPSER110_wrong')).toBe(401);
			expect(sandbox.requests.map((r: { path: string }) => r.path)).toEqual(['/FetchTenantsInventoryMovements', '/FetchTenantsInventoryMovements']);
		} finally {
			await sandbox.stop();
		}
	});
});

test('the canvas subtitles show labels, not stored values, for every operation and event', () => {
	const options = (properties: INodeProperties[], name: string) =>
		properties.filter((p) => p.name === name).flatMap((p) => (p.options as Array<{ name: string; value: string }>).map((o) => ({ ...o, show: p.displayOptions?.show })));
	const resources = Object.fromEntries(options(action.properties, 'resource').map((o) => [o.value, o.name]));
	const operations = Object.fromEntries(
		options(action.properties, 'operation').map((o) => {
			const resource = (o.show!.resource as string[])[0];
			return [`${resource}:${o.value}`, `${o.name}: ${resources[resource]}`];
		}),
	);
	const map = (subtitle: string | undefined, key: string) => {
		const match = /^=\{\{ (\{.*\})\[(.*)\] \}\}$/.exec(subtitle ?? '');
		expect(match?.[2]).toBe(key);
		return JSON.parse(match![1]);
	};
	expect(map(action.subtitle, '$parameter["resource"] + ":" + $parameter["operation"]')).toEqual(operations);
	const events = Object.fromEntries(options(trigger.properties, 'event').map((o) => [o.value, o.name]));
	expect(map(trigger.subtitle, '$parameter["event"]')).toEqual(events);
	// Which operations there are is the contract test's ('resources and operations').
	expect(Object.keys(operations).length).toBeGreaterThan(0);
});
