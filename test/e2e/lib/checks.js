'use strict';
// Named checks for the scripts that test the real n8n (e2e, queue): each
// check is recorded and the run goes on after a failed one, so that a report
// shows every check; `summary` prints the closing "N passed, N failed" line.
const lib = require('../../../scripts/lib/n8n');

function createChecks() {
	const results = [];
	const check = (name, fn) => {
		try {
			fn();
			results.push({ name, ok: true });
			lib.log(`  ✓ ${name}`);
		} catch (error) {
			const message = String(error.message).slice(0, 2500);
			results.push({ name, ok: false, error: message });
			lib.log(`  ✗ ${name}\n${message.replace(/^/gm, '      ')}`);
		}
	};
	const failed = () => results.filter((r) => !r.ok).length;
	const summary = (label, extraFailures = 0) => {
		console.log(`${label}: ${results.length - failed()} passed, ${failed() + extraFailures} failed`);
		return failed() + extraFailures;
	};
	return { results, check, failed, summary };
}

module.exports = { createChecks };
