/**
 * The release flow and the files that publish the package: the workflows are
 * valid GitHub Actions files (action-validator, the schema check) that keep
 * the promises of CONTRIBUTING.md's Releasing section; the pure parts of
 * `npm run release`; and the guard that refuses a plain `npm publish`.
 */
import { execFileSync, spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { parse } from 'yaml';

import { nextVersion, releaseChangelog } from '../scripts/lib/release';

const REPO = path.join(__dirname, '..');
const workflow = (name: string) => parse(fs.readFileSync(path.join(REPO, '.github', 'workflows', name), 'utf8'));
const runs = (job: { steps: Array<{ run?: string }> }) => job.steps.map((step) => step.run ?? '').join('\n');

describe('GitHub Actions workflows', () => {
	test.each(['ci.yml', 'publish.yml'])('%s passes action-validator (the workflow schema)', (name) => {
		const cli = path.join(REPO, 'node_modules', '@action-validator', 'cli', 'cli.mjs');
		const result = spawnSync(process.execPath, [cli, path.join('.github', 'workflows', name)], { cwd: REPO, encoding: 'utf8' });
		expect(result.stdout + result.stderr).toBe('');
		expect(result.status).toBe(0);
	});

	test('CI: push and pull request, Node 20 and 24, npm ci, the README test command, the scan, e2e on the newest n8n and the browser test', () => {
		const ci = workflow('ci.yml');
		expect(Object.keys(ci.on).sort()).toEqual(['pull_request', 'push']);
		expect(ci.jobs.test.strategy.matrix.node).toEqual([20, 24]);
		expect(runs(ci.jobs.test)).toMatch(/npm ci\nnpm test\nnpm run scan/);
		expect(runs(ci.jobs.e2e)).toContain('npm run test:e2e');
		expect(runs(ci.jobs.e2e)).toContain('npm run test:browser');
		const { RUNTIMES } = require('../scripts/lib/n8n');
		const newest = Object.keys(RUNTIMES).sort((a, b) => a.localeCompare(b, 'en', { numeric: true })).pop();
		expect(ci.jobs.e2e.steps.map((s: { env?: Record<string, string> }) => s.env?.MPSERVICES_N8N_VERSION)).toContain(newest);
	});

	test('Publish: only on a version tag that matches package.json, after the tests, with provenance and id-token', () => {
		const publish = workflow('publish.yml');
		expect(publish.on.push.tags).toEqual(['v*.*.*']);
		expect(runs(publish.jobs.test)).toContain('"v${version}"');
		expect(runs(publish.jobs.test)).toMatch(/npm test\nnpm run scan/);
		expect(publish.jobs.publish.needs).toBe('test');
		expect(publish.jobs.publish.permissions['id-token']).toBe('write');
		expect(runs(publish.jobs.publish)).toContain('npm publish --provenance --access public');
	});

	test("Publish: npm's trusted publishing (OIDC) on what npm asks for, in the environment CONTRIBUTING.md names", () => {
		const { jobs } = workflow('publish.yml');
		// id-token: write only where npm publish runs; the workflow's default stays read-only.
		expect(workflow('publish.yml').permissions).toEqual({ contents: 'read' });
		expect(jobs.publish.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
		expect(jobs.test.permissions).toBeUndefined();
		// npm accepts OIDC only from GitHub-hosted runners, Node.js 22.14.0+ and npm 11.5.1+.
		expect(jobs.publish['runs-on']).toBe('ubuntu-latest');
		const setupNode = jobs.publish.steps.find((step: { uses?: string }) => step.uses?.startsWith('actions/setup-node@'));
		expect(Number(setupNode.with['node-version'])).toBeGreaterThanOrEqual(24);
		expect(setupNode.with['registry-url']).toBe('https://registry.npmjs.org');
		const npmInstall = /npm install -g npm@\^?(\d+)\.(\d+)\.(\d+)/.exec(runs(jobs.publish)) ?? [];
		const [major, minor, patch] = npmInstall.slice(1).map(Number);
		expect(major).toBeDefined();
		expect(major === 11 ? minor * 1000 + patch >= 5001 : major > 11).toBe(true);
		// The trusted publisher on npmjs.com names the workflow file and the environment.
		expect(jobs.publish.environment).toBe('npm');
		const releasing = fs.readFileSync(path.join(REPO, 'CONTRIBUTING.md'), 'utf8').split(/^## Releasing$/m)[1].split(/^## /m)[0];
		expect(releasing).toContain('`publish.yml`');
		expect(releasing).toContain(`\`${jobs.publish.environment}\``);
	});

	test.each(['ci.yml', 'publish.yml'])('%s holds no npm token: no secret, no NODE_AUTH_TOKEN or NPM_TOKEN, no _authToken written', (name) => {
		// What GitHub runs, comments aside: every key and every value of the parsed file.
		const texts: string[] = [];
		const walk = (value: unknown): void => {
			if (typeof value === 'string') texts.push(value);
			else if (Array.isArray(value)) value.forEach(walk);
			else if (value && typeof value === 'object') {
				for (const [key, child] of Object.entries(value)) {
					texts.push(key);
					walk(child);
				}
			}
		};
		walk(workflow(name));
		expect(texts.filter((text) => /\bsecrets\b|NODE_AUTH_TOKEN|NPM_TOKEN|_authToken|NPM_CONFIG_TOKEN/i.test(text))).toEqual([]);
	});

	test('CI asks for no OIDC token: only the publish job may have one', () => {
		const ci = workflow('ci.yml');
		expect(ci.permissions).toEqual({ contents: 'read' });
		for (const job of Object.values(ci.jobs) as Array<{ permissions?: Record<string, string> }>) expect(job.permissions?.['id-token']).toBeUndefined();
	});
});

describe('npm run release', () => {
	test('next version', () => {
		expect(nextVersion('0.1.0', 'patch')).toBe('0.1.1');
		expect(nextVersion('0.1.9', 'minor')).toBe('0.2.0');
		expect(nextVersion('0.9.3', 'major')).toBe('1.0.0');
		expect(nextVersion('0.1.0', '0.3.0')).toBe('0.3.0');
		expect(() => nextVersion('0.1.0', '0.1.0')).toThrow('is not later than');
		expect(() => nextVersion('0.1.0', 'next')).toThrow('say patch, minor, major');
	});

	test('the Unreleased section becomes the release, newest first, with an empty Unreleased above', () => {
		const before = '# Changelog\n\n## Unreleased\n\n- Fixed a thing.\n\n## 0.1.0 — 2026-11-27\n\n- First.\n';
		expect(releaseChangelog(before, '0.2.0', '2026-12-01')).toBe(
			'# Changelog\n\n## Unreleased\n\n## 0.2.0 — 2026-12-01\n\n- Fixed a thing.\n\n## 0.1.0 — 2026-11-27\n\n- First.\n',
		);
		expect(() => releaseChangelog('# Changelog\n\n## Unreleased\n\n## 0.1.0\n', '0.2.0', 'x')).toThrow('says nothing under');
	});

	test('the repository changelog has an Unreleased section and the current version', () => {
		const changelog = fs.readFileSync(path.join(REPO, 'CHANGELOG.md'), 'utf8');
		const { version } = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
		expect(changelog).toMatch(/^## Unreleased$/m);
		expect(changelog).toMatch(new RegExp(`^## ${version.replace(/\./g, '\\.')} — \\d{4}-\\d{2}-\\d{2}$`, 'm'));
	});

	test('in a clone: bumps package.json and the lock, dates the changelog, commits and tags', () => {
		const clone = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-release-'));
		try {
			execFileSync('git', ['clone', '--quiet', '--branch', 'main', REPO, clone]);
			execFileSync('git', ['-C', clone, 'config', 'user.email', 'release-test@example.com']);
			execFileSync('git', ['-C', clone, 'config', 'user.name', 'Release Test']);
			// Whatever the real changelog says today, this release has one entry of its own.
			const changelogPath = path.join(clone, 'CHANGELOG.md');
			fs.writeFileSync(changelogPath, fs.readFileSync(changelogPath, 'utf8').replace(/^## Unreleased\n/m, '## Unreleased\n\n- A change made by the release test.\n'));
			execFileSync('git', ['-C', clone, 'commit', '--quiet', '-am', 'A change']);
			const current = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version;
			const expected = nextVersion(current, 'minor');
			const output = execFileSync(process.execPath, [path.join(clone, 'scripts', 'release.js'), 'minor'], { cwd: clone, encoding: 'utf8' });
			expect(output).toContain(`Tagged v${expected}`);
			expect(JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')).version).toBe(expected);
			expect(JSON.parse(fs.readFileSync(path.join(clone, 'package-lock.json'), 'utf8')).version).toBe(expected);
			expect(fs.readFileSync(path.join(clone, 'CHANGELOG.md'), 'utf8')).toMatch(new RegExp(`^## Unreleased\n\n## ${expected.replace(/\./g, '\\.')} — `, 'm'));
			expect(execFileSync('git', ['-C', clone, 'tag', '--points-at', 'HEAD'], { encoding: 'utf8' }).trim()).toBe(`v${expected}`);
			expect(execFileSync('git', ['-C', clone, 'status', '--porcelain'], { encoding: 'utf8' })).toBe('');
			// A second release with nothing new under Unreleased is refused.
			const again = spawnSync(process.execPath, [path.join(clone, 'scripts', 'release.js'), 'patch'], { cwd: clone, encoding: 'utf8' });
			expect(again.status).toBe(1);
			expect(again.stderr).toContain('says nothing under "## Unreleased"');
		} finally {
			fs.rmSync(clone, { recursive: true, force: true });
		}
	});

	test('a plain npm publish is refused with a message that points at the workflow; the publish workflow passes', () => {
		const guard = path.join(REPO, 'scripts', 'prepublish-guard.js');
		const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_')));
		const laptop = spawnSync(process.execPath, [guard], { env: base, encoding: 'utf8' });
		expect(laptop.status).toBe(1);
		expect(laptop.stderr).toContain('.github/workflows/publish.yml');
		const otherWorkflow = spawnSync(process.execPath, [guard], {
			env: { ...base, GITHUB_ACTIONS: 'true', GITHUB_WORKFLOW_REF: 'mpservices/n8n-nodes-mpservices/.github/workflows/ci.yml@refs/heads/main' },
		});
		expect(otherWorkflow.status).toBe(1);
		const publishing = spawnSync(process.execPath, [guard], {
			env: { ...base, GITHUB_ACTIONS: 'true', GITHUB_WORKFLOW_REF: 'mpservices/n8n-nodes-mpservices/.github/workflows/publish.yml@refs/tags/v0.2.0' },
		});
		expect(publishing.status).toBe(0);
		expect(execFileSync('node', ['-p', 'require("./package.json").scripts.prepublishOnly'], { cwd: REPO, encoding: 'utf8' })).toMatch(/^node scripts\/prepublish-guard\.js/);
	});
});

test("eligible for n8n Cloud verification by n8n-node cloud-support's own rules: strict mode and its default eslint config", () => {
	// @n8n/node-cli's cloud-support and lint (dist/commands/*.js) compare eslint.config.mjs with this
	// template, white space folded, and read package.json's n8n.strict.
	const template = fs.readFileSync(path.join(REPO, 'node_modules', '@n8n', 'node-cli', 'dist', 'template', 'templates', 'shared', 'default', 'eslint.config.mjs'), 'utf8');
	const fold = (text: string) => text.replace(/\s+/g, ' ').trim();
	expect(fold(fs.readFileSync(path.join(REPO, 'eslint.config.mjs'), 'utf8'))).toBe(fold(template));
	expect(JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).n8n.strict).toBe(true);
});

test('every workflow the project imports into n8n has an id n8n 1.x keeps static data for (16 characters at most)', () => {
	// n8n 1.x saves a trigger's state only for workflow ids of up to 16 characters (its isWorkflowIdValid);
	// a longer id makes every restart of n8n 1.x a fresh baseline.
	const { sandboxWorkflows, devWorkflows } = require('../scripts/lib/workflows');
	const examples = fs.readdirSync(path.join(REPO, 'examples')).map((name) => JSON.parse(fs.readFileSync(path.join(REPO, 'examples', name), 'utf8')));
	const ids = [...Object.values(sandboxWorkflows()), ...Object.values(devWorkflows()), ...examples].map((workflow) => (workflow as { id: string }).id);
	expect(ids.filter((id) => id.length > 16)).toEqual([]);
	expect(ids.length).toBeGreaterThan(8);
});

test("npm run dev imports a user's examples, none of the real-app tests' fixtures", () => {
	const { sandboxWorkflows, devWorkflows, DEV_ACTIVE } = require('../scripts/lib/workflows');
	const dev = Object.values(devWorkflows()) as Array<{ id: string; name: string }>;
	// The tests' products (SKU-E2E-*), their extra workflows and the query strings that tell their polls apart.
	expect(JSON.stringify(dev)).not.toMatch(/E2E|activated at start-up|1\.5 s, 1 MB|\?trigger=/);
	expect(new Set(dev.map((w) => w.name)).size).toBe(dev.length);
	expect(DEV_ACTIVE.every((id: string) => dev.some((w) => w.id === id))).toBe(true);
	// The fixtures keep what the e2e test asserts.
	expect(JSON.stringify(sandboxWorkflows())).toMatch(/SKU-E2E-NEW/);
});

describe('the scripts and the real-app tests', () => {
	// They are not compiled: a module renamed or moved would break them only when run
	// (npm run bench once required a module that no longer existed). jest runs after the build.
	test('every module a script or a real-app test requires exists (dist/ included)', () => {
		const files = ['scripts', path.join('test', 'e2e')].flatMap((dir) =>
			fs.readdirSync(path.join(REPO, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js')).map((f) => path.join(REPO, dir, f)),
		);
		const required = files.flatMap((file) =>
			[...fs.readFileSync(file, 'utf8').matchAll(/require\('(\.\.?\/[^']+)'\)/g)].map((m) => ({ file, module: path.resolve(path.dirname(file), m[1]) })),
		);
		expect(required.filter((r) => r.module.includes(`${path.sep}dist${path.sep}`)).length).toBeGreaterThan(0);
		const missing = required.filter(({ module }) => !['', '.js', '.json', `${path.sep}index.js`].some((ext) => fs.existsSync(`${module}${ext}`) && fs.statSync(`${module}${ext}`).isFile()));
		expect(missing.map(({ file, module }) => `${path.relative(REPO, file)} → ${path.relative(REPO, module)}`)).toEqual([]);
	});
});
