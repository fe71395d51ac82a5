/**
 * The engine tests are CommonJS TypeScript (`.cts`): fully type-checked by
 * `npm run typecheck`, and outside n8n-node lint's `**\/*.ts`, whose rules are
 * for shipped code (CONTRIBUTING.md, n8n's verification guidelines). They get their own lint:
 * eslint.tests.config.mjs.
 * @type {import('jest').Config}
 */
module.exports = {
	testEnvironment: 'node',
	roots: ['<rootDir>/test'],
	testMatch: ['<rootDir>/test/**/*.test.cts'],
	// The soak runs on its own (npm run test:soak), outside the inner loop.
	testPathIgnorePatterns: ['/node_modules/', '\\.soak\\.test\\.cts$'],
	moduleFileExtensions: ['ts', 'cts', 'js', 'json'],
	// The tests import harness.cts as TypeScript asks for it ('./harness.cjs').
	moduleNameMapper: { '^\\./harness\\.cjs$': '<rootDir>/test/harness.cts' },
	setupFiles: ['<rootDir>/test/setup-env.js'],
	testTimeout: 60_000,
	transform: {
		'^.+\\.c?ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
	},
};
