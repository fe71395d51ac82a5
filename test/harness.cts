/**
 * Typed access to the in-process n8n engine (scripts/lib/engine.js) with our
 * TypeScript sources, and the sandbox API on 127.0.0.1.
 */
import type { IDataObject, INode, INodeExecutionData, IRun, Workflow, WorkflowExecuteMode } from 'n8n-workflow';

import { MpServicesApi } from '../credentials/MpServicesApi.credentials';
import { MpServices } from '../nodes/MpServices/MpServices.node';
import { MpServicesTrigger } from '../nodes/MpServicesTrigger/MpServicesTrigger.node';
const engineModule = require('../scripts/lib/engine');
const { createSandbox } = require('../sandbox/server');

export const API_KEY = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.test-secret-key.Zm9v';

export type Sandbox = ReturnType<typeof createSandbox>;

/** Product → Create with every required field, for a product the sandbox does not have (SKU-9001). */
export const createProduct = (p: IDataObject = {}) => ({
	resource: 'product',
	operation: 'create',
	barCode: '7501000099999',
	productName: 'Air Filter 16x20',
	productUnit: 'Pieces',
	externalId: 'SKU-9001',
	...p,
});

/** Product → Update Stock and Cost of one of the sandbox's products (SKU-1000). */
export const updateStockCost = (p: IDataObject = {}) => ({ resource: 'product', operation: 'updateStockCost', externalId: 'SKU-1000', newStock: 40, newCost: 12.75, ...p });

export async function startSandbox(options: IDataObject = {}): Promise<Sandbox> {
	const sandbox = createSandbox({ apiKey: API_KEY, ...options });
	await sandbox.start();
	return sandbox;
}

export interface Credentials {
	apiKey?: string;
	baseUrl: string;
}

export interface RunResult {
	/** The node's output items (main output 0). */
	items: INodeExecutionData[];
	/** The node's error, when the run failed. */
	error?: Error & IDataObject;
	run: IRun;
}

export interface Poller {
	workflow: Workflow;
	node: INode;
	/** Polls run, polls that emitted, and saves n8n made (activation and emitting polls). */
	stats: { polls: number; emitting: number; saves: number };
	/** What n8n has stored: saved at activation and when a poll emits (classic engine). */
	savedStaticData(): IDataObject;
	/** What this n8n process holds in memory now. */
	staticData(): IDataObject;
	/** The same workflow in a new n8n process, started from what n8n saved. */
	restart(extra?: { parameters?: IDataObject; staticData?: IDataObject }): Poller;
	nodeState(): IDataObject | undefined;
	poll(mode?: 'trigger' | 'manual'): Promise<INodeExecutionData[]>;
	setCredentials(change: { id?: string; apiKey?: string; baseUrl?: string }): void;
}

const engine = engineModule.createEngine({ MpServices, MpServicesTrigger, MpServicesApi }, { defaultApiKey: API_KEY });

/** Log lines the nodes wrote through n8n's logger. */
export const logs: Array<{ level: string; message: string; meta?: unknown }> = engineModule.logs;

/** Executes the action node once through WorkflowExecute with the given input items. */
export const runAction: (options: {
	parameters: IDataObject;
	credentials: Credentials;
	input?: IDataObject[];
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	/** Stops the execution this many ms after it started, as the Stop button does. */
	cancelAfterMs?: number;
	/** The workflow's time zone setting (an IANA zone). */
	timezone?: string;
	/** The node's version (default 1, the only one until a default changes). */
	typeVersion?: number;
	/** The node's Settings as n8n stores them on the node (retryOnFail, maxTries, waitBetweenTries). */
	settings?: IDataObject;
	/** Requests go out without an abortSignal, as from an n8n whose helper puts none on them (scripts/lib/engine.js). */
	withoutSignal?: boolean;
}) => Promise<RunResult> = engine.runAction;

/** A resource locator's From List, as the editor asks for it (n8n-core's LoadOptionsContext). */
export const searchList: (options: {
	method: string;
	filter?: string;
	credentials: Credentials;
	typeVersion?: number;
}) => Promise<{ results: Array<{ name: string; value: string }> }> = engine.searchList;

/** n8n's HTTP Request node (V3) with the MPservices credential as a Predefined Credential Type, as it sends (scripts/lib/engine.js). */
export const runHttpRequest: (options: {
	credentials: Credentials;
	url: string;
	method?: string;
	form?: IDataObject;
	/** The node's Options → Redirects: absent ('default', followed from node version 4), 'on' or 'off'. */
	followRedirects?: 'default' | 'on' | 'off';
}) => Promise<RunResult> = engine.runHttpRequest;

/** A trigger as an active workflow runs it on n8n's classic engine (PollContext + TriggersAndPollers.runPollFunction; see scripts/lib/engine.js for when n8n saves). */
export const createPoller: (options: {
	parameters: IDataObject;
	credentials: Credentials;
	staticData?: IDataObject;
	/** The id of the credential the node uses (default cred-1). */
	credentialId?: string;
	/** The workflow's time zone setting (an IANA zone). */
	timezone?: string;
	/** 'classic' (default): n8n 1.x and 2.x; 'scheduler': n8n 2.41's poll scheduler without durable cursors. */
	engine?: 'classic' | 'scheduler';
	/** The poll budget n8n 2.41's scheduler gives each poll (getPollBudgetMs); n8n-core's default otherwise. */
	pollBudgetMs?: number;
	/** The workflow is active already (its jobs kept by the scheduler): the first poll is not an activation. */
	activated?: boolean;
	/** The node's version (default 1, the only one until a default changes). */
	typeVersion?: number;
}) => Poller = engine.createPoller;

/** A trigger as n8n 2.41's poll scheduler with durable cursors runs it (see scripts/lib/engine.js). */
export const createDurablePoller: (options: { parameters: IDataObject; credentials: Credentials }) => {
	node: INode;
	stored(): IDataObject;
	cursor(): IDataObject;
	poll(kind: 'activation' | 'scheduled'): Promise<INodeExecutionData[]>;
} = engine.createDurablePoller;

/** Test connection as the n8n server runs the credential's test (RoutingNode through n8n-core). */
export const testConnection: (credentials: Credentials) => Promise<{ status: 'OK' | 'Error'; message: string }> = engine.testConnection;

/**
 * The sandbox for a test file: started before its tests, stopped after, and
 * reset before each test (seeded data, no requests, faults, latency or logs).
 */
export function useSandbox(options: IDataObject = {}): { sandbox: Sandbox; credentials: Credentials } {
	const env = {} as { sandbox: Sandbox; credentials: Credentials };
	beforeAll(async () => {
		env.sandbox = await startSandbox(options);
		env.credentials = { baseUrl: env.sandbox.url };
	});
	afterAll(async () => await env.sandbox.stop());
	beforeEach(() => {
		env.sandbox.reset();
		env.sandbox.requests.length = 0;
		env.sandbox.faults.length = 0;
		env.sandbox.setLatency(0);
		Object.assign(env.sandbox.stats, { requests: 0, inFlight: 0, peakInFlight: 0 });
		logs.length = 0;
	});
	return env;
}

/** A tool as n8n-core hands it to an agent (a LangChain DynamicStructuredTool). */
export interface OfferedTool {
	name: string;
	description: string;
	schema: import('zod').ZodObject<import('zod').ZodRawShape>;
	metadata?: IDataObject;
}

/**
 * The action node as an AI tool through n8n-core's own code (getInputConnectionData →
 * createNodeAsTool, makeHandleToolInvocation): the tools offered, and each call's JSON output or error.
 */
export const runAsTools: (options: {
	tools: Array<{ name: string; parameters: IDataObject }>;
	calls?: Array<{ tool: string; args: IDataObject }>;
	credentials: Credentials;
	typeVersion?: number;
}) => Promise<{ tools: OfferedTool[]; results: Array<{ tool: string; output?: string; error?: Error & IDataObject }>; run: IRun }> = engine.runAsTools;
