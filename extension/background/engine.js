// The WebAssembly engine, loaded once per background lifetime, on first use.
// `history()` returns an Engine over the stored history, rebuilt only after it changes.
import init, { Engine } from '../engine/too_soon.js';
import { readHistory, onHistoryChanged } from './history.js';

let loading = null; // the ready-promise: module compiled and instantiated
let current = null; // { generation, engine } for the stored history
let generation = 0;

onHistoryChanged(() => {
  generation += 1;
  current?.engine.free();
  current = null;
});

/** Resolves when the WebAssembly module is ready (loads it on the first call only). */
export function engineReady() {
  loading ??= init().catch((error) => {
    loading = null; // let the next message try again
    throw error;
  });
  return loading;
}

/** The Engine for what is stored now. Throws `{problems}` if the stored history is invalid. */
export async function engineForHistory() {
  await engineReady();
  if (current?.generation === generation) return current.engine;
  const seen = generation;
  const engine = new Engine(await readHistory());
  if (seen !== generation) {
    engine.free(); // the history changed while it was read: read it again
    return engineForHistory();
  }
  current = { generation: seen, engine };
  return engine;
}
