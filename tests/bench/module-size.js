// Where the WebAssembly module's bytes are: the module built as `./build.sh` ships it
// (wasm-bindgen, then wasm-opt with the same flags), once more with its function names
// kept, and its code grouped by what it belongs to: the engine's own modules (with what
// the compiler inlined into them), the exports' glue, std, serde, the allocator, chrono.
// The names cost no code: the named module's code section is the shipped one's.
//   node tests/bench/module-size.js        the everyday engine (after ./build.sh; ./build.sh bench runs it)
//   node tests/bench/module-size.js sync   the engine with sync (docs/performance.md, "Two modules")
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const withSync = process.argv[2] === 'sync';
// build.sh keeps each build's module as cargo made it, under target/engine/<its folder>.
const built = `${root}target/engine/${withSync ? 'sync' : 'engine'}/too_soon.wasm`;
const shipped = `${root}dist/extension/engine/${withSync ? 'sync/' : ''}too_soon_bg.wasm`;
const out = `${root}target/size`;
const run = (cmd, args) => execFileSync(cmd, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });

for (const file of [built, shipped]) {
  try {
    statSync(file);
  } catch {
    throw new Error(`${file} is missing: run ./build.sh first`);
  }
}
mkdirSync(out, { recursive: true });
run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--keep-debug', '--experimental-reset-state-function', '--out-dir', out, built]);
const named = `${out}/too_soon_bg.wasm`;
run('bash', ['build.sh', 'optimize-wasm', named, '-g']);

/** A module's sections: `{id, size, body}`, and its functions' code sizes with their names. */
function parse(bytes) {
  let at = 8;
  const leb = () => {
    let value = 0;
    let shift = 0;
    for (;;) {
      const byte = bytes[at++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
      if (byte < 0x80) return value;
    }
  };
  const text = () => {
    const length = leb();
    const s = new TextDecoder().decode(bytes.subarray(at, at + length));
    at += length;
    return s;
  };
  const sections = [];
  let imported = 0;
  const sizes = [];
  const names = new Map();
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = leb();
    const end = at + size;
    sections.push({ id, size });
    if (id === 2) {
      // imports: only the functions' count matters (they come first in the index space)
      for (let n = leb(); n > 0; n--) {
        text();
        text();
        const kind = bytes[at++];
        if (kind === 0) {
          leb();
          imported++;
        } else if (kind === 1) {
          at++;
          if (bytes[at++] & 1) leb();
          leb();
        } else if (kind === 2) {
          if (bytes[at++] & 1) leb();
          leb();
        } else if (kind === 3) at += 2;
        else leb(); // a tag
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const start = at;
        const length = leb();
        sizes.push(at - start + length);
        at += length;
      }
    } else if (id === 0 && text() === 'name') {
      while (at < end) {
        const kind = bytes[at++];
        const length = leb();
        const next = at + length;
        if (kind === 1) for (let n = leb(); n > 0; n--) names.set(leb(), text());
        at = next;
      }
    }
    at = end;
  }
  return { sections, functions: sizes.map((size, i) => ({ size, name: names.get(imported + i) ?? `#${i}` })) };
}

const STD = ['core', 'alloc', 'std', 'hashbrown', '__rustc', 'compiler_builtins'];

/** What a function belongs to: an engine module, the exports' glue, or a crate. */
function area(name) {
  const plain = name.replace(/\[[0-9a-f]+\]/g, '');
  if (plain.startsWith('#')) return 'without a name (made by wasm-bindgen or wasm-opt)';
  if (/ shim/.test(plain)) return 'exports: wasm-bindgen glue, with the exported bodies inlined';
  if (/^__(externref|wbg|wbindgen)/.test(plain)) return 'wasm-bindgen and js-sys';
  if (/^__(multi3|rdl|rust)/.test(plain)) return 'Rust std (core, alloc, collections, iterators)';
  // `<X as Trait>::f` and `<impl Trait for X>::f` belong to X; `<T as Trait>::f`, for a
  // type of std or a generic one, to the trait's crate.
  const [, self = plain, trait = ''] = /^<(?:impl(?:<[^>]*>)? )?&?(?:mut )?(?:dyn )?([^ >]+)(?: as | for )?([^ >]*)/.exec(plain) ?? [];
  const crateOf = (path) => /^([a-z_0-9]+)::/.exec(path)?.[1];
  let crate = crateOf(self) ?? crateOf(trait) ?? (/^(str|char|\[|[iuf]\d+|bool)/.test(self) ? 'core' : 'other');
  if (crate === 'too_soon') return `engine: ${/^too_soon::([a-z_]+)/.exec(self)?.[1] ?? 'other'}`;
  if (STD.includes(crate)) return 'Rust std (core, alloc, collections, iterators)';
  if (['serde', 'serde_core', 'serde_json', 'itoa', 'zmij', 'ryu'].includes(crate)) return 'serde and serde_json (with its number writers)';
  if (['wasm_bindgen', 'js_sys'].includes(crate)) return 'wasm-bindgen and js-sys';
  return crate;
}

const module = parse(readFileSync(named));
const code = module.functions.reduce((n, f) => n + f.size, 0);
const section = (id) => module.sections.filter((s) => s.id === id).reduce((n, s) => n + s.size, 0);
const size = (file) => statSync(file).size;
const kb = (n) => `${(n / 1000).toFixed(1).padStart(6)} KB`;
const share = (n) => `${((100 * n) / code).toFixed(1).padStart(5)}%`;

const bytes = readFileSync(shipped);
console.log(`shipped (${withSync ? 'the engine with sync' : 'the everyday engine'}): ${size(shipped)} bytes raw, ${execFileSync('gzip', ['-9', '-n', '-c', shipped]).length} bytes gzipped${withSync ? '' : ' (target: under 300 KB raw, 125 KB gzipped)'}`);
const shippedCode = parse(bytes).sections.find((s) => s.id === 10).size;
console.log(`code ${code} bytes in ${module.functions.length} functions (shipped code section: ${shippedCode} bytes); data ${section(11)} bytes`);
console.log('\ncode by what it belongs to:');
const areas = new Map();
for (const f of module.functions) areas.set(area(f.name), (areas.get(area(f.name)) ?? 0) + f.size);
for (const [name, n] of [...areas].sort((a, b) => b[1] - a[1]).filter(([, n]) => n >= 1000)) console.log(`${kb(n)} ${share(n)}  ${name}`);
const rest = [...areas.values()].filter((n) => n < 1000).reduce((a, b) => a + b, 0);
console.log(`${kb(rest)} ${share(rest)}  the rest (each under 1 KB)`);
// Sync's share: what the everyday engine leaves out (the serde and std code sync uses
// stays, for the rest of the engine uses it too).
const sync = module.functions.filter((f) => area(f.name) === 'engine: sync' || /^(engine_syncStep|syncsession_)/.test(f.name));
const syncBytes = sync.reduce((n, f) => n + f.size, 0);
console.log(`${kb(syncBytes)} ${share(syncBytes)}  of it sync's own, with its exports' glue`);
console.log('\nthe largest functions (with what is inlined into them):');
for (const f of [...module.functions].sort((a, b) => b.size - a.size).slice(0, Number(process.env.TOP ?? 12))) {
  console.log(`${kb(f.size)}  ${f.name.replace(/\[[0-9a-f]+\]/g, '').replace(/::h[0-9a-f]{16}$/, '').slice(0, 110)}`);
}
