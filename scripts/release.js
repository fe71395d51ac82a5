#!/usr/bin/env node
'use strict';
// `npm run release -- <patch|minor|major|x.y.z>`: from a clean main, bumps
// the version in package.json and package-lock.json, turns CHANGELOG.md's
// Unreleased section into the release's, commits and tags vX.Y.Z. Pushing
// the tag (git push origin main --follow-tags) runs the publish workflow.
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const { nextVersion, releaseChangelog } = require('./lib/release');

const REPO = path.resolve(__dirname, '..');
const git = (...args) => execFileSync('git', args, { cwd: REPO, encoding: 'utf8' }).trim();

try {
	if (git('status', '--porcelain')) throw new Error('the work tree has uncommitted changes');
	if (git('rev-parse', '--abbrev-ref', 'HEAD') !== 'main') throw new Error('releases are made from main');
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
	const version = nextVersion(pkg.version, process.argv[2]);
	const changelogPath = path.join(REPO, 'CHANGELOG.md');
	const changelog = releaseChangelog(fs.readFileSync(changelogPath, 'utf8'), version, new Date().toISOString().slice(0, 10));
	execFileSync('npm', ['version', version, '--no-git-tag-version'], { cwd: REPO, stdio: 'ignore' });
	fs.writeFileSync(changelogPath, changelog);
	git('commit', '-am', `Release v${version}`);
	git('tag', '-a', `v${version}`, '-m', `v${version}`);
	console.log(`Tagged v${version}. Publish it with:\n  git push origin main --follow-tags`);
} catch (error) {
	console.error(`release: ${error.message}`);
	process.exit(1);
}
