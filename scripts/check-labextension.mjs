// Fails unless a built labextension is the production build and bundles no second copy of
// what JupyterLab already provides: no source maps, no development build log, minified code,
// and none of JupyterLab's shared packages (react, @jupyterlab/*, @lumino/*), rjsf or ajv in
// the bundle's license list.
// Usage: node scripts/check-labextension.mjs [labextension dir, default nbpromote/labextension]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'nbpromote/labextension';
const problems = [];
const staticDir = join(dir, 'static');
if (!existsSync(join(dir, 'package.json')) || !existsSync(staticDir)) {
  console.error(`${dir}: no built labextension (run bash scripts/setup.sh)`);
  process.exit(1);
}
if (existsSync(join(dir, 'build_log.json'))) problems.push('build_log.json: a development build');
const files = readdirSync(staticDir);
const maps = files.filter(f => f.endsWith('.map'));
if (maps.length > 0) problems.push(`source maps: ${maps.join(', ')}`);

let bundled = [];
const licenses = join(staticDir, 'third-party-licenses.json');
if (existsSync(licenses)) {
  bundled = JSON.parse(readFileSync(licenses, 'utf8')).packages.map(p => p.name);
} else {
  problems.push('no third-party-licenses.json: production builds write one');
}
const core = JSON.parse(
  readFileSync('node_modules/@jupyterlab/core-meta/core.package.json', 'utf8')
);
const provided = new Set([
  ...Object.keys(core.resolutions ?? {}),
  ...Object.keys(core.dependencies ?? {}),
  ...core.jupyterlab.singletonPackages
]);
const second = bundled.filter(n => provided.has(n) || /^@rjsf\//.test(n) || /^ajv/.test(n));
if (second.length > 0) problems.push(`bundles its own copy of: ${second.join(', ')}`);

let bytes = 0;
for (const f of files.filter(f => f.endsWith('.js'))) {
  const text = readFileSync(join(staticDir, f), 'utf8');
  bytes += statSync(join(staticDir, f)).size;
  // Minifying renames the bundler's runtime helpers; development chunks keep their names.
  if (text.includes('__webpack_require__')) problems.push(`${f} is not minified`);
}

if (problems.length > 0) {
  console.error(`${dir} is not the production build:`);
  for (const p of problems) console.error(`  ${p}`);
  process.exit(1);
}
console.log(
  `${dir}: production build, ${files.length} files, ${bytes} bytes of JavaScript; ` +
    `bundled third-party packages: ${bundled.join(', ') || 'none'}`
);
