// web-ext lint over the built extension: zero errors, and no warning but the ones the
// README explains (EXPECTED below). Offline: web-ext's linter needs no network.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const EXPECTED = {
  // Both background keys are on purpose: Chromium runs the service worker, Firefox the
  // module script. Firefox says it ignores the service worker key.
  BACKGROUND_SERVICE_WORKER_IGNORED: 'one manifest for both browsers',
};

const dir = process.argv[2];
if (!dir) throw new Error('usage: node tests/lint.js DIST_EXTENSION_DIR');
const webExt = fileURLToPath(new URL('../node_modules/.bin/web-ext', import.meta.url));
const run = spawnSync(webExt, ['lint', '--source-dir', dir, '--output', 'json', '--no-config-discovery'], {
  encoding: 'utf8',
});
let report;
try {
  report = JSON.parse(run.stdout);
} catch {
  console.error(run.stdout, run.stderr);
  throw new Error('web-ext lint printed no JSON report');
}
const show = (m) => `  ${m.code}: ${m.message}${m.file ? ` (${m.file}${m.line ? `:${m.line}` : ''})` : ''}`;
const unexpected = report.warnings.filter((w) => !(w.code in EXPECTED));
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings, ${report.notices.length} notices`);
for (const w of report.warnings.filter((w) => w.code in EXPECTED)) console.log(`${show(w)}\n    expected: ${EXPECTED[w.code]}`);
for (const m of [...report.errors, ...unexpected]) console.log(show(m));
if (report.errors.length || unexpected.length) process.exit(1);
