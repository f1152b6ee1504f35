// Size budget of the built files: `node scripts/size-budget.mjs` compares the gzip size (level 9, node:zlib)
// of each budget's files in dist/ with its limit in size-budget.json, prints a table and exits 1 when a
// budget is over its limit (or its files are missing: run `npm run build` first). It does not build.
// `--update` rewrites size-budget.json from the current dist/: measured = now, limit = measured rounded
// up to the next 1 KB, plus 5%.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';

const root = resolve(import.meta.dirname, '..');
const budgetPath = join(root, 'size-budget.json');

/** `dist/chunks/*.js` style patterns: a `*` in the last path segment only. */
function expand(pattern) {
  if (!pattern.includes('*')) return existsSync(join(root, pattern)) ? [pattern] : [];
  const dir = dirname(pattern);
  const [prefix, suffix] = pattern.slice(dir.length + 1).split('*');
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir))
    .filter((name) => name.startsWith(prefix) && name.endsWith(suffix))
    .sort()
    .map((name) => `${dir}/${name}`);
}

/** The relative ES imports of a built file (`import ... from "./chunks/x.js"`, `import "./x.js"`), static only. */
function staticImports(file) {
  const code = readFileSync(join(root, file), 'utf8');
  const found = new Set();
  for (const match of code.matchAll(/(?:^|[;\s}])(?:import|export)\s*(?:[^'"();]*?\sfrom\s*)?["'](\.{1,2}\/[^"']+)["']/g)) {
    found.add(relative(root, resolve(root, dirname(file), match[1])).replace(/\\/g, '/'));
  }
  return [...found];
}

/** The files a budget counts: its patterns, plus (with followImports) every file they import statically. */
function filesOf(budget) {
  const files = new Set(budget.files.flatMap(expand));
  if (budget.followImports) {
    const queue = [...files];
    while (queue.length) {
      for (const imported of staticImports(queue.pop())) {
        if (!files.has(imported) && existsSync(join(root, imported))) {
          files.add(imported);
          queue.push(imported);
        }
      }
    }
  }
  return [...files];
}

const gzipBytes = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
export const limitFor = (measured) => Math.ceil(Math.ceil(measured / 1024) * 1024 * 1.05);

async function main() {
  const config = JSON.parse(readFileSync(budgetPath, 'utf8'));
  const update = process.argv.includes('--update');
  const rows = [];
  let failed = false;
  for (const budget of config.budgets) {
    const files = filesOf(budget);
    const missing = budget.files.filter((pattern) => expand(pattern).length === 0);
    const size = files.reduce((sum, file) => sum + gzipBytes(file), 0);
    if (update && missing.length === 0) {
      budget.measured = size;
      budget.limit = limitFor(size);
    }
    const over = missing.length > 0 || size > budget.limit;
    failed ||= over;
    rows.push([
      budget.name,
      files.length === 0
        ? '(none)'
        : files.length <= 3
          ? files.join(' + ')
          : `${files[0]} + ${files.length - 1} more (${budget.files.join(', ')})`,
      missing.length ? 'missing' : String(size),
      String(budget.limit),
      missing.length ? '-' : `${(((budget.limit - size) / budget.limit) * 100).toFixed(1)}%`,
      missing.length ? `MISSING ${missing.join(', ')}` : over ? 'OVER' : 'ok',
    ]);
  }
  const head = ['budget', 'files', 'gzip B', 'limit B', 'headroom', 'status'];
  const widths = head.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (row) =>
    row
      .map((cell, i) => (i === 0 || i === 1 || i === 5 ? cell.padEnd(widths[i]) : cell.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
  if (update) {
    config.measuredAt = new Date().toISOString();
    let text = `${JSON.stringify(config, null, 2)}\n`;
    try {
      // Keep the file as `npm run lint` (prettier --check) wants it.
      const prettier = await import('prettier');
      text = await prettier.format(text, { ...(await prettier.resolveConfig(budgetPath)), filepath: budgetPath });
    } catch {
      // Without prettier the plain JSON is still valid.
    }
    writeFileSync(budgetPath, text);
    console.log(`size-budget.json updated (limit = measured rounded up to the next 1 KB, + 5%)`);
  }
  if (failed) {
    console.error(
      rows.some((row) => row[5].startsWith('MISSING'))
        ? 'Built files are missing: run `npm run build` first.'
        : 'Over the size budget.',
    );
    process.exitCode = 1;
  }
}

await main();
