/**
 * The pages people read: every relative link and anchor in the README,
 * CONTRIBUTING.md and docs/ (docs/nodes/ included) resolves, the README
 * stays a user's page of 12,500 characters at most and all the pages
 * together 80,000, the sentences the README quotes from the editor are the
 * editor's, word for word, and the documentation links of the nodes and the
 * credential open a page of this repository that exists.
 */
import fs from 'fs';
import path from 'path';

import { MpServicesTrigger } from '../nodes/MpServicesTrigger/MpServicesTrigger.node';
import { NOTICES } from '../nodes/MpServicesTrigger/events';

const NOTICE_TEXTS = Object.values(NOTICES).map((notice) => notice.text);

const REPO = path.join(__dirname, '..');
const pages = [
	'README.md',
	'CONTRIBUTING.md',
	'test/README.md',
	'test/e2e/README.md',
	'scripts/README.md',
	...markdownUnder('docs'),
];

/** Every Markdown page under a folder of the repository, its subfolders (docs/nodes/) included. */
function markdownUnder(folder: string): string[] {
	return fs
		.readdirSync(path.join(REPO, folder), { withFileTypes: true })
		.flatMap((entry) => {
			const page = `${folder}/${entry.name}`;
			if (entry.isDirectory()) return markdownUnder(page);
			return entry.name.endsWith('.md') ? [page] : [];
		})
		.sort();
}
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

test("the README is a user's page: at most 12,500 characters, in n8n's template order", () => {
	const readme = read('README.md');
	expect(readme.length).toBeLessThanOrEqual(12_500);
	const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
	expect(headings).toEqual(['Try it locally', 'Installation', 'Credentials', 'Operations', 'Trigger', 'Compatibility', 'Usage', 'Troubleshooting', 'Resources', 'Version history', 'License']);
});

test('README, CONTRIBUTING.md and docs/ together stay at most 80,000 characters (counted as bytes, as `wc -c` does)', () => {
	const docs = ['README.md', 'CONTRIBUTING.md', ...markdownUnder('docs')];
	const total = docs.reduce((sum, page) => sum + Buffer.byteLength(read(page)), 0);
	expect(total).toBeLessThanOrEqual(80_000);
});

test("the trigger's page quotes its notices word for word too", () => {
	const page = read('docs/nodes/mpservices-trigger.md').replace(/^> /gm, '').replace(/\s+/g, ' ');
	for (const notice of NOTICE_TEXTS) expect(page).toContain(notice);
});

test('the README quotes the trigger notices word for word, so the advice is given once', () => {
	const readme = read('README.md').replace(/\s+/g, ' ');
	const notices = new MpServicesTrigger().description.properties.filter((p) => p.type === 'notice').map((p) => p.displayName);
	expect(notices).toEqual(NOTICE_TEXTS);
	for (const notice of notices) expect(readme).toContain(`"${notice}"`);
	expect(readme).not.toMatch(/poll at least every two days/i);
});

test('every example the README lists is in examples/, and every example is listed', () => {
	const listed = [...read('README.md').matchAll(/`([a-z0-9-]+\.json)`/g)].map((m) => m[1]).sort();
	expect(listed).toEqual(fs.readdirSync(path.join(REPO, 'examples')).sort());
});

describe('the documentation links of the nodes and the credential', () => {
	// n8n appends its tracking parameters to these addresses, so an #anchor would never land:
	// each link is a page of its own, a file of this repository.
	const BLOB = 'https://github.com/mpservices/n8n-nodes-mpservices/blob/main/';
	const filesIn = (folder: string, ending: string) => fs.readdirSync(path.join(REPO, folder)).filter((f) => f.endsWith(ending)).map((f) => `${folder}/${f}`);
	const nodeFiles = fs
		.readdirSync(path.join(REPO, 'nodes'), { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.flatMap((entry) => filesIn(`nodes/${entry.name}`, '.node.json'));
	const credentialFiles = filesIn('credentials', '.ts');
	const links: Array<[string, string]> = [
		...nodeFiles.flatMap((file) => {
			const { resources = {} } = JSON.parse(read(file));
			return ['primaryDocumentation', 'credentialDocumentation'].flatMap((kind) =>
				(resources[kind] ?? []).map(({ url }: { url: string }): [string, string] => [`${file} ${kind}`, url]),
			);
		}),
		...credentialFiles.flatMap((file) =>
			[...read(file).matchAll(/documentationUrl\s*=\s*['"`]([^'"`]+)['"`]/g)].map(([, url]): [string, string] => [`${file} documentationUrl`, url]),
		),
	];

	test('every node has both links and every credential one, so the checks below cannot pass by finding none', () => {
		expect(nodeFiles.length).toBeGreaterThan(0);
		expect(credentialFiles.length).toBeGreaterThan(0);
		expect(links.map(([source]) => source).sort()).toEqual(
			[...nodeFiles.flatMap((f) => [`${f} credentialDocumentation`, `${f} primaryDocumentation`]), ...credentialFiles.map((f) => `${f} documentationUrl`)].sort(),
		);
	});

	test.each(links)('%s: %s has no #anchor and opens a file of this repository', (_source, url) => {
		expect(url).not.toContain('#');
		if (!url.startsWith(BLOB)) return;
		const file = decodeURIComponent(url.slice(BLOB.length).split('?')[0]);
		const isFile = file !== '' && fs.existsSync(path.join(REPO, file)) && fs.statSync(path.join(REPO, file)).isFile();
		expect(isFile ? file : `no file ${JSON.stringify(file)} in the repository`).toBe(file);
	});
});
