// The background: answers the extension's own messages with the engine, is the only
// writer of storage, and shows reminders. Listeners are registered synchronously at
// start-up (a service worker may be woken by a message or an alarm before anything else
// runs); the engine loads lazily.
import { ERROR, MESSAGE } from '../shared/contract.js';
import * as P from '../shared/protocol.js';
import { clockOffset, followClockChange, now } from './clock.js';
import { changesStorage, engineForStorage, followWrites, invalidate, moduleInstance, recoverFrom, willWrite } from './engine.js';
import { dropStatus, keepStatus } from './last-status.js';
import { ALARM, createReminders } from './reminders.js';
import { createMirror } from './mirror.js';
import { onStorageChanged, readStorage, recovered } from './storage.js';
import { admission } from './senders.js';
import { createWriter } from './store.js';
import { createToolbar } from './toolbar.js';
import { welcome } from './welcome.js';
import { createSync } from './sync.js';
import { api } from '../shared/runtime.js';

// A call into the browser's parent process keeps the background running (Firefox resets
// its idle timer on one) while a long change is written; its answer does not matter.
const keepAlive = () => api.runtime.getPlatformInfo().catch(() => {});
const writer = createWriter(api.storage.local, recovered, keepAlive);
const mirror = createMirror(api, readStorage);

/** A read: answered from the engine over what is stored. */
async function read(message) {
  const at = await now();
  const engine = await engineForStorage();
  const answer = engine.handle(message, at);
  if (message?.type === MESSAGE.status) keepStatus(answer);
  return answer;
}

/** Stores the writes `engine` planned; null when done, else the error answer. */
async function write(engine, writes) {
  willWrite(writes);
  sync.wrote(writes);
  await dropStatus(); // what it says may change
  const refused = await writer.commit(writes);
  if (refused) invalidate(); // storage may hold part of it: read it again
  else followWrites(engine, writes);
  await dropStatus(); // one computed while the change was written is out of date too
  return refused;
}

const sync = createSync({ api, writer, engineForStorage, write, now, moduleInstance });

/** A change: planned by the engine and written, one change at a time. */
function change(message) {
  return writer.enqueue(async () => {
    const at = await now();
    const engine = await engineForStorage();
    const { answer, writes } = engine.respond(message, at);
    if (writes) {
      const refused = await write(engine, writes);
      if (refused) return refused;
    }
    return answer;
  });
}

/** Logs an error of a background task (after a trap of the engine, a fresh one is made). */
const warning = (what) => (error) => {
  recoverFrom(error);
  console.warn(`Too Soon? ${what}: ${error?.message ?? error}`);
};

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
    .catch(warning('could not migrate storage'));
}

/**
 * Publishes every per-address view again when they were computed by another engine or
 * in another time zone (or never: the first start with views, a migrated history).
 */
function publishViews() {
  return writer
    .enqueue(async () => {
      const zone = Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
      const at = await now();
      const engine = await engineForStorage();
      const writes = engine.publication(at, zone);
      if (!writes) return;
      const refused = await write(engine, writes);
      if (refused) console.warn(`Too Soon? could not publish the compose views: ${refused.message}`);
    })
    .catch(warning('could not publish the compose views'));
}

const reminders = createReminders({ api, writer, engineForStorage, write, now, offset: clockOffset, recoverFrom });
const toolbar = createToolbar(() =>
  read(P.status()).then(
    (status) => status.due_today ?? 0,
    (error) => {
      recoverFrom(error);
      throw error;
    },
  ),
);

async function answer(message) {
  try {
    if (await changesStorage(message)) {
      const answered = await change(message);
      if (answered?.ok) {
        sync.changed(message);
        reminders.check(); // what is due, and the alarm, may have changed
        toolbar.refresh();
      }
      return answered;
    }
    // Asking what is due first shows what was not shown yet.
    if (message?.type === MESSAGE.reminders) await reminders.check();
    const answered = await read(message);
    if (message?.type === MESSAGE.status && answered?.ok) toolbar.shown(answered.due_today ?? 0);
    return answered;
  } catch (error) {
    if (recoverFrom(error)) {
      return P.error(ERROR.engineUnavailable, `The engine failed on this message and was restarted (${error.message}); ask again.`);
    }
    return P.error(ERROR.engineUnavailable, String(error?.message ?? error));
  }
}

api.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const admitted = admission(message, sender, api.runtime.id, api.runtime.getURL(''));
  if (admitted === 'ignore') return false; // not from this extension
  if (admitted === 'refuse') {
    sendResponse(P.error(ERROR.forbidden, `A webmail page's content script may not ask for "${String(message?.type).slice(0, 40)}".`));
    return false;
  }
  answer(message).then(sendResponse);
  return true; // the answer comes asynchronously
});

onStorageChanged((changes) => {
  mirror.follow(changes);
  if (changes.history?.newValue !== undefined) migrate().then(publishViews);
  if (followClockChange(changes)) {
    reminders.check(); // tests moving time
    toolbar.refresh();
  }
});

api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) {
    reminders.check();
    toolbar.refresh();
  }
});
api.notifications.onClicked.addListener((id) => {
  reminders.clicked(id).catch((error) => console.warn(`Too Soon? could not open the options page: ${error?.message ?? error}`));
});

// At every start of the background (browser start-up, or woken after being stopped):
// storage brought to the current schema and the compose views published, then reminders
// shown, the alarm re-armed and the toolbar count shown; in Chromium, storage.local kept
// to the extension's own contexts and what the badge reads mirrored for content scripts.
// (Listening to onStartup makes the browser start the background with itself.) A status
// kept by the last session is not shown at the first opening.
api.runtime.onStartup.addListener(() => dropStatus());
api.runtime.onInstalled.addListener((details) => {
  if (P.INSTALLED) api.storage.session.set({ [P.INSTALLED]: details.reason });
  Promise.resolve(welcome(details, api)).catch((error) => console.warn(`Too Soon? could not open the welcome page: ${error?.message ?? error}`));
});
mirror.start();
migrate().then(publishViews);
reminders.check();
toolbar.refresh();
sync.start();
