#!/usr/bin/env node
'use strict';
// prepublishOnly: `npm publish` is refused everywhere but the publish
// workflow, so that every published version has an npm provenance statement
// (n8n verifies only such packages) and has passed the tests in CI.
const ref = process.env.GITHUB_WORKFLOW_REF ?? '';
if (process.env.GITHUB_ACTIONS === 'true' && ref.includes('/.github/workflows/publish.yml@refs/tags/v')) process.exit(0);
console.error(`
  npm publish is refused here. n8n-nodes-mpservices is published only by the
  GitHub Actions workflow .github/workflows/publish.yml, with npm provenance.

  To release: npm run release -- <patch|minor|major|x.y.z>, then
  git push origin main --follow-tags (see CONTRIBUTING.md → Releasing).
`);
process.exit(1);
