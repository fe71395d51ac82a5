#!/usr/bin/env node
'use strict';
// `npm run test:ai`: the action node as an AI tool in the real n8n (pinned,
// see scripts/lib/n8n.js), the two ways people use it, with our packed
// package installed as a community package and the sandbox API:
// 1. n8n's AI Agent with n8n's OpenAI Chat Model pointed at a scripted model
//    (lib/scripted-model.js), run with `n8n execute`: the model receives the
//    tool definitions, calls Work Order → Get Many and Product → Update Stock
//    and Cost, reads their results and answers.
// 2. n8n's MCP Server Trigger, activated in the running n8n, with the official
//    MCP SDK client: tools listed, both called.
// Each checks the tools' names, descriptions and $fromAI schema, the requests
// the sandbox received, the answers, and that no piece of the API key reaches
// the model, the MCP client, the executions or n8n's log. Every process it
// starts is stopped by its own pid, also on failure.
//
// What it relies on in n8n (2.8.4, read in ~/.cache/n8n-nodes-mpservices/n8n-2.8.4/node_modules):
// - the tool variant "MPservices Tool" (`mpServicesTool`): n8n/dist/tool-generation/ai-tools.js
//   (createAiTools: the description with usableAsTool.replacements; convertNodeToAiTool adds
//   Tool Description, prefilled with that description, and outputs ai_tool);
// - a tool's name, description and schema: n8n-core's create-node-as-tool.js (name =
//   nodeNameToToolName(node): the node's name with runs of other characters than [a-zA-Z0-9_-]
//   turned into "_"; description = NodeHelpers.getToolDescriptionForNode: "<operation's action>
//   in <defaults.name>" when set automatically; schema = z.object of generateZodSchema of every
//   $fromAI(key, description, type), all required);
// - the AI Agent 3.1 asks the engine to run the tools it is told to call (engine requests:
//   @n8n/n8n-nodes-langchain/dist/nodes/agents/Agent/agents/ToolsAgent/V3, n8n-core's
//   execution-engine/requests-response.js), so each tool node runs as a node of the workflow;
// - the OpenAI Chat Model 1.3 takes its Base URL from the credential's `url`
//   (LmChatOpenAi.node.js, supplyData: configuration.baseURL = credentials.url) and uses Chat
//   Completions unless `responsesApiEnabled`;
// - the MCP Server Trigger 2 serves SSE (GET) and Streamable HTTP (POST) on one path
//   (McpTrigger.node.js: webhooks without the /sse and /messages suffixes from version 2),
//   under the `mcp` endpoint (@n8n/config endpoints.config.js, N8N_ENDPOINT_MCP); tools are
//   listed with zodToJsonSchema(tool.schema) and a call's result is JSON text
//   (McpTrigger/McpServer.js, protocol/MessageFormatter.js).
const assert = require('assert/strict');
const fs = require('fs');
const path = require('path');

const { Client } = require('@modelcontextprotocol/sdk/client/index.js');
const { simplifyWorkOrder } = require('../../dist/nodes/shared/kinds/workOrder');
const { StreamableHTTPClientTransport } = require('@modelcontextprotocol/sdk/client/streamableHttp.js');

const lib = require('../../scripts/lib/n8n');
const { AI_TOOLS } = require('../../scripts/lib/workflows');
const { createChecks } = require('./lib/checks');
const { createScriptedModel } = require('./lib/scripted-model');
const { API_KEY, createCleanups, prepareStack } = require('./lib/stack');
const { TOOL_DESCRIPTION } = require('../../dist/nodes/MpServices/MpServices.node');

const N8N_PORT = Number(process.env.AI_N8N_PORT || 5718);
const BASE = `http://127.0.0.1:${N8N_PORT}`;
const OWNER = { email: 'owner@example.com', firstName: 'Maria', lastName: 'Tester', password: 'Sandbox-Passw0rd!' };
const MODEL_KEY = 'sk-scripted-model-local-only';
const MCP_PATH = 'mpservices-mcp';
const SANDBOX_CREDENTIAL = { mpServicesApi: { id: 'mpservicesSandbox1', name: 'MPservices sandbox' } };

/** The two tool nodes, as a user sets them up: the model fills the parameters with $fromAI. */
function toolNodes(prefix) {
	return [
		{ id: `${prefix}-get`, ...AI_TOOLS.getWorkOrders, position: [400, 300] },
		{ id: `${prefix}-update`, ...AI_TOOLS.updateStockAndCost, position: [600, 300] },
	].map((tool) => ({ ...tool, type: 'n8n-nodes-mpservices.mpServicesTool', typeVersion: 1, credentials: SANDBOX_CREDENTIAL }));
}
const toolConnections = (target) =>
	Object.fromEntries(toolNodes('').map(({ name }) => [name, { ai_tool: [[{ node: target, type: 'ai_tool', index: 0 }]] }]));

const PROMPT = 'Which work orders are open? Then set the stock of SKU-1000 to 40 at a cost of 12.75.';
const agentWorkflow = {
	id: 'aiAgentTools1',
	name: 'AI Agent with MPservices tools',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{ id: 'agent-start', name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'agent-agent',
			name: 'AI Agent',
			type: '@n8n/n8n-nodes-langchain.agent',
			typeVersion: 3.1,
			position: [220, 0],
			parameters: { promptType: 'define', text: PROMPT, options: {} },
		},
		{
			id: 'agent-model',
			name: 'OpenAI Chat Model',
			type: '@n8n/n8n-nodes-langchain.lmChatOpenAi',
			typeVersion: 1.3,
			position: [200, 300],
			parameters: { model: { __rl: true, mode: 'list', value: 'gpt-4.1-mini' }, responsesApiEnabled: false, options: {} },
			credentials: { openAiApi: { id: 'scriptedModel1', name: 'Scripted model' } },
		},
		...toolNodes('agent'),
	],
	connections: {
		Start: { main: [[{ node: 'AI Agent', type: 'main', index: 0 }]] },
		'OpenAI Chat Model': { ai_languageModel: [[{ node: 'AI Agent', type: 'ai_languageModel', index: 0 }]] },
		...toolConnections('AI Agent'),
	},
};
const mcpWorkflow = {
	id: 'aiMcpTools1',
	name: 'MCP server with MPservices tools',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'mcp-trigger',
			name: 'MCP Server Trigger',
			type: '@n8n/n8n-nodes-langchain.mcpTrigger',
			typeVersion: 2,
			position: [0, 0],
			webhookId: '5b0f3c1e-6a52-4d8e-9f7a-3c2d1e0f9a8b',
			parameters: { authentication: 'none', path: MCP_PATH },
		},
		...toolNodes('mcp'),
		{
			// Tool Description switched to Set Manually and kept as n8n prefills it.
			id: 'mcp-manual',
			name: 'MPservices',
			type: 'n8n-nodes-mpservices.mpServicesTool',
			typeVersion: 1,
			position: [800, 300],
			parameters: { descriptionType: 'manual', toolDescription: TOOL_DESCRIPTION, resource: 'workOrder', operation: 'getAll', limit: 5 },
			credentials: SANDBOX_CREDENTIAL,
		},
	],
	connections: { ...toolConnections('MCP Server Trigger'), MPservices: { ai_tool: [[{ node: 'MCP Server Trigger', type: 'ai_tool', index: 0 }]] } },
};

/** What the model and the MCP client must be told of each tool. */
const EXPECTED_TOOLS = {
	Get_Work_Orders: {
		description: 'Get many work orders created in the last two days in MPservices',
		properties: {
			limit: { type: 'number', description: 'How many work orders to return at most' },
			status: { type: 'string', description: 'Which work orders: any, open or closed' },
		},
	},
	Update_Stock_and_Cost: {
		description: 'Update product stock and cost in MPservices',
		properties: {
			externalId: { type: 'string', description: 'The external ID of the product, such as SKU-1000' },
			newStock: { type: 'number', description: 'The units in stock from now on' },
			newCost: { type: 'number', description: 'The unit cost from now on' },
		},
	},
};

/** Every run of 12 characters of the API key: none may appear anywhere the key must not go. */
const KEY_PIECES = Array.from({ length: API_KEY.length - 11 }, (_, i) => API_KEY.slice(i, i + 12));
const keyPiecesIn = (text) => KEY_PIECES.filter((piece) => text.includes(piece));

/** The open work orders of the sandbox's window, newest first: what Get Many with status open returns. */
function openWorkOrders(sandbox, limit) {
	const since = sandbox.now() - 2 * 86400_000;
	// A tool answers with Output's default, Simplified: the node's own simplification, from the build.
	return sandbox.state.workOrders
		.filter((r) => r.open && Date.parse(r.createdAt) >= since)
		.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
		.slice(0, limit)
		.map((record) => JSON.parse(JSON.stringify(simplifyWorkOrder(record))));
}

/** A tool list reduced to what is checked: name → description, properties, required. */
const toolShapes = (tools) =>
	Object.fromEntries(
		tools.map(({ name, description, schema }) => [name, { description, properties: schema.properties, required: [...(schema.required ?? [])].sort() }]),
	);
const expectedShapes = () =>
	Object.fromEntries(Object.entries(EXPECTED_TOOLS).map(([name, t]) => [name, { ...t, required: Object.keys(t.properties).sort() }]));

/**
 * The run `n8n execute --rawOutput` prints at debug level: there n8n's logger (a development
 * console format, @n8n/backend-common logging/logger.js) prefixes it with a time and "info" and
 * colours it; without the prefix it is the JSON lib.parseRawOutput reads.
 */
function parseDebugRun(output) {
	// The ANSI colour codes of n8n's log (ESC [ … m).
	const colours = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');
	const plain = output.replace(colours, '').replace(/^[\d:.]+\s+info\s+\{$/m, '{');
	return lib.parseRawOutput(plain);
}

const { check, summary } = createChecks();

async function main() {
	const started = Date.now();
	const cleanups = createCleanups();
	const cleanup = cleanups.cleanup;
	const timings = {};
	try {
		// The openai SDK inside n8n reads OPENAI_* variables (OPENAI_LOG, OPENAI_BASE_URL): none reach n8n.
		for (const name of Object.keys(process.env)) if (name.startsWith('OPENAI_')) delete process.env[name];
		const stack = await prepareStack({ name: 'ai', port: N8N_PORT, cleanups });
		const { sandbox, runtime, userFolder, env } = stack;

		// ---- 1. The AI Agent with a scripted model ----
		const agentWork = { getMany: { limit: 3, status: 'open' }, update: { externalId: 'SKU-1000', newStock: 40, newCost: 12.75 } };
		const model = createScriptedModel(
			(body) => {
				const results = (body.messages ?? []).filter((m) => m.role === 'tool');
				if (results.length === 0) {
					// A model picks its tools by what they say they do.
					const named = (start) => body.tools?.find((t) => t.function.description.startsWith(start))?.function.name ?? `no tool described "${start}…"`;
					return {
						toolCalls: [
							{ name: named('Get many work orders'), args: agentWork.getMany },
							{ name: named('Update product stock and cost'), args: agentWork.update },
						],
					};
				}
				// The answer is made of what the tools returned.
				const calls = body.messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls) || []);
				const resultOf = (start) => {
					const call = calls.find((c) => c.function.name === body.tools.find((t) => t.function.description.startsWith(start))?.function.name);
					return JSON.parse(results.find((m) => m.tool_call_id === call?.id)?.content ?? 'null');
				};
				const orders = resultOf('Get many work orders');
				const update = resultOf('Update product stock and cost');
				return { content: `Open work orders: ${orders.map((o) => `#${o.folio} ${o.title}`).join('; ')}. SKU-1000: ${update[0].message}, ${update[0].product.product_stock} in stock.` };
			},
			{ apiKey: MODEL_KEY },
		);
		const modelUrl = await model.start();
		cleanups.add(() => model.stop());
		lib.log(`scripted model on ${modelUrl}`);
		await lib.importCredential(
			env,
			{ id: 'scriptedModel1', name: 'Scripted model', type: 'openAiApi', data: { apiKey: MODEL_KEY, url: modelUrl, header: false } },
			path.join(userFolder, 'model-credential.json'),
			runtime,
		);
		await lib.importWorkflows(env, [agentWorkflow, mcpWorkflow], path.join(userFolder, 'ai-workflows'), runtime);

		const expectedOrders = openWorkOrders(sandbox, agentWork.getMany.limit);
		sandbox.requests.length = 0;
		const agentStarted = Date.now();
		// Debug logging: the leak check reads everything n8n writes.
		const agentOutput = await lib.n8nCli(['execute', `--id=${agentWorkflow.id}`, '--rawOutput'], { ...env, N8N_LOG_LEVEL: 'debug' }, runtime).catch((error) => error.output ?? error.message);
		timings.agentMs = Date.now() - agentStarted;
		let run;
		check('the AI Agent workflow ran to the end', () => {
			run = parseDebugRun(agentOutput);
			assert.equal(run.status, 'success', JSON.stringify(run.data.resultData.error ?? run, null, 2).slice(0, 2000));
		});
		if (process.env.KEEP_USER_FOLDER) {
			// For reading a failure: what the model received, and everything n8n execute printed.
			fs.writeFileSync(path.join(userFolder, 'model-requests.json'), JSON.stringify(model.requests, null, 2));
			fs.writeFileSync(path.join(userFolder, 'agent-execute.log'), agentOutput);
		}
		const [asked, followUp] = model.requests;
		check('the model was asked twice: once with the question, once with the tool results', () => {
			assert.equal(model.requests.length, 2, JSON.stringify(model.requests.map((r) => r.body?.messages?.map((m) => m.role))));
			assert.equal(asked.body.stream, false);
			assert.ok(asked.body.messages.some((m) => m.role === 'user' && m.content === PROMPT), JSON.stringify(asked.body.messages));
		});
		const offered = (asked?.body.tools ?? []).map((t) => ({ name: t.function.name, description: t.function.description, schema: t.function.parameters }));
		lib.log(`the model was offered: ${JSON.stringify(offered)}`);
		check("the model was offered both tools, named after their nodes and described by the operation's action", () => {
			assert.deepEqual(
				Object.fromEntries(offered.map((t) => [t.name, t.description])),
				Object.fromEntries(Object.entries(EXPECTED_TOOLS).map(([name, t]) => [name, t.description])),
			);
		});
		check('each tool\'s parameters are its $fromAI() arguments: name, type and description, all required', () => {
			assert.deepEqual(toolShapes(offered), expectedShapes());
			for (const tool of offered) assert.equal(tool.schema.type, 'object');
		});
		check('the sandbox received the Get Many (GET, with the key) and the Update Stock and Cost (PATCH, form-encoded) the model asked for', () => {
			assert.deepEqual(
				sandbox.requests.map((r) => [r.method, r.path]).sort(),
				[
					['GET', '/FetchTenantsWorkOrders'],
					['PATCH', '/UpdateProductStockCost'],
				],
			);
			for (const request of sandbox.requests) assert.equal(request.headers.token, API_KEY);
			const patch = sandbox.requests.find((r) => r.method === 'PATCH');
			assert.equal(patch.headers['content-type'], 'application/x-www-form-urlencoded');
			assert.equal(patch.body, 'external_id=SKU-1000&new_stock=40&new_cost=12.75');
			assert.equal(sandbox.state.products.get('SKU-1000').product_stock, '40');
		});
		check("the tool results the model read are the sandbox's data: the open work orders, newest first, and the updated product", () => {
			const calls = followUp.body.messages.flatMap((m) => (m.role === 'assistant' && m.tool_calls) || []);
			const contentFor = (name) => JSON.parse(followUp.body.messages.find((m) => m.role === 'tool' && m.tool_call_id === calls.find((c) => c.function.name === name)?.id)?.content ?? 'null');
			assert.equal(expectedOrders.length, 3, 'the sandbox has at least three open work orders in its window');
			assert.deepEqual(contentFor('Get_Work_Orders'), expectedOrders);
			assert.deepEqual(contentFor('Update_Stock_and_Cost'), [{ message: 'Stock and cost updated', product: sandbox.state.products.get('SKU-1000') }]);
		});
		check("the agent's output is the model's final answer, made of the tool results", () => {
			const output = run.data.resultData.runData['AI Agent'].at(-1).data.main[0][0].json.output;
			assert.equal(output, `Open work orders: ${expectedOrders.map((o) => `#${o.folio} ${o.title}`).join('; ')}. SKU-1000: Stock and cost updated, 40 in stock.`);
		});
		check('each tool ran as a node of the workflow, once, with the arguments the model gave', () => {
			for (const [name, args] of [['Get Work Orders', agentWork.getMany], ['Update Stock and Cost', agentWork.update]]) {
				const runs = run.data.resultData.runData[name];
				assert.equal(runs?.length, 1, `${name}: ${JSON.stringify(runs)?.slice(0, 500)}`);
				assert.deepEqual(runs[0].inputOverride.ai_tool[0][0].json, args);
			}
		});
		check('no piece of the API key (12 characters or more) in what the model received, the execution or n8n\'s log', () => {
			// The search finds the key where it belongs: in the headers the sandbox received.
			assert.equal(keyPiecesIn(JSON.stringify(sandbox.requests)).length, KEY_PIECES.length);
			assert.deepEqual(keyPiecesIn(JSON.stringify(model.requests)), [], 'in what the model received');
			assert.deepEqual(keyPiecesIn(agentOutput), [], "in n8n execute's output (the log and the run)");
			assert.match(agentOutput, /debug/, 'the log was at debug level');
		});

		// ---- 2. The MCP Server Trigger with the MCP SDK client ----
		const n8n = await stack.start({ envOverrides: { N8N_LOG_LEVEL: 'debug' } });
		const cookie = await lib.setupOwner(BASE, OWNER);
		const types = await (await fetch(`${BASE}/types/nodes.json`, { headers: { cookie } })).json();
		const toolType = types.find((t) => t.name === 'n8n-nodes-mpservices.mpServicesTool');
		check('n8n made the "MPservices Tool" variant: an ai_tool output, Tool Description set automatically or prefilled with the whole picture', () => {
			assert.ok(toolType, 'mpServicesTool not loaded');
			assert.equal(toolType.displayName, 'MPservices Tool');
			assert.deepEqual(toolType.outputs, ['ai_tool']);
			const descriptionType = toolType.properties.find((p) => p.name === 'descriptionType');
			assert.equal(descriptionType?.default, 'auto');
			const toolDescription = toolType.properties.find((p) => p.name === 'toolDescription');
			assert.equal(toolDescription?.default, TOOL_DESCRIPTION);
			assert.deepEqual(toolDescription.displayOptions, { show: { descriptionType: ['manual'] } });
			// The regular node keeps its own description in the nodes panel.
			assert.equal(types.find((t) => t.name === 'n8n-nodes-mpservices.mpServices')?.description, 'Read work orders and inventory movements from MPservices, and create products or update their stock and cost');
		});
		const apiKey = await lib.createApiKey(BASE, cookie);
		await lib.activateWorkflow(BASE, apiKey, mcpWorkflow.id);
		const mcpStarted = Date.now();
		const client = new Client({ name: 'mpservices-ai-test', version: '1.0.0' });
		const transport = new StreamableHTTPClientTransport(new URL(`${BASE}/mcp/${MCP_PATH}`));
		await client.connect(transport);
		cleanups.add(() => client.close());
		const listed = await client.listTools();
		lib.log(`the MCP client was offered: ${JSON.stringify(listed.tools)}`);
		check('MCP: the tools listed with the same names and descriptions as the agent saw; Tool Description set manually as written', () => {
			assert.deepEqual(Object.fromEntries(listed.tools.map((t) => [t.name, t.description])), {
				...Object.fromEntries(Object.entries(EXPECTED_TOOLS).map(([name, t]) => [name, t.description])),
				MPservices: TOOL_DESCRIPTION,
			});
		});
		check('MCP: each input schema is its $fromAI() arguments, all required (none where the node has none)', () => {
			const schemaOf = (t) => ({ ...t, schema: t.inputSchema });
			assert.deepEqual(toolShapes(listed.tools.filter((t) => t.name !== 'MPservices').map(schemaOf)), expectedShapes());
			assert.deepEqual(listed.tools.find((t) => t.name === 'MPservices')?.inputSchema.properties, {});
		});

		sandbox.requests.length = 0;
		const mcpOrders = openWorkOrders(sandbox, 2);
		const called = {
			getMany: await client.callTool({ name: 'Get_Work_Orders', arguments: { limit: 2, status: 'open' } }),
			update: await client.callTool({ name: 'Update_Stock_and_Cost', arguments: { externalId: 'SKU-1001', newStock: 8, newCost: 19.5 } }),
		};
		timings.mcpMs = Date.now() - mcpStarted;
		const textOf = (result) => JSON.parse(result.content?.[0]?.text ?? 'null');
		check("MCP: Get Many answers with the sandbox's open work orders, newest first, as many as asked", () => {
			assert.ok(!called.getMany.isError, JSON.stringify(called.getMany).slice(0, 2000));
			assert.equal(mcpOrders.length, 2);
			assert.deepEqual(textOf(called.getMany), mcpOrders);
		});
		check('MCP: Update Stock and Cost answers with the updated product', () => {
			assert.ok(!called.update.isError, JSON.stringify(called.update).slice(0, 2000));
			assert.deepEqual(textOf(called.update), [{ message: 'Stock and cost updated', product: sandbox.state.products.get('SKU-1001') }]);
			assert.equal(sandbox.state.products.get('SKU-1001').product_stock, '8');
		});
		check('MCP: the sandbox received one GET and one form-encoded PATCH with the arguments given', () => {
			assert.deepEqual(sandbox.requests.map((r) => [r.method, r.path]), [
				['GET', '/FetchTenantsWorkOrders'],
				['PATCH', '/UpdateProductStockCost'],
			]);
			for (const request of sandbox.requests) assert.equal(request.headers.token, API_KEY);
			assert.equal(sandbox.requests[1].body, 'external_id=SKU-1001&new_stock=8&new_cost=19.5');
		});
		await client.close();
		// The tool calls' executions, as n8n stored them.
		await lib.sleep(1000);
		const executionsResponse = await fetch(`${BASE}/api/v1/executions?workflowId=${mcpWorkflow.id}&includeData=true&limit=50`, { headers: { 'X-N8N-API-KEY': apiKey } });
		const executions = await executionsResponse.text();
		if (process.env.KEEP_USER_FOLDER) fs.writeFileSync(path.join(userFolder, 'mcp-executions.json'), executions);
		await n8n.stop();
		check('MCP: each call is stored as a successful execution of the workflow holding the tool node\'s run, and called the sandbox once', () => {
			assert.equal(executionsResponse.status, 200, executions.slice(0, 1000));
			const stored = JSON.parse(executions).data;
			assert.deepEqual(stored.map((e) => [e.status, Object.keys(e.data.resultData.runData).sort()]).sort(), [
				['success', ['Get Work Orders', 'MCP Server Trigger']],
				['success', ['MCP Server Trigger', 'Update Stock and Cost']],
			]);
			assert.equal(sandbox.requests.length, 2, 'no request came after the calls were answered');
		});
		const serverLog = fs.readFileSync(path.join(userFolder, 'n8n.log'), 'utf8');
		check("MCP: no piece of the API key in the answers, the stored executions or n8n's log", () => {
			assert.deepEqual(keyPiecesIn(JSON.stringify({ listed, called })), [], 'in the answers');
			assert.deepEqual(keyPiecesIn(executions), [], 'in the executions');
			assert.deepEqual(keyPiecesIn(serverLog), [], "in n8n's log");
			assert.match(serverLog, /debug/, 'the log was at debug level');
		});

		await cleanup();
		lib.log(`ai finished in ${Math.round((Date.now() - started) / 1000)} s (agent run ${(timings.agentMs / 1000).toFixed(1)} s, MCP session ${(timings.mcpMs / 1000).toFixed(1)} s)`);
		if (summary('ai')) process.exit(1);
	} catch (error) {
		console.error(error);
		await cleanup();
		summary('ai', 1);
		process.exit(1);
	}
}

main();
