// The popup: loads the same WebAssembly engine as the background and shows what is
// tracked. (The full follow-up view comes with the popup issue.)
import init, { Engine, engineVersion } from '../engine/too_soon.js';
import { readHistory } from '../background/history.js';

const $ = (id) => document.getElementById(id);

function plural(n, one, many) {
  return `${n} ${n === 1 ? one : many}`;
}

async function show() {
  await init();
  $('engine-version').textContent = engineVersion();
  const history = await readHistory();
  let engine;
  try {
    engine = new Engine(history);
  } catch (error) {
    const problems = error?.problems ?? [{ path: '', message: String(error) }];
    $('summary').textContent = 'Your stored history could not be read; nothing was changed.';
    $('problem').textContent = problems.map((p) => `${p.path}: ${p.message}`).join('\n');
    $('problem').hidden = false;
    return;
  }
  const contacts = engine.contactCount;
  engine.free();
  $('summary').textContent = contacts
    ? `${plural(contacts, 'contact', 'contacts')} tracked.`
    : 'No contacts tracked yet.';
  document.body.dataset.ready = 'true';
}

show().catch((error) => {
  $('summary').textContent = `Too Soon? could not start: ${error?.message ?? error}`;
});
