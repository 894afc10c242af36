#!/usr/bin/env bash
# ./build.sh bench: every benchmark, each printing its numbers. Not part of the tests.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
echo "== engine, native (criterion)"
cargo bench --quiet -p too-soon --bench engine -- --noplot 2>&1 | grep -E 'time:|^[a-z(]' || true
echo "== sync: merging a remote change, the packed size (native)"
cargo bench --quiet -p too-soon --bench sync 2>&1 | grep -E '^(merge|packed|  after a restart)' || true
echo "== engine, WebAssembly in headless Chromium vs native"
node tests/bench/wasm-vs-native.js
echo "== backup and restore: 1,000 opportunities, 50,000 events, in headless Chromium"
node tests/bench/backup.js
echo "== popup: 200 opportunities, opened 20 times, in headless Chromium"
node tests/bench/popup.js
echo "== WebAssembly module size, and where its bytes are: the everyday engine, then the engine with sync"
node tests/bench/module-size.js
TOP=0 node tests/bench/module-size.js sync
echo "== content script in Gmail's compose: badge latency, a heavy page, size (headless Chromium)"
node tests/bench/compose.js
echo "== crash consistency: a Replace restore killed or stopped at 20 points (headless Chromium)"
node tests/bench/crash-consistency.js 20
