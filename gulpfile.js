const { parallel, src, dest } = require('gulp');

// One icon per look: icons/mpServices.svg (light) and icons/mpServices.dark.svg (dark), which the
// nodes and the credential reference as file:../../icons/… and file:../icons/…, so dist/ gets
// them at dist/icons/. Codex files (*.node.json) live beside the node sources.
// `encoding: false` keeps binary icons (PNG) intact.
const icons = () => src('icons/*.{png,svg}', { encoding: false }).pipe(dest('dist/icons'));
const codex = () => src('nodes/**/*.node.json', { base: '.' }).pipe(dest('dist'));
// The (empty) main module, so that the package ships dist/ alone.
const main = () => src('index.js').pipe(dest('dist'));

exports['build:icons'] = parallel(icons, codex, main);
