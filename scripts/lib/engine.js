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
const { ExecuteContext, ExecutionLifecycleHooks, LoadOptionsContext, PollContext, RoutingNode, TriggersAndPollers, WorkflowExecute } = require('n8n-core');
const { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } = require('n8n-workflow');

const ACTION = 'n8n-nodes-mpservices.mpServices';
const TRIGGER = 'n8n-nodes-mpservices.mpServicesTrigger';
const HTTP_REQUEST = 'test.httpRequestAsV3';

/**
 * The request n8n's HTTP Request node (V3, node version 4.2, Authentication
 * → Predefined Credential Type) sends through the older request helper, as
 * its execute() builds it (n8n-io/n8n packages/nodes-base/nodes/HttpRequest/
 * V3/HttpRequestV3.node.ts): `uri` rather than `url`, request-library
 * redirect options (followed by default from version 4), `json: true`, and
 * `this.helpers.requestWithAuthentication.call(this, credentialType,
 * requestOptions, undefined, itemIndex)`. Only the parts that reach a
 * credential are kept; n8n-nodes-base itself is not a dependency here (the
 * real node runs in test/e2e/e2e.js).
 */
class HttpRequestAsV3 {
	constructor() {
		this.description = {
			displayName: 'HTTP Request (as V3 sends it)',
			name: HTTP_REQUEST,
			group: ['output'],
			version: 1,
			defaults: {},
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: 'mpServicesApi', required: true }],
			properties: [
				{ displayName: 'URL', name: 'url', type: 'string', default: '' },
				{ displayName: 'Method', name: 'method', type: 'string', default: 'GET' },
				{ displayName: 'Form', name: 'form', type: 'json', default: '' },
				// 'default' (redirect option absent: followed from version 4), 'on' or 'off'.
				{ displayName: 'Follow Redirects', name: 'followRedirects', type: 'string', default: 'default' },
			],
		};
	}
	async execute() {
		const items = this.getInputData();
		const out = [];
		for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
			const url = this.getNodeParameter('url', itemIndex);
			const method = this.getNodeParameter('method', itemIndex);
			const form = this.getNodeParameter('form', itemIndex);
			const followRedirects = this.getNodeParameter('followRedirects', itemIndex);
			const requestOptions = { headers: {}, method, uri: url, gzip: true, rejectUnauthorized: true, followRedirect: false, resolveWithFullResponse: true };
			if (method !== 'GET') requestOptions.followAllRedirects = false;
			const defaultRedirect = followRedirects === 'default';
			if (followRedirects === 'on' || defaultRedirect) {
				requestOptions.followRedirect = true;
				requestOptions.followAllRedirects = true;
			}
			if (form) requestOptions.form = typeof form === 'string' ? JSON.parse(form) : form;
			requestOptions.timeout = 300_000;
			requestOptions.json = true;
			requestOptions.headers.accept = 'application/json,text/*;q=0.99';
			const response = await this.helpers.requestWithAuthentication.call(this, 'mpServicesApi', requestOptions, undefined, itemIndex);
			out.push({ json: { statusCode: response.statusCode, body: response.body }, pairedItem: { item: itemIndex } });
		}
		return [out];
	}
}

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
 * @param {{ defaultApiKey: string, extraTypes?: Record<string, object> }} options `extraTypes`: more node
 *   types by name, run with `runAction({ type })` (the benchmark's thin node; the tests add none)
 */
function createEngine(classes, { defaultApiKey, extraTypes = {} }) {
	const credentialType = new classes.MpServicesApi();
	const types = { [ACTION]: new classes.MpServices(), [TRIGGER]: new classes.MpServicesTrigger(), [HTTP_REQUEST]: new HttpRequestAsV3(), ...extraTypes };
	const nodeTypes = {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};

	class CredentialsHelper extends ICredentialsHelper {
		/** `withoutSignal`: the request goes out with no abortSignal, as from an n8n whose helper puts none on it. */
		constructor(data, { withoutSignal = false } = {}) {
			super();
			this.data = data;
			this.withoutSignal = withoutSignal;
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
			if (this.withoutSignal) delete requestOptions.abortSignal;
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

	function additionalData(credentials, hooks, helperOptions) {
		const base = 'http://127.0.0.1:5678';
		return {
			credentialsHelper: new CredentialsHelper({ apiKey: defaultApiKey, ...credentials }, helperOptions),
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
	async function runAction({ parameters, credentials, input, continueOnFail, mode = 'manual', cancelAfterMs, timezone, type = ACTION, typeVersion = 1, settings = {}, withoutSignal }) {
		const node = makeNode(type, parameters, { typeVersion, ...(continueOnFail ? { onError: 'continueRegularOutput' } : {}), ...settings });
		const workflow = new Workflow({
			id: 'wf-1',
			name: 'test',
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes,
			staticData: {},
			settings: { executionOrder: 'v1', ...(timezone ? { timezone } : {}) },
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
		const execute = new WorkflowExecute(additionalData(credentials, hooks, { withoutSignal }), mode, runExecutionData);
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

	/**
	 * A trigger as an active workflow runs it on n8n's classic engine (1.x,
	 * and 2.x without durable cursors), in one n8n process: the node's static
	 * data lives on the Workflow object between polls, and n8n saves it to
	 * the database only
	 * - after the activation poll: ActiveWorkflowManager.add() awaits
	 *   addTriggersAndPollers() (n8n-core ActiveWorkflows.activatePolling runs
	 *   the first poll at once, `await executeTrigger(true)`) and then calls
	 *   workflowStaticDataService.saveStaticData(workflow); a start-up of n8n
	 *   activates every active workflow the same way (activation mode 'init');
	 * - when a poll emits: n8n-core ActiveWorkflows.createPollExecuteFn calls
	 *   `pollFunctions.__emit(pollResponse)` only `if (pollResponse !== null)`,
	 *   and ActiveWorkflowManager.getExecutePollFunctions' __emit starts with
	 *   `void this.workflowStaticDataService.saveStaticData(workflow)`.
	 * A poll that emits nothing (or fails) changes memory only; nothing saves
	 * on shutdown (removeAllTriggerAndPollerBasedWorkflows only deregisters).
	 * (Read in n8n 2.8.4: cli/dist/active-workflow-manager.js,
	 * core/dist/execution-engine/active-workflows.js.)
	 * `savedStaticData()` is what n8n has stored; `restart()` is the same
	 * workflow in a new n8n process, started from it. `engine: 'scheduler'`
	 * is n8n 2.41's poll scheduler without durable cursors: the same saving
	 * rule, but every scheduled poll starts from what n8n stored.
	 */
	function createPoller({ parameters, credentials, staticData, credentialId, timezone, engine = 'classic', typeVersion = 1, activated: alreadyActivated = false, pollBudgetMs }) {
		const node = makeNode(TRIGGER, parameters, { typeVersion, ...(credentialId ? { credentials: { mpServicesApi: { id: credentialId, name: credentialId } } } : {}) });
		const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));
		let saved = clone(staticData);
		const workflowFrom = (data) =>
			new Workflow({
				id: 'wf-trigger',
				name: 'trigger',
				nodes: [node],
				connections: {},
				active: true,
				nodeTypes,
				staticData: clone(data),
				settings: { executionOrder: 'v1', ...(timezone ? { timezone } : {}) },
			});
		let workflow = workflowFrom(saved);
		const data = additionalData(credentials);
		const pollers = Container.get(TriggersAndPollers);
		let activated = alreadyActivated;
		const stats = { polls: 0, emitting: 0, saves: 0 };
		return {
			get workflow() {
				return workflow;
			},
			node,
			stats,
			/** Static data as n8n has stored it: at activation and at the last poll that emitted. */
			savedStaticData: () => clone(saved),
			/** Static data as it is in this process's memory now. */
			staticData: () => clone(workflow.staticData),
			nodeState: () => workflow.staticData[`node:${node.name}`]?.mpServices,
			/** Points the trigger at another credential (id), or edits the one it has (key, Base URL). */
			setCredentials({ id, ...values }) {
				if (id) node.credentials = { mpServicesApi: { id, name: id } };
				Object.assign(data.credentialsHelper.data, values);
			},
			/**
			 * The same workflow after n8n restarted: a new process that starts from what n8n saved.
			 * The classic engine activates every active workflow at start-up (an activation poll, then
			 * saveStaticData); 2.41's scheduler keeps its jobs in the database and runs no activation
			 * poll for them (PollTriggerJobRegistrar.register inserts nothing).
			 */
			restart(extra = {}) {
				return createPoller({ parameters: node.parameters, credentials: { ...data.credentialsHelper.data }, staticData: saved, credentialId: node.credentials.mpServicesApi.id, timezone, engine, typeVersion, activated: engine === 'scheduler', ...extra });
			},
			async poll(mode = 'trigger') {
				const isActivation = mode === 'trigger' && !activated;
				// n8n 2.41's poll scheduler (without durable cursors) builds each scheduled poll's
				// Workflow from the database: TriggerExecutionContextFactory.createPollExecutionContext
				// passes `staticData: workflowData.staticData` (n8n/dist/workflows/triggers/).
				if (engine === 'scheduler' && mode === 'trigger' && !isActivation) workflow = workflowFrom(saved);
				const activation = mode === 'manual' ? 'manual' : isActivation ? 'activate' : 'update';
				// n8n-core's PollContext takes the poll budget last (5 minutes unless the scheduler sets one).
				const budget = pollBudgetMs === undefined ? [] : [undefined, undefined, undefined, undefined, undefined, () => pollBudgetMs];
				const context = new PollContext(workflow, node, data, mode, activation, ...budget);
				const result = await pollers.runPollFunction(workflow, node, context);
				if (mode === 'trigger') {
					stats.polls++;
					activated = true;
					const emitted = result !== null && result !== undefined;
					if (emitted) stats.emitting++;
					if (emitted || isActivation) {
						saved = clone(workflow.staticData);
						stats.saves++;
					}
				}
				return result?.[0] ?? [];
			},
		};
	}

	/**
	 * A trigger as n8n 2.41's poll scheduler runs it with durable cursors
	 * (n8n/dist/workflows/triggers/trigger-execution-context.factory.js and
	 * poll-cursor.service.js, n8n-core's poll-trigger-executor.js): the node's
	 * static data is a copy of a cursor row (created from the node's static
	 * data the first time), and the workflow's static data is what n8n stored.
	 * - `poll('activation')` is the activation poll: activation mode
	 *   'activate', its cursor copy is discarded unless it emits, and the
	 *   workflow's static data (global included) is saved afterwards;
	 * - `poll('scheduled')` is a scheduled poll: a Workflow built from the
	 *   stored static data, activation mode 'update'; the cursor copy is
	 *   committed, and the workflow's static data is saved only when it emits.
	 */
	function createDurablePoller({ parameters, credentials }) {
		const node = makeNode(TRIGGER, parameters);
		const data = additionalData(credentials);
		const pollers = Container.get(TriggersAndPollers);
		let stored = {};
		let cursor;
		const clone = (value) => JSON.parse(JSON.stringify(value ?? {}));
		const workflowFrom = (staticData) =>
			new Workflow({ id: 'wf-durable', name: 'durable', nodes: [node], connections: {}, active: true, nodeTypes, staticData, settings: { executionOrder: 'v1' } });
		return {
			node,
			stored: () => clone(stored),
			cursor: () => clone(cursor),
			async poll(kind) {
				const workflow = workflowFrom(clone(stored));
				if (cursor === undefined) cursor = clone(workflow.getStaticData('node', node));
				const snapshot = clone(cursor);
				const activation = kind === 'activation' ? 'activate' : 'update';
				const context = new PollContext(workflow, node, data, 'trigger', activation, undefined, undefined, async () => {}, async (poll) => await poll(), () => snapshot);
				const result = await pollers.runPollFunction(workflow, node, context);
				const emitted = result !== null && result !== undefined;
				if (emitted || kind === 'scheduled') cursor = snapshot;
				if (emitted || kind === 'activation') stored = clone(workflow.staticData);
				return result?.[0] ?? [];
			},
		};
	}

	/**
	 * Test connection, as the n8n server runs a credential's declarative test
	 * (n8n 2.41 services/credentials-tester.service.js): the test request as
	 * the routing of a temporary node, run by n8n-core's RoutingNode through
	 * httpRequestWithAuthentication; a failed request is matched against the
	 * test's responseCode rules, then reported by status or error text.
	 */
	async function testConnection(credentials) {
		const { test } = credentialType;
		const node = {
			id: 'temp',
			name: 'Temp-Node',
			type: 'n8n-nodes-base.noOp',
			typeVersion: 1,
			position: [0, 0],
			parameters: {},
			credentials: { [credentialType.name]: { id: 'cred-1', name: 'MPservices test' } },
		};
		const nodeType = {
			description: {
				name: 'n8n-nodes-base.noOp',
				displayName: 'No Operation',
				version: 1,
				defaults: {},
				inputs: ['main'],
				outputs: ['main'],
				credentials: [{ name: credentialType.name, required: true }],
				properties: [{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: { ...test.request } }, default: '' }],
			},
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
		});
		const data = additionalData(credentials);
		const context = new ExecuteContext(workflow, node, data, 'internal', createRunExecutionData(), 0, [], { main: [[{ json: {} }]] }, { node, data: {}, source: null }, []);
		const decrypted = { id: 'cred-1', name: 'MPservices test', type: credentialType.name, data: { apiKey: defaultApiKey, ...credentials } };
		try {
			await new RoutingNode(context, nodeType, decrypted).runNode();
		} catch (error) {
			const response = error.cause?.response;
			if (response) {
				const rule = (test.rules ?? []).find((r) => r.type === 'responseCode' && r.properties.value === response.status);
				if (rule) return { status: 'Error', message: rule.properties.message };
				if (response.status < 199 || response.status > 299) return { status: 'Error', message: response.statusText || `Received HTTP status code: ${response.status}` };
			} else if (error.cause?.code) {
				return { status: 'Error', message: error.cause.code };
			}
			return { status: 'Error', message: String(error.message) };
		}
		return { status: 'OK', message: 'Connection successful!' };
	}

	/**
	 * A resource locator's From List, as the editor asks for it: the n8n server's
	 * DynamicNodeParametersService.getResourceLocatorResults calls the node's
	 * listSearch method with a LoadOptionsContext (n8n-core) and the search text.
	 */
	async function searchList({ method, filter, credentials, parameters = {}, typeVersion = 1 }) {
		const node = makeNode(ACTION, parameters, { typeVersion });
		const workflow = new Workflow({ id: 'wf-list', name: 'list', nodes: [node], connections: {}, active: false, nodeTypes, staticData: {}, settings: { executionOrder: 'v1' } });
		const context = new LoadOptionsContext(workflow, node, additionalData(credentials), 'parameters');
		return await types[ACTION].methods.listSearch[method].call(context, filter);
	}

	/** n8n's HTTP Request node with this credential, as it sends (see HttpRequestAsV3). */
	const runHttpRequest = ({ credentials, ...parameters }) => runAction({ parameters, credentials, type: HTTP_REQUEST });

	/**
	 * The action node as an AI tool, through n8n-core's own code: tool nodes connected as
	 * `ai_tool` to a host node (an agent's stand-in) whose execute asks n8n-core for its tools
	 * (getInputConnectionData → createNodeAsTool: name, description and $fromAI schema, as an
	 * AI Agent or the MCP Server Trigger gets them) and calls each with the model's arguments
	 * (makeHandleToolInvocation: our node runs with them as input; its items come back as JSON).
	 * The tool variant is our node with outputs [ai_tool], which is what makes n8n-core wrap it;
	 * n8n's CLI builds the real variant (n8n/dist/tool-generation/ai-tools.js), and
	 * test/e2e/ai.js checks it in the real n8n.
	 * @param {{ tools: Array<{ name: string, parameters: object }>, calls?: Array<{ tool: string, args: object }>, credentials: object }} options
	 */
	async function runAsTools({ tools, calls = [], credentials, typeVersion = 1 }) {
		const action = types[ACTION];
		const toolType = {
			description: { ...action.description, name: 'mpServicesTool', displayName: `${action.description.displayName} Tool`, inputs: [], outputs: [NodeConnectionTypes.AiTool] },
			execute: action.execute,
		};
		const seen = { tools: [], results: [] };
		const hostType = {
			description: {
				name: 'toolHost',
				displayName: 'Tool Host',
				group: ['transform'],
				version: 1,
				defaults: { name: 'Tool Host' },
				inputs: [NodeConnectionTypes.Main, { type: NodeConnectionTypes.AiTool, displayName: 'Tools' }],
				outputs: [NodeConnectionTypes.Main],
				properties: [],
			},
			async execute() {
				const offered = await this.getInputConnectionData(NodeConnectionTypes.AiTool, 0);
				seen.tools.push(...offered);
				for (const call of calls) {
					const tool = offered.find((t) => t.name === call.tool);
					try {
						seen.results.push({ tool: call.tool, output: await tool.invoke(call.args) });
					} catch (error) {
						seen.results.push({ tool: call.tool, error });
					}
				}
				return [[{ json: {} }]];
			},
		};
		const hostTypes = {
			getByName: (name) => (name === 'test.toolHost' ? hostType : name === `${ACTION}Tool` ? toolType : types[name]),
			getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(hostTypes.getByName(name), version),
			getKnownTypes: () => ({}),
		};
		const host = { id: 'host', name: 'Tool Host', type: 'test.toolHost', typeVersion: 1, position: [0, 0], parameters: {} };
		const toolNodes = tools.map(({ name, parameters }, index) => ({ ...makeNode(`${ACTION}Tool`, parameters, { typeVersion }), id: `tool-${index}`, name }));
		const connections = Object.fromEntries(toolNodes.map((node) => [node.name, { ai_tool: [[{ node: host.name, type: NodeConnectionTypes.AiTool, index: 0 }]] }]));
		const workflow = new Workflow({ id: 'wf-tools', name: 'tools', nodes: [host, ...toolNodes], connections, active: false, nodeTypes: hostTypes, staticData: {}, settings: { executionOrder: 'v1' } });
		const hooks = new ExecutionLifecycleHooks('manual', 'exec-tools', { id: 'wf-tools', name: 'tools', nodes: [host, ...toolNodes], connections, active: false, settings: {}, createdAt: new Date(), updatedAt: new Date() });
		const done = new Promise((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
		const runExecutionData = createRunExecutionData({ executionData: { nodeExecutionStack: [{ node: host, data: { main: [[{ json: {} }]] }, source: null }] } });
		await new WorkflowExecute(additionalData(credentials, hooks), 'manual', runExecutionData).processRunExecutionData(workflow);
		const run = await done;
		const error = run.data.resultData.error;
		if (error) throw error;
		return { ...seen, run };
	}

	return { runAction, runHttpRequest, createPoller, createDurablePoller, testConnection, runAsTools, searchList };
}

module.exports = { createEngine, logs };
