// `npm test`: every check and suite of the project, ending with one "N passed, N failed" line.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { findFirefox } from './firefox.mjs';

const steps = [
  { name: 'chromium', command: ['node', 'scripts/chromium.mjs', '--ensure'], required: true },
  { name: 'typecheck', command: ['npx', 'tsc', '--noEmit', '-p', '.'] },
  { name: 'lint', command: ['npm', 'run', '--silent', 'lint'] },
  { name: 'build', command: ['npm', 'run', '--silent', 'build'], required: true },
  { name: 'size budget', command: ['node', 'scripts/size-budget.mjs'] },
  { name: 'browser tests (Chromium)', command: ['npx', 'web-test-runner'], summary: '.cache/test-summary/browser.json' },
  // Node's own tests: the packed package in a consumer's build, and the Iglu validation of the collector.
  { name: 'package and Node tests', command: ['node', '--test', 'test/package/', 'test/node/'], nodeTest: true },
];
if (findFirefox()) {
  steps.push({
    name: 'browser tests (Firefox)',
    command: ['npx', 'web-test-runner', '--config', 'web-test-runner.firefox.config.mjs'],
    summary: '.cache/test-summary/firefox.json',
  });
} else {
  console.log('Firefox is not installed: the Firefox run is left out (Debian: apt-get install firefox-esr). CI installs it.');
}

let passed = 0;
let failed = 0;
const failures = [];
for (const step of steps) {
  if (step.summary) rmSync(step.summary, { force: true });
  console.log(`\n== ${step.name}: ${step.command.join(' ')}`);
  const result = spawnSync(step.command[0], step.command.slice(1), {
    stdio: step.nodeTest ? ['inherit', 'pipe', 'inherit'] : 'inherit',
    env: process.env,
    encoding: 'utf8',
  });
  const ok = result.status === 0;
  if (step.nodeTest) {
    // node --test prints "# pass N" and "# fail N" at the end of its TAP output.
    process.stdout.write(result.stdout ?? '');
    const count = (label) => Number(new RegExp(`^# ${label} (\\d+)$`, 'm').exec(result.stdout ?? '')?.[1] ?? 0);
    passed += count('pass');
    failed += count('fail') + count('cancelled') + count('skipped') + count('todo');
    if (!ok && count('fail') + count('cancelled') === 0) failed += 1;
  } else if (step.summary) {
    // Every test counts; a file that failed to load counts as a failure, a skipped test too.
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
  if (!ok && step.required) break;
}
if (failures.length) console.log(`\nFailed: ${failures.join(', ')}`);
console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed === 0 && failures.length === 0 ? 0 : 1);
