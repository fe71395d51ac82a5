const { task, src, dest } = require('gulp');

// Icons and codex files live beside the node and credential sources; n8n loads them from dist.
// `encoding: false` keeps binary icons (PNG) intact.
task('build:icons', () =>
	src(['nodes/**/*.{png,svg}', 'nodes/**/*.node.json', 'credentials/**/*.{png,svg}'], { base: '.', encoding: false }).pipe(
		dest('dist'),
	),
);
