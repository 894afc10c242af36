// The module check (tests/modules.js) reads dependencies from code only and finds cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crossings, cycle, graph, uses } from '../modules.js';

test('only code counts: not comments, not test modules', () => {
  const text = '//! See [`crate::format`].\nuse crate::{model::Data, policy};\nfn f() { crate::sort::sort(); }\n#[cfg(test)]\nmod tests { use crate::fixtures; }\n';
  assert.deepEqual([...uses(text)].sort(), ['model', 'policy', 'sort']);
});

test('a cycle between two modules is found; none where there is none', () => {
  const src = mkdtempSync(join(tmpdir(), 'modules-'));
  mkdirSync(join(src, 'storage'));
  writeFileSync(join(src, 'lib.rs'), 'pub mod protocol; pub mod storage; pub mod model;');
  writeFileSync(join(src, 'model.rs'), '');
  writeFileSync(join(src, 'protocol.rs'), 'use crate::storage::plan;');
  writeFileSync(join(src, 'storage', 'plan.rs'), 'use crate::model::Data;');
  assert.equal(cycle(graph(src)), null);
  writeFileSync(join(src, 'storage', 'restore.rs'), 'use crate::protocol::{ErrorCode, Response};');
  assert.deepEqual(cycle(graph(src)), ['protocol', 'storage', 'protocol']);
});

test('an import across the extension\'s rooms is found; shared/ imports from no room', () => {
  const root = mkdtempSync(join(tmpdir(), 'rooms-'));
  for (const room of ['shared', 'popup', 'options', 'background']) mkdirSync(join(root, room));
  writeFileSync(join(root, 'shared', 'words.js'), "import { x } from './dom.js';\n// import { y } from '../popup/list.js';\n");
  writeFileSync(join(root, 'popup', 'list.js'), "import { t } from '../shared/words.js';\nimport * as P from './steps.js';\n");
  writeFileSync(join(root, 'background', 'main.js'), "import init from '../engine/too_soon.js';\n");
  assert.deepEqual(crossings(root), []);
  writeFileSync(join(root, 'options', 'backup.js'), "import { problemLines } from '../popup/way-out.js';\n");
  writeFileSync(join(root, 'shared', 'calendar.js'), "const m = await import('../popup/steps.js');\n");
  assert.deepEqual(crossings(root).sort(), ['options/backup.js → ../popup/way-out.js', 'shared/calendar.js → ../popup/steps.js']);
});
