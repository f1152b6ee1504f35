// `npm test`: every check and suite of the project, ending with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';

const steps = [
  { name: 'chromium', command: ['node', 'scripts/chromium.mjs', '--ensure'] },
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'] },
  { name: 'browser tests', command: ['npx', 'web-test-runner'], summary: '.cache/test-summary/browser.json' },
];

let passed = 0;
let failed = 0;
const failures = [];
for (const step of steps) {
  if (step.summary) rmSync(step.summary, { force: true });
  console.log(`\n== ${step.name}: ${step.command.join(' ')}`);
  const result = spawnSync(step.command[0], step.command.slice(1), { stdio: 'inherit', env: process.env });
  const ok = result.status === 0;
  if (step.summary) {
    const totals = existsSync(step.summary)
      ? JSON.parse(readFileSync(step.summary, 'utf8'))
      : { passed: 0, failed: 1, skipped: 0, brokenFiles: 0 };
    passed += totals.passed;
    failed += totals.failed + totals.brokenFiles + totals.skipped;
    if (!ok && totals.failed + totals.brokenFiles === 0) failed += 1;
  } else if (ok) {
    passed += 1;
  } else {
    failed += 1;
  }
  if (!ok) failures.push(step.name);
  // Later steps need Chromium and a build; without them their failures would only repeat this one.
  if (!ok && (step.name === 'chromium' || step.name === 'build')) break;
}
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
