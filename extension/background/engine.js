// The WebAssembly engine, loaded once per background lifetime, on first use.
// `engineForStorage()` returns an Engine over what is stored. It is built by reading all
// of storage once, then follows the writer's own changes in memory (`followWrites`), so
// logging an event does not read the whole history again; a change from anywhere else
// (seen through storage.onChanged) makes the next message read storage again.
// There are two builds of the module (docs/performance.md, "Two modules"): the everyday
// engine, and the engine with sync's exports (`syncStep`, `SyncSession`), loaded instead
// when sync is on at start, or in its place when sync is turned on (`engineForStorage({
// sync: true })`); the everyday one is then never used again.
// A trap of the WebAssembly module (`WebAssembly.RuntimeError`: its memory may be left in
// any state) throws the instance away: `recoverFrom` makes a fresh one (build.sh passes
// wasm-bindgen `--experimental-reset-state-function`), and objects of the old one are
// never used or freed again.
import * as everyday from '../engine/too_soon.js';
import * as withSync from '../engine/sync/too_soon.js';
import { syncIsOn } from '../shared/sync-keys.js';
import { dropStatus } from './last-status.js';
import { readStorage, onStorageChanged } from './storage.js';

let glue = null; // the module's glue in use (everyday or withSync), chosen at its first load
let loading = null; // the ready-promise: module compiled and instantiated
let current = null; // { generation, engine, instance } for what is stored
let generation = 0;
let instance = 0; // how many times the module was made afresh (after a trap) or replaced
const recovered = new WeakSet(); // the traps already recovered from
// What the writer stored since the engine was built (key → JSON, null when removed):
// storage.onChanged reporting exactly these values is the writer's own change.
let written = new Map();

/**
 * Forgets the Engine (and the status it last answered): the next message reads storage
 * again. Engines are used only synchronously once handed out (a caller awaits what it
 * needs, the time too, before it asks for one), so the old one is freed after the
 * current task.
 */
export function invalidate() {
  dropStatus();
  generation += 1;
  written = new Map();
  const old = current;
  current = null;
  if (old?.engine && old.instance === instance) {
    setTimeout(() => {
      if (old.instance === instance) old.engine.free(); // never into a fresh instance
    }, 0);
  }
}

/**
 * After an error thrown by an engine call: when it is a trap of the module, the instance
 * is thrown away and a fresh one made (what is stored is read again). True when it was one.
 */
export function recoverFrom(error) {
  if (!(error instanceof WebAssembly.RuntimeError) || !glue) return false;
  if (recovered.has(error)) return true; // seen by an outer catch too: one fresh instance
  recovered.add(error);
  freshInstance();
  return true;
}

/**
 * Throws the module's instance away for a fresh, empty one (the memory it held goes with
 * it): the Engine is forgotten, and objects of the old instance are never used or freed.
 */
function freshInstance() {
  invalidate();
  instance += 1;
  glue.__wbg_reset_state();
}

const json = (value) => (value === undefined ? null : JSON.stringify(value));

onStorageChanged((changes) => {
  const own = Object.entries(changes).every(
    ([key, change]) => written.has(key) && written.get(key) === json(change.newValue),
  );
  if (!own) invalidate();
});

/** Which instance of the module is the current one (objects of another are never used). */
export const moduleInstance = () => instance;

/**
 * Resolves when the WebAssembly module is ready (loads it on the first call only): the
 * one with sync when sync is on, else the everyday one.
 */
function engineReady() {
  loading ??= (async () => {
    glue ??= (await syncIsOn().catch(() => false)) ? withSync : everyday;
    await glue.default();
  })().catch((error) => {
    loading = null; // let the next message try again
    throw error;
  });
  return loading;
}

/**
 * Sync was turned on: the engine with sync takes the everyday one's place. The everyday
 * module is made afresh, empty (the memory its engine held goes with its old instance),
 * and its objects are never used or freed again.
 */
async function replaceBySync() {
  const ready = await loading?.then(
    () => true,
    () => false,
  );
  if (glue === withSync) return;
  if (ready) freshInstance(); // of the everyday module, never used again
  glue = withSync;
  loading = null;
}

/** Does this message change what is stored? */
export async function changesStorage(message) {
  await engineReady();
  return glue.isWrite(message);
}

/**
 * The Engine for what is stored now (never throws for bad data: it answers with errors);
 * with `sync`, one of the engine with sync (its `syncStep` takes a `SyncSession`).
 */
export async function engineForStorage({ sync = false } = {}) {
  if (sync) await replaceBySync();
  await engineReady();
  if (current?.generation === generation) return current.engine;
  const seen = generation;
  const stored = await readStorage();
  if (seen !== generation) return engineForStorage({ sync }); // storage changed while it was read
  const engine = glue.Engine.fromStorage(stored);
  current = { generation: seen, engine, instance };
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
