// Fails when a package-lock.json is missing a package some locked package depends on,
// including the optional per-platform binaries (rspack's bindings, fsevents...). npm 10
// leaves those out when it rewrites the lockfile over a node_modules that lacks them, and
// `npm ci` then refuses the lockfile on every machine.
// Usage: node scripts/check-lockfile.mjs <package-lock.json>...
import { readFileSync } from 'node:fs';

function missingIn(lockPath) {
  const { packages } = JSON.parse(readFileSync(lockPath, 'utf8'));
  const missing = [];
  for (const [where, entry] of Object.entries(packages)) {
    if (entry.link) continue;
    const wanted = { ...entry.dependencies, ...entry.optionalDependencies };
    for (const name of Object.keys(wanted)) {
      if (!resolves(packages, where, name))
        missing.push(`${name} (wanted by ${where || 'the root'})`);
    }
  }
  return missing;
}

/** Node's lookup: <where>/node_modules/<name>, then each enclosing node_modules up to the root. */
function resolves(packages, where, name) {
  let dir = where;
  for (;;) {
    if (`${dir ? `${dir}/` : ''}node_modules/${name}` in packages) return true;
    // A workspace package (e.g. "server") also sees the root's node_modules.
    if (dir === '') return false;
    const cut = dir.lastIndexOf('/node_modules/');
    dir = cut >= 0 ? dir.slice(0, cut) : '';
  }
}

let failed = false;
for (const lockPath of process.argv.slice(2)) {
  const missing = missingIn(lockPath);
  if (missing.length === 0) {
    console.log(`${lockPath}: complete`);
    continue;
  }
  failed = true;
  console.error(`${lockPath} lacks ${missing.length} package(s) that locked packages need:`);
  for (const m of missing.slice(0, 20)) console.error(`  ${m}`);
  console.error(
    'Regenerate it without node_modules in the way: ' +
      '`npm install --package-lock-only` in a fresh clone, then commit it.'
  );
}
process.exit(failed ? 1 : 0);
