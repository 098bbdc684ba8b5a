/**
 * Lays out `dist/` as the npm package JupiterOne integrations publish:
 * compiled code at the top (`index.js`, `index.d.ts`), docs, the managed
 * questions, README, CHANGELOG and a package.json with runtime dependencies
 * only. `npm run build` runs it around `tsc -p tsconfig.dist.json`:
 *
 *   node scripts/prepare-dist-package.js --clean   # before tsc: empty dist/
 *   node scripts/prepare-dist-package.js           # after tsc: the rest
 */
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..');
const dist = path.join(root, 'dist');

if (process.argv.includes('--clean')) {
  fs.rmSync(dist, { recursive: true, force: true });
  process.exit(0);
}

if (!fs.existsSync(path.join(dist, 'index.js'))) {
  console.error(
    'dist/index.js is missing: run `tsc -p tsconfig.dist.json` first (npm run build does)',
  );
  process.exit(1);
}

for (const file of ['README.md', 'CHANGELOG.md', 'LICENSE']) {
  if (fs.existsSync(path.join(root, file))) {
    fs.copyFileSync(path.join(root, file), path.join(dist, file));
  }
}
// jupiterone/ holds the managed questions; a checkout without it still builds.
for (const dir of ['docs', 'jupiterone']) {
  if (fs.existsSync(path.join(root, dir))) {
    fs.cpSync(path.join(root, dir), path.join(dist, dir), { recursive: true });
  }
}

const source = JSON.parse(
  fs.readFileSync(path.join(root, 'package.json'), 'utf8'),
);
const published = {
  name: source.name,
  version: source.version,
  description: source.description,
  license: source.license,
  ...(source.repository ? { repository: source.repository } : {}),
  ...(source.keywords ? { keywords: source.keywords } : {}),
  main: 'index.js',
  types: 'index.d.ts',
  engines: source.engines,
  dependencies: source.dependencies,
};
fs.writeFileSync(
  path.join(dist, 'package.json'),
  JSON.stringify(published, null, 2) + '\n',
);
console.log(`dist/ ready: ${published.name}@${published.version}`);
