// Backup and restore at scale, in headless Chromium with the built extension
// (dist/extension): a history of 1,000 opportunities and 50,000 events
// (too_soon::fixtures::synthetic) is restored with "replace", exported, compared, and
// then one event is logged. Prints the time of each and the bytes that one event wrote.
//   node tests/bench/backup.js   (./build.sh bench runs it)
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { launch } from '../e2e/drivers/chromium.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const file = execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'too-soon', '--example', 'synthetic_file', '--', '1000', '50000'], {
  cwd: root,
  encoding: 'utf8',
  maxBuffer: 1 << 30,
  stdio: ['ignore', 'pipe', 'inherit'],
});

const driver = await launch(`${root}dist/extension`);
const page = await driver.extensionPage('options/options.html');
const result = await page.evaluate(async (text) => {
  const api = globalThis.browser ?? globalThis.chrome;
  const send = (m) => api.runtime.sendMessage(m);
  const timed = async (f) => {
    const started = performance.now();
    const value = await f();
    return [performance.now() - started, value];
  };
  await api.storage.local.clear();
  const [importMs, imported] = await timed(() => send({ v: 1, type: 'import', file: text, mode: 'replace' }));
  if (!imported.ok) throw new Error(JSON.stringify(imported).slice(0, 500));
  const bytesStored = await api.storage.local.getBytesInUse(null);
  const [exportMs, exported] = await timed(() => send({ v: 1, type: 'export' }));
  // Storage has no order: compare with every list in id order.
  const canonical = (t) => {
    const data = JSON.parse(t);
    for (const list of ['opportunities', 'contacts', 'events']) data[list].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return JSON.stringify(data);
  };
  const identical = canonical(exported.file) === canonical(text);
  // One event at that size: the bytes of the keys written (storage.onChanged) and
  // getBytesInUse before and after.
  const written = [];
  api.storage.onChanged.addListener((changes) => {
    for (const [key, change] of Object.entries(changes)) written.push(key.length + JSON.stringify(change.newValue ?? null).length);
  });
  const log = (id) =>
    send({ v: 1, type: 'log_event', event: { id, opportunity: 'o1', kind: 'follow_up', at: '2026-06-01T09:00:00-04:00', contacts: ['c1-0'] } });
  const [firstLogMs, first] = await timed(() => log('bench-1'));
  if (!first.ok) throw new Error(JSON.stringify(first));
  await new Promise((r) => setTimeout(r, 200));
  written.length = 0;
  const before = await api.storage.local.getBytesInUse(null);
  const [logMs, second] = await timed(() => log('bench-2'));
  if (!second.ok) throw new Error(JSON.stringify(second));
  await new Promise((r) => setTimeout(r, 200));
  const after = await api.storage.local.getBytesInUse(null);
  return {
    imported,
    fileBytes: text.length,
    bytesStored,
    importMs,
    exportMs,
    exportBytes: exported.file.length,
    identical,
    firstLogMs,
    logMs,
    writtenBytes: written.reduce((a, b) => a + b, 0),
    bytesInUseDelta: after - before,
  };
}, file);
await driver.close();

const ms = (n) => `${n.toFixed(0)} ms`;
const { added, skipped, replaced, removed } = result.imported;
console.log(`history: 1,000 opportunities, 50,000 events; file ${(result.fileBytes / 1e6).toFixed(1)} MB, ${(result.bytesStored / 1e6).toFixed(1)} MB in storage.local`);
console.log(`import (replace, into empty storage)  ${ms(result.importMs).padStart(9)}   added ${added}, skipped ${skipped}, replaced ${replaced}, removed ${removed}`);
console.log(`export (reads storage again first)    ${ms(result.exportMs).padStart(9)}   ${(result.exportBytes / 1e6).toFixed(1)} MB, identical data: ${result.identical ? 'yes' : 'NO'}`);
console.log(`log one event, first                  ${ms(result.firstLogMs).padStart(9)}`);
console.log(`log one event, second                 ${ms(result.logMs).padStart(9)}   ${result.writtenBytes} bytes written (storage.onChanged), getBytesInUse +${result.bytesInUseDelta}`);
if (!result.identical) process.exitCode = 1;
