// The one contract between the engine and the extension (extension/shared/contract.js,
// generated from the Rust definitions; crate/tests/contract.rs fails when it is stale):
// every message type has its builder in shared/protocol.js and every builder sends a type
// the engine defines, and no module keeps a hand copy of what the contract lists.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as contract from '../../extension/shared/contract.js';
import * as P from '../../extension/shared/protocol.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const EXTENSION = join(ROOT, 'extension');
/** What protocol.js exports that is not a request builder. */
const NOT_REQUESTS = new Set(['error', 'isPublished', 'recipientsFound']);

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.js') && entry.name !== 'contract.js' ? [path] : [];
  });
}

describe('contract', () => {
  it('every message type the engine defines has one builder, and every builder sends one of them', () => {
    const built = Object.entries(P)
      .filter(([name, value]) => typeof value === 'function' && !NOT_REQUESTS.has(name))
      .map(([, build]) => build());
    for (const message of built) assert.equal(message.v, contract.VERSION);
    assert.deepEqual(built.map((m) => m.type).sort(), Object.values(contract.MESSAGE).sort());
  });

  it('the popup asks a compose for its recipients with the protocol\'s message, answered in its shape', () => {
    assert.deepEqual(P.composeRecipients(), { v: 1, type: 'compose_recipients' });
    const recipients = [{ address: 'dana@acme.example', name: 'Dana Hill' }];
    assert.deepEqual(P.recipientsFound(recipients), { v: 1, ok: true, type: 'compose_recipients', recipients });
  });

  it('no module keeps a hand copy of a list, a storage key or the schema version', () => {
    const lists = Object.entries(contract).filter(([, value]) => Array.isArray(value));
    const copies = [];
    for (const file of sources(EXTENSION)) {
      const text = readFileSync(file, 'utf8');
      const where = relative(ROOT, file);
      for (const [name, list] of lists) {
        if (text.includes(`[${list.map((n) => `'${n}'`).join(', ')}]`)) copies.push(`${where}: ${name}`);
      }
      for (const key of Object.values(contract.KEY)) if (text.includes(`'${key}'`)) copies.push(`${where}: '${key}'`);
      for (const prefix of Object.values(contract.PREFIX)) {
        // The prefix alone (`key.startsWith('view:')`) or before a value (`view:${address}`).
        if (text.includes(`'${prefix}'`) || text.includes(`\`${prefix}\${`)) copies.push(`${where}: '${prefix}'`);
      }
      if (/SCHEMA\s*=\s*\d/.test(text)) copies.push(`${where}: a schema version`);
    }
    assert.deepEqual(copies, []);
  });

  it('the options page has a choice and a column for every profile, a switch for every webmail', () => {
    const html = readFileSync(join(EXTENSION, 'options', 'options.html'), 'utf8');
    const columns = [...html.matchAll(/id="col-([a-z_]+)"/g)].map((m) => m[1]);
    assert.deepEqual(columns, contract.PROFILES, 'the table fills its columns in this order');
    for (const profile of contract.PROFILES) assert.match(html, new RegExp(`name="profile" value="${profile}"`));
    for (const provider of contract.PROVIDERS) assert.match(html, new RegExp(`id="provider-${provider}" value="${provider}"`));
  });
});
