// The background: answers the extension's own messages with the engine, and is the only
// writer of storage. Listeners are registered synchronously at start-up (a service worker
// may be woken by a message before anything else runs); the engine loads lazily.
import '../shared/protocol.js';
import { changesStorage, engineForStorage, followWrites, invalidate, willWrite } from './engine.js';
import { onStorageChanged } from './storage.js';
import { createWriter } from './store.js';

const api = globalThis.browser ?? globalThis.chrome;
const { VERSION } = globalThis.TooSoonProtocol;
const writer = createWriter(api.storage.local);

const failure = (code, message) => ({ v: VERSION, ok: false, type: 'error', code, message });

/** A message is ours only when it comes from this extension (its pages or its content scripts). */
const fromThisExtension = (sender) => sender?.id === api.runtime.id;

/** A read: answered from the engine over what is stored. */
async function read(message) {
  const engine = await engineForStorage();
  return engine.handle(message, Date.now());
}

/** Stores the writes `engine` planned; null when done, else the error answer. */
async function write(engine, writes) {
  willWrite(writes);
  const refused = await writer.commit(writes);
  if (refused) invalidate(); // storage may hold part of it: read it again
  else followWrites(engine, writes);
  return refused;
}

/** A change: planned by the engine and written, one change at a time. */
function change(message) {
  return writer.enqueue(async () => {
    const engine = await engineForStorage();
    const { answer, writes } = engine.respond(message, Date.now());
    if (writes) {
      const refused = await write(engine, writes);
      if (refused) return refused;
    }
    return answer;
  });
}

/** Brings storage to the current schema (the provisional `history` key, the `schema` key). */
function migrate() {
  return writer
    .enqueue(async () => {
      const engine = await engineForStorage();
      const writes = engine.migration;
      if (!writes) return;
      const refused = await write(engine, writes);
      if (refused) console.warn(`Too Soon? could not migrate storage: ${refused.message}`);
    })
    .catch((error) => console.warn(`Too Soon? could not migrate storage: ${error?.message ?? error}`));
}

async function answer(message) {
  try {
    return (await changesStorage(message)) ? await change(message) : await read(message);
  } catch (error) {
    return failure('engine_unavailable', String(error?.message ?? error));
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fromThisExtension(sender)) return false;
  answer(message).then(sendResponse);
  return true; // the answer comes asynchronously
});

onStorageChanged((changes) => {
  if (changes.history?.newValue !== undefined) migrate();
});
migrate();
