// The module check (tests/modules.js) reads dependencies from code only and finds cycles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cycle, graph, uses } from '../modules.js';

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
