// Lint for what is not shipped: the engine tests (test/**/*.cts), the real-app
// tests (test/e2e), the sandbox and the scripts. Shipped code (nodes/,
// credentials/, package.json) is linted by `n8n-node lint` with n8n's own
// default config (eslint.config.mjs, kept byte for byte so that
// `n8n-node cloud-support` says eligible): its rules are the community
// scanner's, for code that runs inside n8n, and forbid what tests need
// (Node's http, fs and timers, test keys). `npm run lint` runs both.
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import nodeGlobals from 'globals';

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-test/**', '.dev/**'],
	},
	{
		files: ['test/**/*.cts', 'test/**/*.js', 'scripts/**/*.js', 'sandbox/**/*.js', '*.js', '*.mjs'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module' },
			globals: { ...nodeGlobals.node, ...nodeGlobals.jest },
		},
		rules: {
			...js.configs.recommended.rules,
			// TypeScript checks names and types itself (npm run typecheck, with checkJs off for .js).
			'no-undef': 'off',
			'no-unused-vars': 'off',
			'no-restricted-syntax': [
				'error',
				{
					selector: "CallExpression[callee.name='expect'] > :matches(Literal, TemplateLiteral[expressions.length=0]).arguments:first-child",
					message: 'An assertion on a value written in the test itself cannot fail: assert on what the code under test returned.',
				},
			],
		},
	},
];
