/**
 * Runs our nodes through n8n's own engine (n8n-core's WorkflowExecute, and
 * PollContext + TriggersAndPollers for the trigger) with real credentials
 * handling, against the sandbox API on 127.0.0.1. Nothing of ours is mocked.
 */
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import {
	ExecutionLifecycleHooks,
	PollContext,
	TriggersAndPollers,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	IDataObject,
	IExecuteData,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';

import { MpServicesApi } from '../credentials/MpServicesApi.credentials';
import { MpServices } from '../nodes/MpServices/MpServices.node';
import { MpServicesTrigger } from '../nodes/MpServicesTrigger/MpServicesTrigger.node';
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createSandbox } = require('../sandbox/server');

export const API_KEY = 'MPSER110_eyJhbGciOiJIUzI1NiJ9.test-secret-key.Zm9v';
export const ACTION = 'n8n-nodes-mpservices.mpServices';
export const TRIGGER = 'n8n-nodes-mpservices.mpServicesTrigger';

export type Sandbox = ReturnType<typeof createSandbox>;

export async function startSandbox(options: IDataObject = {}): Promise<Sandbox> {
	const sandbox = createSandbox({ apiKey: API_KEY, ...options });
	await sandbox.start();
	return sandbox;
}

const credentialType = new MpServicesApi();
const nodeTypes: INodeTypes = (() => {
	const types: Record<string, INodeType | IVersionedNodeType> = {
		[ACTION]: new MpServices(),
		[TRIGGER]: new MpServicesTrigger(),
	};
	return {
		getByName: (name: string) => types[name],
		getByNameAndVersion: (name: string, version?: number) =>
			NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};
})();

/** Applies the credential's declarative `generic` authenticate block the way the n8n server does. */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		expect(typeName).toBe(credentialType.name);
		const { headers } = credentialType.authenticate.properties;
		const resolved: IDataObject = {};
		for (const [name, value] of Object.entries(headers ?? {})) {
			resolved[name] = workflow!.expression.getSimpleParameterValue(node!, value as string, 'internal', {
				$credentials: credentials,
			});
		}
		return { ...requestOptions, headers: { ...requestOptions.headers, ...resolved } };
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used');
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data };
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties() {
		return credentialType.properties;
	}
}

/** Log lines the nodes wrote through n8n's logger. */
export const logs: Array<{ level: string; message: string; meta?: unknown }> = [];
const captureLogger = {
	error: (message: string, meta?: unknown) => logs.push({ level: 'error', message, meta }),
	warn: (message: string, meta?: unknown) => logs.push({ level: 'warn', message, meta }),
	info: (message: string, meta?: unknown) => logs.push({ level: 'info', message, meta }),
	debug: (message: string, meta?: unknown) => logs.push({ level: 'debug', message, meta }),
	scoped() {
		return captureLogger;
	},
};
Container.set(Logger, captureLogger as unknown as Logger);

export interface Credentials {
	apiKey?: string;
	baseUrl: string;
}

function makeNode(type: string, parameters: IDataObject, extra: Partial<INode> = {}): INode {
	return {
		id: 'node-1',
		name: type === TRIGGER ? 'MPservices Trigger' : 'MPservices',
		type,
		typeVersion: 1,
		position: [0, 0],
		parameters: parameters as INode['parameters'],
		credentials: { mpServicesApi: { id: 'cred-1', name: 'MPservices test' } },
		...extra,
	};
}

function additionalData(credentials: Credentials, hooks?: ExecutionLifecycleHooks) {
	return {
		credentialsHelper: new TestCredentialsHelper({ apiKey: API_KEY, ...credentials }),
		hooks,
		variables: {},
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678/',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		currentNodeParameters: undefined,
		executionTimeoutTimestamp: undefined,
		userId: 'user-1',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export interface RunResult {
	/** The node's output items (main output 0). */
	items: INodeExecutionData[];
	/** The node's error, when the run failed. */
	error?: Error & IDataObject;
	run: IRun;
}

/** Executes the action node once through WorkflowExecute with the given input items. */
export async function runAction(options: {
	parameters: IDataObject;
	credentials: Credentials;
	input?: IDataObject[];
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
}): Promise<RunResult> {
	const node = makeNode(ACTION, options.parameters, options.continueOnFail ? { onError: 'continueRegularOutput' } : {});
	const workflow = new Workflow({
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes,
		staticData: {},
		settings: { executionOrder: 'v1' },
	});
	const mode = options.mode ?? 'manual';
	const hooks = new ExecutionLifecycleHooks(mode, 'exec-1', {
		id: 'wf-1',
		name: 'test',
		nodes: [node],
		connections: {},
		active: false,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		isArchived: false,
		activeVersionId: null,
	} as never);
	const done = new Promise<IRun>((resolve) => {
		hooks.addHandler('workflowExecuteAfter', (run: IRun) => resolve(run));
	});
	const input = (options.input ?? [{}]).map((json) => ({ json }));
	const executeData: IExecuteData = { node, data: { main: [input] }, source: null };
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [executeData] },
	});
	const execute = new WorkflowExecute(additionalData(options.credentials, hooks), mode, runExecutionData);
	await execute.processRunExecutionData(workflow);
	const run = await done;
	const taskData = run.data.resultData.runData[node.name]?.[0];
	return {
		items: taskData?.data?.main?.[0] ?? [],
		error: (taskData?.error ?? run.data.resultData.error) as (Error & IDataObject) | undefined,
		run,
	};
}

/**
 * A trigger as an active workflow runs it: each poll() builds a PollContext
 * and calls TriggersAndPollers.runPollFunction; static data is kept on the
 * workflow between polls (and can be saved and reloaded as n8n does).
 */
export function createPoller(options: { parameters: IDataObject; credentials: Credentials; staticData?: IDataObject }) {
	const node = makeNode(TRIGGER, options.parameters);
	const workflow = new Workflow({
		id: 'wf-trigger',
		name: 'trigger',
		nodes: [node],
		connections: {},
		active: true,
		nodeTypes,
		staticData: options.staticData ?? {},
		settings: { executionOrder: 'v1' },
	});
	const data = additionalData(options.credentials);
	const pollers = Container.get(TriggersAndPollers);
	return {
		workflow,
		node,
		/** Static data as n8n would persist it (a JSON round trip). */
		savedStaticData(): IDataObject {
			return JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		},
		nodeState(): IDataObject | undefined {
			return (workflow.staticData[`node:${node.name}`] as IDataObject | undefined)?.mpServices as IDataObject | undefined;
		},
		async poll(mode: 'trigger' | 'manual' = 'trigger'): Promise<INodeExecutionData[]> {
			const context = new PollContext(workflow, node, data, mode, mode === 'manual' ? 'manual' : 'activate');
			const result = await pollers.runPollFunction(workflow, node, context);
			return result?.[0] ?? [];
		},
	};
}
