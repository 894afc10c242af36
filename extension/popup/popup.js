// The popup: loads the same WebAssembly engine as the background and shows what is
// tracked. It only reads storage (the background is the only writer).
// (The full follow-up view comes with the popup issue.)
import init, { Engine, engineVersion } from '../engine/too_soon.js';
import { readStorage } from '../background/storage.js';

const $ = (id) => document.getElementById(id);

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

const READ_ONLY =
  'Your history was saved by a newer version of this extension. This version shows it ' +
  'but will not change it, so nothing can be lost. Update Too Soon? to make changes.';

// Opens the options page in a tab (the link's own target is the fallback).
$('options').addEventListener('click', (event) => {
  const api = globalThis.browser ?? globalThis.chrome;
  if (!api.runtime.openOptionsPage) return;
  event.preventDefault();
  api.runtime.openOptionsPage().then(() => window.close());
});

async function show() {
  await init();
  $('engine-version').textContent = engineVersion();
  const engine = Engine.fromStorage(await readStorage());
  try {
    if (engine.readOnly) {
      $('notice').textContent = READ_ONLY;
      $('notice').hidden = false;
    }
    const problems = engine.problems;
    if (problems) {
      $('summary').textContent = 'Your stored history could not be read; nothing was changed.';
      $('problem').textContent = problems.map((p) => `${p.path}: ${p.message}`).join('\n');
      $('problem').hidden = false;
      return;
    }
    const contacts = engine.contactCount;
    $('summary').textContent = contacts
      ? `${plural(contacts, 'contact', 'contacts')} tracked.`
      : 'No contacts tracked yet.';
    document.body.dataset.ready = 'true';
  } finally {
    engine.free();
  }
}

show().catch((error) => {
  $('summary').textContent = `Too Soon? could not start: ${error?.message ?? error}`;
});
