/**
 * The pages people read: every relative link and anchor in the README,
 * CONTRIBUTING.md and docs/ resolves, the README stays a user's page of
 * about 15,000 characters at most, and the sentences it quotes from the
 * editor are the editor's, word for word.
 */
import fs from 'fs';
import path from 'path';

import { MpServicesTrigger, TRIGGER_NOTICE, WATCH_NOTICE } from '../nodes/MpServicesTrigger/MpServicesTrigger.node';

const REPO = path.join(__dirname, '..');
const pages = [
	'README.md',
	'CONTRIBUTING.md',
	'test/README.md',
	'test/e2e/README.md',
	'scripts/README.md',
	...fs.readdirSync(path.join(REPO, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`),
];
const read = (page: string) => fs.readFileSync(path.join(REPO, page), 'utf8');

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens. */
const anchorOf = (heading: string) =>
	heading
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{N}\s-]/gu, '')
		.replace(/\s/g, '-');
const anchorsIn = (text: string) => new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => anchorOf(m[1])));

test.each(pages)('%s: every relative link and anchor resolves', (page) => {
	const text = read(page).replace(/```[\s\S]*?```/g, '');
	const broken: string[] = [];
	for (const [, target] of text.matchAll(/\]\(([^)\s]+)\)/g)) {
		if (/^(https?:|mailto:)/.test(target)) continue;
		const [file, anchor] = target.split('#');
		const resolved = file ? path.normalize(path.join(path.dirname(page), file)) : page;
		if (!fs.existsSync(path.join(REPO, resolved))) {
			broken.push(`${target} (no ${resolved})`);
			continue;
		}
		if (anchor && resolved.endsWith('.md') && !anchorsIn(read(resolved)).has(anchor)) broken.push(`${target} (no heading #${anchor} in ${resolved})`);
	}
	expect(broken).toEqual([]);
});

test("the README is a user's page: at most about 15,000 characters, in n8n's template order", () => {
	const readme = read('README.md');
	expect(readme.length).toBeLessThanOrEqual(15_000);
	const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
	expect(headings).toEqual(['Try it locally', 'Installation', 'Credentials', 'Operations', 'Trigger', 'Compatibility', 'Usage', 'Troubleshooting', 'Resources', 'Version history', 'License']);
});

test('the README quotes the trigger notices word for word, so the advice is given once', () => {
	const readme = read('README.md').replace(/\s+/g, ' ');
	const notices = new MpServicesTrigger().description.properties.filter((p) => p.type === 'notice').map((p) => p.displayName);
	expect(notices).toEqual([TRIGGER_NOTICE, WATCH_NOTICE]);
	for (const notice of notices) expect(readme).toContain(`"${notice}"`);
	expect(readme).not.toMatch(/poll at least every two days/i);
});

test('every example the README lists is in examples/, and every example is listed', () => {
	const listed = [...read('README.md').matchAll(/`([a-z0-9-]+\.json)`/g)].map((m) => m[1]).sort();
	expect(listed).toEqual(fs.readdirSync(path.join(REPO, 'examples')).sort());
});
