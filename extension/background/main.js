// The background: answers the extension's own messages with the engine.
// Listeners are registered synchronously at start-up (a service worker may be woken by
// a message before anything else runs); the engine loads lazily behind a promise.
import '../shared/protocol.js';
import { engineForHistory } from './engine.js';

const api = globalThis.browser ?? globalThis.chrome;
const { VERSION } = globalThis.TooSoonProtocol;

const failure = (code, message) => ({ v: VERSION, ok: false, type: 'error', code, message });

/** A message is ours only when it comes from this extension (its pages or its content scripts). */
const fromThisExtension = (sender) => sender?.id === api.runtime.id;

async function answer(message) {
  let engine;
  try {
    engine = await engineForHistory();
  } catch (error) {
    if (error?.problems) {
      return failure('data_unreadable', error.problems.map((p) => `${p.path}: ${p.message}`).join('; '));
    }
    return failure('engine_unavailable', String(error?.message ?? error));
  }
  return engine.handle(message, Date.now());
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (!fromThisExtension(sender)) return false;
  answer(message).then(sendResponse, (error) =>
    sendResponse(failure('engine_unavailable', String(error?.message ?? error))),
  );
  return true; // the answer comes asynchronously
});
