#!/usr/bin/env node
'use strict';
// `npm run scan`: what n8n checks before it verifies a community package,
// run on the packed tarball (what npm would publish), not only on sources.
// 1. n8n's own scanner (@n8n/scan-community-package, the code behind
//    `npx @n8n/scan-community-package`): its source leg over nodes/,
//    credentials/ and package.json, and its tarball leg over the compiled
//    dist/**/*.js and the published package.json. Only its download and
//    provenance steps are left out: they need the package on the registry
//    (provenance comes from the publish workflow, .github/workflows/publish.yml).
// 2. The shape of the package: no runtime dependencies, n8n-workflow as the
//    only peer, MIT licence, the community keyword, only dist/ shipped, every
//    node and credential loadable from the tarball with light and dark icons
//    that exist and differ, a credential test, codex files with documentation
//    URLs, and no import other than n8n-workflow in dist/.
const assert = require('assert/strict');
const crypto = require('crypto');
const { execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

const REPO = path.resolve(__dirname, '..');
const results = [];
const check = async (name, fn) => {
	try {
		await fn();
		results.push({ name, ok: true });
		console.log(`  ✓ ${name}`);
	} catch (error) {
		results.push({ name, ok: false });
		console.log(`  ✗ ${name}\n${String(error.message).replace(/^/gm, '      ')}`);
	}
};

async function main() {
	const work = fs.mkdtempSync(path.join(os.tmpdir(), 'mpservices-scan-'));
	try {
		const tarball = execFileSync('npm', ['pack', '--silent', '--pack-destination', work], { cwd: REPO, encoding: 'utf8' }).trim().split('\n').pop();
		const packageDir = path.join(work, 'package');
		fs.mkdirSync(packageDir);
		execFileSync('tar', ['-xzf', path.join(work, tarball), '-C', packageDir, '--strip-components=1']);
		const files = execFileSync('tar', ['-tzf', path.join(work, tarball)], { encoding: 'utf8' })
			.trim()
			.split('\n')
			.map((f) => f.replace(/^package\//, ''));
		console.log(`${tarball}: ${files.length} files`);

		const { analyzePackage, SOURCE_FILE_PATTERNS } = await import('@n8n/scan-community-package/scanner/scanner.mjs');
		const scannerLeg = async (dir, patterns) => {
			const result = await analyzePackage(dir, patterns);
			assert.ok(result.passed, `${result.message}\n${result.details ?? ''}`);
		};
		await check("n8n's scanner, source leg (nodes/, credentials/, package.json)", () => scannerLeg(REPO, SOURCE_FILE_PATTERNS));
		await check("n8n's scanner, tarball leg (dist/**/*.js, package.json)", () => scannerLeg(packageDir, ['**/*.js', 'package.json']));

		const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
		await check('no runtime dependencies; n8n-workflow "*" is the only peer', () => {
			for (const field of ['dependencies', 'optionalDependencies', 'bundleDependencies', 'bundledDependencies']) {
				assert.equal(Object.keys(pkg[field] ?? {}).length, 0, `${field} must be empty`);
			}
			assert.deepEqual(pkg.peerDependencies, { 'n8n-workflow': '*' });
		});
		await check('MIT licence, with its text in the tarball', () => {
			assert.equal(pkg.license, 'MIT');
			const licence = files.find((f) => /^licen[cs]e(\.md|\.txt)?$/i.test(f));
			assert.ok(licence, 'no LICENSE file in the tarball');
			assert.match(fs.readFileSync(path.join(packageDir, licence), 'utf8'), /MIT License/);
		});
		await check('the n8n-community-node-package keyword', () => assert.ok(pkg.keywords?.includes('n8n-community-node-package')));
		await check('only dist/ ships (with package.json, README and LICENSE)', () => {
			const extra = files.filter((f) => !f.startsWith('dist/') && !/^(package\.json|README\.md|LICEN[CS]E(\.md)?)$/i.test(f));
			assert.deepEqual(extra, []);
			const stray = files.filter((f) => /\.test\.|\/test\/|sandbox|\.ts$/.test(f) && !f.endsWith('.d.ts'));
			assert.deepEqual(stray, [], 'tests, sandbox or TypeScript sources in the tarball');
		});
		await check('dist/ imports nothing but n8n-workflow and its own files', () => {
			const bad = [];
			for (const file of files.filter((f) => f.endsWith('.js'))) {
				const text = fs.readFileSync(path.join(packageDir, file), 'utf8');
				for (const [, name] of text.matchAll(/require\(["']([^"']+)["']\)/g)) {
					if (name !== 'n8n-workflow' && !name.startsWith('.')) bad.push(`${file}: ${name}`);
				}
			}
			assert.deepEqual(bad, []);
		});

		// Load what n8n loads, from the tarball (n8n-workflow resolved as the peer the host provides).
		fs.mkdirSync(path.join(packageDir, 'node_modules'));
		fs.symlinkSync(path.join(REPO, 'node_modules', 'n8n-workflow'), path.join(packageDir, 'node_modules', 'n8n-workflow'));
		const load = (file) => {
			const exported = require(path.join(packageDir, file));
			const Class = Object.values(exported).find((value) => typeof value === 'function');
			assert.ok(Class, `${file} exports no class`);
			return new Class();
		};
		const digest = (file) => crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
		const checkIcons = (label, file, icon) => {
			assert.ok(icon && typeof icon === 'object' && icon.light && icon.dark, `${label}: needs a light and a dark icon`);
			const [light, dark] = [icon.light, icon.dark].map((ref) => {
				assert.match(ref, /^file:.+\.(svg|png)$/, `${label}: icon ${ref}`);
				const resolved = path.resolve(path.dirname(path.join(packageDir, file)), ref.slice(5));
				assert.ok(resolved.startsWith(packageDir + path.sep), `${label}: icon ${ref} lies outside the package`);
				assert.ok(fs.existsSync(resolved), `${label}: icon ${ref} is not in the tarball`);
				if (resolved.endsWith('.svg')) assert.match(fs.readFileSync(resolved, 'utf8'), /^\s*<svg[\s>]/, `${label}: ${ref} is not an SVG`);
				return resolved;
			});
			assert.notEqual(digest(light), digest(dark), `${label}: the light and dark icons are the same picture`);
		};

		for (const file of pkg.n8n?.credentials ?? []) {
			await check(`credential ${file}: loads, has a test request and light and dark icons`, () => {
				const credential = load(file);
				assert.ok(credential.test?.request?.url, 'no credential test request');
				assert.ok(credential.properties.some((p) => p.typeOptions?.password), 'no password field for the key');
				checkIcons(credential.name, file, credential.icon);
			});
		}
		for (const file of pkg.n8n?.nodes ?? []) {
			await check(`node ${file}: loads, has light and dark icons and a codex file with documentation URLs`, () => {
				const node = load(file);
				checkIcons(node.description.name, file, node.description.icon);
				const codexFile = path.join(packageDir, file.replace(/\.js$/, '.json'));
				assert.ok(fs.existsSync(codexFile), `no codex file ${path.relative(packageDir, codexFile)}`);
				const codex = JSON.parse(fs.readFileSync(codexFile, 'utf8'));
				assert.equal(codex.node, `${pkg.name}.${node.description.name}`);
				const urls = [...(codex.resources?.primaryDocumentation ?? []), ...(codex.resources?.credentialDocumentation ?? [])].map((r) => r.url);
				assert.ok(urls.length >= 2, 'the codex needs primary and credential documentation');
				for (const url of urls) assert.match(url, /^https:\/\//);
			});
		}
	} finally {
		fs.rmSync(work, { recursive: true, force: true });
	}
	const failed = results.filter((r) => !r.ok).length;
	console.log(`scan: ${results.length - failed} passed, ${failed} failed`);
	process.exit(failed ? 1 : 0);
}

main().catch((error) => {
	console.error(error);
	console.log('scan: 0 passed, 1 failed');
	process.exit(1);
});
