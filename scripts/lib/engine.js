'use strict';
// Runs our nodes through n8n's own engine in-process: n8n-core's
// WorkflowExecute for the action node, PollContext +
// TriggersAndPollers.runPollFunction for the trigger (as an active workflow
// runs it), with a credentials helper that applies the credential's
// credential's authenticate (function or declarative `generic` block) the
// way the n8n server does.
// Used by the jest tests (with the TypeScript sources) and the benchmark
// (with the built dist/). Nothing of ours is mocked.
const { Logger } = require('@n8n/backend-common');
const { Container } = require('@n8n/di');
const { ExecutionLifecycleHooks, PollContext, TriggersAndPollers, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, NodeHelpers, Workflow } = require('n8n-workflow');

const ACTION = 'n8n-nodes-mpservices.mpServices';
const TRIGGER = 'n8n-nodes-mpservices.mpServicesTrigger';

/** Log lines the nodes wrote through n8n's logger. */
const logs = [];
const captureLogger = {
	error: (message, meta) => logs.push({ level: 'error', message, meta }),
	warn: (message, meta) => logs.push({ level: 'warn', message, meta }),
	info: (message, meta) => logs.push({ level: 'info', message, meta }),
	debug: (message, meta) => logs.push({ level: 'debug', message, meta }),
	scoped: () => captureLogger,
};
Container.set(Logger, captureLogger);

/**
 * @param {{ MpServices: Function, MpServicesTrigger: Function, MpServicesApi: Function }} classes
 * @param {{ defaultApiKey: string }} options
 */
function createEngine(classes, { defaultApiKey }) {
	const credentialType = new classes.MpServicesApi();
	const types = { [ACTION]: new classes.MpServices(), [TRIGGER]: new classes.MpServicesTrigger() };
	const nodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};

	class CredentialsHelper extends ICredentialsHelper {
		constructor(data) {
			super();
			this.data = data;
		}
		getParentTypes() {
			return [];
		}
		isCredentialUsableByNode() {
			return true;
		}
		// As the n8n server's CredentialsHelper.authenticate: a function is called,
		// a `generic` block has each value resolved as an expression.
		async authenticate(credentials, typeName, requestOptions, workflow, node) {
			if (typeName !== credentialType.name) throw new Error(`unexpected credential type ${typeName}`);
			const { authenticate } = credentialType;
			if (typeof authenticate === 'function') return await authenticate(credentials, requestOptions);
			const resolved = { ...requestOptions };
			for (const [outerKey, values] of Object.entries(authenticate.properties)) {
				resolved[outerKey] = { ...resolved[outerKey] };
				for (const [key, value] of Object.entries(values)) {
					resolved[outerKey][key] = workflow.expression.getSimpleParameterValue(node, value, 'internal', { $credentials: credentials });
				}
			}
			return resolved;
		}
		async preAuthentication() {
			return undefined;
		}
		async runPreAuthentication() {
			return undefined;
		}
		async getCredentials() {
			throw new Error('not used');
		}
		async getDecrypted() {
			return { ...this.data };
		}
		async updateCredentials() {}
		async updateCredentialsOauthTokenData() {}
		getCredentialsProperties() {
			return credentialType.properties;
		}
	}

	function makeNode(type, parameters, extra = {}) {
		return {
			id: 'node-1',
			name: type === TRIGGER ? 'MPservices Trigger' : 'MPservices',
			type,
			typeVersion: 1,
			position: [0, 0],
			parameters,
			credentials: { mpServicesApi: { id: 'cred-1', name: 'MPservices test' } },
			...extra,
		};
	}

	function additionalData(credentials, hooks) {
		const base = 'http://127.0.0.1:5678';
		return {
			credentialsHelper: new CredentialsHelper({ apiKey: defaultApiKey, ...credentials }),
			hooks,
			variables: {},
			webhookWaitingBaseUrl: `${base}/webhook-waiting`,
			formWaitingBaseUrl: `${base}/form-waiting`,
			restApiUrl: `${base}/rest`,
			instanceBaseUrl: `${base}/`,
			webhookBaseUrl: `${base}/webhook`,
			webhookTestBaseUrl: `${base}/webhook-test`,
			userId: 'user-1',
		};
	}

	/** Executes the action node once through WorkflowExecute with the given input items. */
	async function runAction({ parameters, credentials, input, continueOnFail, mode = 'manual', cancelAfterMs }) {
		const node = makeNode(ACTION, parameters, continueOnFail ? { onError: 'continueRegularOutput' } : {});
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
		const hooks = new ExecutionLifecycleHooks(mode, 'exec-1', {
			id: 'wf-1',
			name: 'test',
			nodes: [node],
			connections: {},
			active: false,
			settings: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		});
		const done = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
		const items = (input ?? [{}]).map((json) => ({ json }));
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: [items] }, source: null }] },
		});
		const execute = new WorkflowExecute(additionalData(credentials, hooks), mode, runExecutionData);
		const running = execute.processRunExecutionData(workflow);
		// As the n8n server stops an execution: cancel the PCancelable, which aborts the execution's signal.
		const canceller = cancelAfterMs === undefined ? undefined : setTimeout(() => running.cancel(), cancelAfterMs);
		await running;
		const run = await done;
		clearTimeout(canceller);
		const taskData = run.data.resultData.runData[node.name]?.[0];
		return {
			items: taskData?.data?.main?.[0] ?? [],
			error: taskData?.error ?? run.data.resultData.error,
			executionTime: taskData?.executionTime,
			run,
		};
	}

	/** A trigger as an active workflow runs it, static data kept on the workflow between polls. */
	function createPoller({ parameters, credentials, staticData, credentialId }) {
		const node = makeNode(TRIGGER, parameters, credentialId ? { credentials: { mpServicesApi: { id: credentialId, name: credentialId } } } : {});
		const workflow = new Workflow({
			id: 'wf-trigger',
			name: 'trigger',
			nodes: [node],
			connections: {},
			active: true,
			nodeTypes,
			staticData: staticData ?? {},
			settings: { executionOrder: 'v1' },
		});
		const data = additionalData(credentials);
		const pollers = Container.get(TriggersAndPollers);
		return {
			workflow,
			node,
			/** Static data as n8n would persist it (a JSON round trip). */
			savedStaticData: () => JSON.parse(JSON.stringify(workflow.staticData)),
			nodeState: () => workflow.staticData[`node:${node.name}`]?.mpServices,
			/** Points the trigger at another credential (id), or edits the one it has (key, Base URL). */
			setCredentials({ id, ...values }) {
				if (id) node.credentials = { mpServicesApi: { id, name: id } };
				Object.assign(data.credentialsHelper.data, values);
			},
			async poll(mode = 'trigger') {
				const context = new PollContext(workflow, node, data, mode, mode === 'manual' ? 'manual' : 'activate');
				const result = await pollers.runPollFunction(workflow, node, context);
				return result?.[0] ?? [];
			},
		};
	}

	return { runAction, createPoller };
}

module.exports = { createEngine, logs };
