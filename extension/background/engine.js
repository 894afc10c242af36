// The WebAssembly engine, loaded once per background lifetime, on first use.
// `engineForStorage()` returns an Engine over what is stored. It is built by reading all
// of storage once, then follows the writer's own changes in memory (`followWrites`), so
// logging an event does not read the whole history again; a change from anywhere else
// (seen through storage.onChanged) makes the next message read storage again.
import init, { Engine, isWrite } from '../engine/too_soon.js';
import { dropStatus } from './last-status.js';
import { readStorage, onStorageChanged } from './storage.js';

let loading = null; // the ready-promise: module compiled and instantiated
let current = null; // { generation, engine } for what is stored
let generation = 0;
// What the writer stored since the engine was built (key → JSON, null when removed):
// storage.onChanged reporting exactly these values is the writer's own change.
let written = new Map();

/**
 * Forgets the Engine (and the status it last answered): the next message reads storage
 * again. Engines are used only synchronously once handed out, so the old one is freed
 * after the current task.
 */
export function invalidate() {
  dropStatus();
  generation += 1;
  written = new Map();
  const old = current?.engine;
  current = null;
  if (old) setTimeout(() => old.free(), 0);
}

const json = (value) => (value === undefined ? null : JSON.stringify(value));

onStorageChanged((changes) => {
  const own = Object.entries(changes).every(
    ([key, change]) => written.has(key) && written.get(key) === json(change.newValue),
  );
  if (!own) invalidate();
});

/** Resolves when the WebAssembly module is ready (loads it on the first call only). */
export function engineReady() {
  loading ??= init().catch((error) => {
    loading = null; // let the next message try again
    throw error;
  });
  return loading;
}

/** Does this message change what is stored? */
export async function changesStorage(message) {
  await engineReady();
  return isWrite(message);
}

/** The Engine for what is stored now (never throws for bad data: it answers with errors). */
export async function engineForStorage() {
  await engineReady();
  if (current?.generation === generation) return current.engine;
  const seen = generation;
  const engine = Engine.fromStorage(await readStorage());
  if (seen !== generation) {
    engine.free(); // storage changed while it was read: read it again
    return engineForStorage();
  }
  current = { generation: seen, engine };
  return engine;
}

/** The writer is about to store `writes` (`{set, remove}`). */
export function willWrite(writes) {
  for (const [key, value] of Object.entries(writes.set)) written.set(key, json(value));
  for (const key of writes.remove) written.set(key, null);
}

/** The writer stored `writes`, planned by `engine`: the engine follows, or is forgotten. */
export function followWrites(engine, writes) {
  if (current?.engine !== engine || !engine.apply(writes)) invalidate();
}
