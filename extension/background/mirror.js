// Chromium keeps storage.local and storage.sync to the extension's own pages and
// background (access level TRUSTED_CONTEXTS): a webmail page's content script can neither
// read the history nor write it. What the compose badge reads (protocol.js's isPublished: the views, the
// name index, the settings) is mirrored into storage.session, opened to content scripts
// (TRUSTED_AND_UNTRUSTED_CONTEXTS): copied whole when the session has no copy yet (the
// browser started), then followed change by change. storage.session lives in the
// browser's memory, so the badge reads it as fast with the service worker stopped.
// Firefox has no access level for storage.local: nothing is mirrored there, and content
// scripts read storage.local (see docs/security.md, "The background").
import * as P from '../shared/protocol.js';

/** The published keys of `items` (key → value). */
const published = (items) => Object.fromEntries(Object.entries(items).filter(([key]) => P.isPublished(key)));

/**
 * The mirror over `api.storage`; `readLocal()` reads storage.local as the engine sees it.
 * `start()` restricts storage.local and storage.sync and makes the first copy; `follow(changes)` follows
 * a change of storage.local. Both resolve once done, never reject.
 */
export function createMirror(api, readLocal) {
  const { local, session } = api.storage;
  let chain = Promise.resolve();
  const run = (task) => {
    chain = chain.then(task).catch((error) => console.warn(`Too Soon? could not mirror the compose views: ${error?.message ?? error}`));
    return chain;
  };
  // Only where storage.local can be kept to trusted contexts is a mirror needed (and made).
  const enabled = (async () => {
    if (typeof local?.setAccessLevel !== 'function' || typeof session?.setAccessLevel !== 'function') return false;
    try {
      await local.setAccessLevel({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      return false; // this browser cannot restrict storage.local: content scripts read it
    }
    // storage.sync holds the history too once sync is on (docs/sync.md): kept as close.
    try {
      await api.storage.sync?.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch (error) {
      console.warn(`Too Soon? could not keep storage.sync from content scripts: ${error?.message ?? error}`);
    }
    await session.setAccessLevel({ accessLevel: 'TRUSTED_AND_UNTRUSTED_CONTEXTS' });
    return true;
  })();

  return {
    enabled,
    start: () =>
      run(async () => {
        if (!(await enabled)) return;
        if ((await session.get(P.MIRRORED))[P.MIRRORED]) return; // copied since the browser started
        await session.set({ ...published(await readLocal()), [P.MIRRORED]: true });
      }),
    follow: (changes) =>
      run(async () => {
        if (!(await enabled)) return;
        const set = {};
        const remove = [];
        for (const [key, change] of Object.entries(changes)) {
          if (!P.isPublished(key)) continue;
          if (change.newValue === undefined) remove.push(key);
          else set[key] = change.newValue;
        }
        if (Object.keys(set).length) await session.set(set);
        if (remove.length) await session.remove(remove);
      }),
  };
}
