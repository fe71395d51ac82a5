'use strict';
// A scripted language model for n8n's AI Agent: an HTTP server on 127.0.0.1
// that speaks OpenAI's Chat Completions (`POST /v1/chat/completions`, the
// `stream: false` form that `n8n execute` asks for), so that n8n's own OpenAI
// Chat Model node (an `openAiApi` credential whose Base URL points here)
// drives the agent without the internet. What it answers is the test's
// `script`, a function of the request's body; every request (headers and
// body) is recorded for the test to read what the model was shown.
const http = require('http');

/**
 * @param {(body: object, index: number) => { content?: string, toolCalls?: Array<{ name: string, args: object }> }} script
 * @param {{ apiKey: string }} options the key the OpenAI credential holds (checked on every request)
 */
function createScriptedModel(script, { apiKey }) {
	/** @type {Array<{ method: string, url: string, headers: object, body: any }>} */
	const requests = [];
	let calls = 0;
	const server = http.createServer((req, res) => {
		let raw = '';
		req.on('data', (chunk) => (raw += chunk));
		req.on('end', () => {
			let body;
			try {
				body = raw ? JSON.parse(raw) : undefined;
			} catch {
				body = raw;
			}
			requests.push({ method: req.method, url: req.url, headers: req.headers, body });
			const answer = (status, json) => {
				res.writeHead(status, { 'content-type': 'application/json' });
				res.end(JSON.stringify(json));
			};
			if (req.headers.authorization !== `Bearer ${apiKey}`) return answer(401, { error: { message: 'Incorrect API key provided', type: 'invalid_request_error' } });
			if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
				return answer(404, { error: { message: `The scripted model has no ${req.method} ${req.url}`, type: 'invalid_request_error' } });
			}
			let reply;
			try {
				reply = script(body, calls++);
			} catch (error) {
				return answer(500, { error: { message: `script: ${error.message}`, type: 'server_error' } });
			}
			const toolCalls = (reply.toolCalls ?? []).map((call, index) => ({
				id: `call_${calls}_${index}`,
				type: 'function',
				function: { name: call.name, arguments: JSON.stringify(call.args) },
			}));
			answer(200, {
				id: `chatcmpl-scripted-${calls}`,
				object: 'chat.completion',
				created: Math.floor(Date.now() / 1000),
				model: body?.model ?? 'scripted',
				choices: [
					{
						index: 0,
						message: { role: 'assistant', content: reply.content ?? null, ...(toolCalls.length ? { tool_calls: toolCalls } : {}) },
						finish_reason: toolCalls.length ? 'tool_calls' : 'stop',
					},
				],
				usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
			});
		});
	});
	return {
		requests,
		/** Starts on a free port of 127.0.0.1; resolves with the Base URL an OpenAI credential takes (…/v1). */
		start() {
			return new Promise((resolve, reject) => {
				server.once('error', reject);
				server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}/v1`));
			});
		},
		stop() {
			return new Promise((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			});
		},
	};
}

module.exports = { createScriptedModel };
