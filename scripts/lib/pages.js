'use strict';
// The pages the generators rewrite (docs/performance.md, docs/compatibility.md
// with its queue mode section, and the README's one-line compatibility summary): each
// generated part sits between `<!-- name:start -->` and `<!-- name:end -->`,
// and only that part is replaced, so the prose around it is written by hand.
const fs = require('fs');
const path = require('path');

const REPO = path.resolve(__dirname, '..', '..');

/** Replaces the part of `file` (relative to the repository) between the markers `name`; throws when they are missing. */
function replaceSection(file, name, body) {
	const full = path.join(REPO, file);
	const text = fs.readFileSync(full, 'utf8');
	const [start, end] = [`<!-- ${name}:start -->`, `<!-- ${name}:end -->`];
	const from = text.indexOf(start);
	const to = text.indexOf(end);
	if (from === -1 || to === -1 || to < from) throw new Error(`${file} has no ${start} … ${end} section`);
	fs.writeFileSync(full, `${text.slice(0, from)}${start}\n${body.trim()}\n${end}${text.slice(to + end.length)}`);
	console.log(`[mpservices] ${file}: "${name}" section rewritten`);
}

module.exports = { replaceSection };
