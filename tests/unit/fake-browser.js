// A stand-in for the browser's extension API, for running the built background
// (dist/extension/background/main.js, with the real engine modules from ./build.sh) in
// node: storage in memory (local, session, sync), listeners kept, and the engine's
// modules fetched from their files, each fetch recorded. Used by the unit tests of the
// background as a whole (engine-trap, engine-choice); the end-to-end tests run it in the
// real browsers.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const DIST = process.env.TOO_SOON_EXTENSION_DIR ? new URL(`file://${process.env.TOO_SOON_EXTENSION_DIR}/`) : new URL('../../dist/extension/', import.meta.url);

/**
 * The stand-in API, with `send(message)` (as the options page sends; resolves with the
 * answer) and `fetched` (the paths fetched, relative to the extension's folder).
 */
export function fakeApi() {
  const listeners = { message: [], changed: [] };
  const area = (name, items = {}) => ({
    items,
    async get(keys) {
      if (keys === null) return structuredClone(items);
      const out = {};
      for (const key of [keys].flat()) if (key in items) out[key] = structuredClone(items[key]);
      return out;
    },
    async set(values) {
      const changes = {};
      for (const [key, value] of Object.entries(values)) {
        changes[key] = { oldValue: items[key], newValue: structuredClone(value) };
        items[key] = structuredClone(value);
      }
      if (name !== 'session') for (const l of listeners.changed) l(changes, name);
    },
    async remove(keys) {
      const changes = {};
      for (const key of [keys].flat()) {
        if (key in items) changes[key] = { oldValue: items[key] };
        delete items[key];
      }
      if (name !== 'session' && Object.keys(changes).length) for (const l of listeners.changed) l(changes, name);
    },
  });
  const event = (list) => ({ addListener: (l) => list.push(l) });
  const api = {
    runtime: {
      id: 'too-soon',
      getURL: (path) => `chrome-extension://too-soon/${path}`,
      getPlatformInfo: async () => ({ os: 'linux' }),
      onMessage: event(listeners.message),
      onStartup: event([]),
      onInstalled: event([]),
    },
    storage: { local: area('local'), session: area('session'), sync: area('sync'), onChanged: event(listeners.changed) },
    alarms: { get: async () => undefined, create() {}, clear: async () => true, onAlarm: event([]) },
    notifications: { create: async (id) => id, clear: async () => true, onClicked: event([]) },
    action: { setBadgeText: async () => {}, setBadgeBackgroundColor: async () => {}, setTitle: async () => {} },
  };
  api.send = (message) =>
    new Promise((resolve) => {
      const sender = { id: 'too-soon', url: 'chrome-extension://too-soon/options/options.html', origin: 'chrome-extension://too-soon' };
      for (const l of listeners.message) l(message, sender, resolve);
    });
  api.fetched = [];
  return api;
}

/**
 * Installs `api` as the browser's and starts the built background over it; resolves when
 * its module is loaded. The engine's modules are fetched from their files (node's fetch
 * reads no file: URLs).
 */
export async function startBackground(api) {
  globalThis.chrome = api;
  globalThis.fetch = async (url) => {
    api.fetched.push(fileURLToPath(url).slice(fileURLToPath(DIST).length));
    return new Response(readFileSync(fileURLToPath(url)), { headers: { 'content-type': 'application/wasm' } });
  };
  await import(new URL('background/main.js', DIST));
}
