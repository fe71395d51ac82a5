// eslint 9 flat config. Shipped code (nodes/, credentials/, package.json) gets
// both n8n plugins: eslint-plugin-n8n-nodes-base (its old-style presets
// wrapped here) and @n8n/eslint-plugin-community-nodes, the rules n8n's
// community-package scanner applies. Test and tool code is not shipped and
// may use Node's APIs freely, so it is not held to the scanner's rules.
import js from '@eslint/js';
import tsParser from '@typescript-eslint/parser';
import nodeGlobals from 'globals';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';

const nodesBase = n8nNodesBase;

// Rules of eslint-plugin-n8n-nodes-base that contradict the newer community
// plugin (and n8n's own current starter): inputs/outputs as the string 'main'
// (the community plugin requires NodeConnectionTypes), and a camelCase
// documentationUrl, which that rule's own docs say applies only to nodes in
// n8n's main repository (the community plugin requires a full URL).
const superseded = {
	'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
	'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
	'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
};

export default [
	{
		ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-test/**', '.dev/**'],
	},
	{
		files: ['package.json'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: { ...nodesBase.configs.community.rules },
	},
	{
		files: ['credentials/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: { ...nodesBase.configs.credentials.rules, ...superseded },
	},
	{
		files: ['nodes/**/*.ts'],
		languageOptions: { parser: tsParser, parserOptions: { sourceType: 'module' } },
		plugins: { 'n8n-nodes-base': nodesBase },
		rules: { ...nodesBase.configs.nodes.rules, ...superseded },
	},
	{
		files: ['test/**/*.ts', 'test/**/*.js', 'scripts/**/*.js', 'sandbox/**/*.js', '*.js', '*.mjs'],
		languageOptions: {
			parser: tsParser,
			parserOptions: { sourceType: 'module' },
			globals: { ...nodeGlobals.node, ...nodeGlobals.jest },
		},
		rules: {
			...js.configs.recommended.rules,
			// TypeScript checks names and types itself (npm run typecheck).
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
	...[n8nCommunityNodesPlugin.configs.recommended].flat().map((config) => ({
		...config,
		files: config.files ?? ['nodes/**/*.ts', 'credentials/**/*.ts', 'package.json'],
	})),
];
