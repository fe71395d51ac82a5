'use strict';
// The pure parts of `npm run release`: the next version and the changelog.

/** The version after `current` for a bump (patch, minor, major) or an explicit x.y.z. */
function nextVersion(current, bump) {
	const match = /^(\d+)\.(\d+)\.(\d+)$/.exec(current);
	if (!match) throw new Error(`package.json's version ${current} is not x.y.z`);
	const [major, minor, patch] = match.slice(1).map(Number);
	if (bump === 'major') return `${major + 1}.0.0`;
	if (bump === 'minor') return `${major}.${minor + 1}.0`;
	if (bump === 'patch') return `${major}.${minor}.${patch + 1}`;
	const explicit = /^(\d+)\.(\d+)\.(\d+)$/.exec(bump ?? '');
	if (!explicit) throw new Error(`say patch, minor, major or a version x.y.z, not ${JSON.stringify(bump)}`);
	const parts = explicit.slice(1).map(Number);
	const later = parts[0] - major || parts[1] - minor || parts[2] - patch;
	if (later <= 0) throw new Error(`${bump} is not later than ${current}`);
	return bump;
}

/**
 * Turns the changelog's "## Unreleased" section into the release's section
 * (newest first, an empty Unreleased section above it). Refuses a release
 * with nothing under Unreleased.
 */
function releaseChangelog(text, version, date) {
	const heading = /^## Unreleased[ \t]*\n/m;
	const match = heading.exec(text);
	if (!match) throw new Error('CHANGELOG.md has no "## Unreleased" section');
	const rest = text.slice(match.index + match[0].length);
	const next = rest.search(/^## /m);
	const body = (next === -1 ? rest : rest.slice(0, next)).trim();
	if (!body) throw new Error('CHANGELOG.md says nothing under "## Unreleased": write what this release changes first');
	if (new RegExp(`^## ${version.replace(/\./g, '\\.')}\\b`, 'm').test(text)) throw new Error(`CHANGELOG.md already has ${version}`);
	return `${text.slice(0, match.index)}## Unreleased\n\n## ${version} — ${date}\n\n${body}\n\n${next === -1 ? '' : rest.slice(next)}`.replace(/\n+$/, '\n');
}

module.exports = { nextVersion, releaseChangelog };
