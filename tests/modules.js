// The module check of the lint step: the engine's top-level modules (crate/src/<name>.rs or
// crate/src/<name>/) depend on each other without a cycle (`storage` never on `protocol`,
// which depends on it). Only code counts: comments and `#[cfg(test)]` modules are left out.
// And the extension's rooms (background/, content/, popup/, options/, welcome/) import only
// from themselves and from shared/, which imports from no room (docs/architecture.md).
//
//   node tests/modules.js [CRATE_SRC [EXTENSION]]   prints the dependencies; exits 1 on a
//                                                   cycle or an import across rooms
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A Rust source without its comments and its `#[cfg(test)]` items. */
export function code(text) {
  const cut = text.search(/#\[cfg\(test\)\]/);
  return (cut < 0 ? text : text.slice(0, cut)).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
}

/** The top-level modules a source refers to: `crate::name` and `use crate::{name, …}`. */
export function uses(text) {
  const found = new Set();
  const body = code(text);
  for (const [, name] of body.matchAll(/crate::([a-z_][a-z0-9_]*)/g)) found.add(name);
  for (const [, list] of body.matchAll(/crate::\{([^}]*)\}/g)) {
    for (const part of list.split(',')) {
      const name = part.trim().split('::')[0];
      if (/^[a-z_][a-z0-9_]*$/.test(name)) found.add(name);
    }
  }
  return found;
}

/** The files under a path (or the path itself) whose names end with `ending`. */
function files(path, ending = '.rs') {
  return statSync(path).isDirectory() ? readdirSync(path).flatMap((f) => files(join(path, f), ending)) : path.endsWith(ending) ? [path] : [];
}

/** module → the other top-level modules it depends on. */
export function graph(src) {
  const modules = readdirSync(src)
    .filter((f) => f !== 'lib.rs' && f !== 'main.rs' && f !== 'bin' && (f.endsWith('.rs') || statSync(join(src, f)).isDirectory()))
    .map((f) => f.replace(/\.rs$/, ''));
  const deps = new Map();
  for (const m of modules) {
    const path = statSync(join(src, m), { throwIfNoEntry: false })?.isDirectory() ? join(src, m) : join(src, `${m}.rs`);
    const used = new Set();
    for (const file of files(path)) for (const u of uses(readFileSync(file, 'utf8'))) if (u !== m && modules.includes(u)) used.add(u);
    deps.set(m, [...used].sort());
  }
  return deps;
}

/** The first cycle found, as a path `a → b → a`, or null. */
export function cycle(deps) {
  const state = new Map(); // 1 visiting, 2 done
  const stack = [];
  const visit = (m) => {
    state.set(m, 1);
    stack.push(m);
    for (const d of deps.get(m) ?? []) {
      if (state.get(d) === 1) return [...stack.slice(stack.indexOf(d)), d];
      if (!state.has(d)) {
        const found = visit(d);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(m, 2);
    return null;
  };
  for (const m of deps.keys()) {
    if (state.has(m)) continue;
    const found = visit(m);
    if (found) return found;
  }
  return null;
}

/** The relative paths a JavaScript module imports (static `import … from` and `import()`). */
export function imports(text) {
  const body = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...body.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)].map((m) => m[1]);
}

/**
 * The imports of the extension's JavaScript that cross rooms: `file → imported`, where a
 * room (a top-level folder) imports from another room than itself and shared/, or shared/
 * from any room. The engine's glue (engine/, built) is the background's.
 */
export function crossings(root) {
  const found = [];
  const room = (path) => relative(root, path).split(sep)[0];
  for (const file of files(root, '.js')) {
    const from = room(file);
    for (const target of imports(readFileSync(file, 'utf8'))) {
      const to = room(resolve(dirname(file), target));
      const allowed = to === from || (from !== 'shared' && to === 'shared') || (from === 'background' && to === 'engine');
      if (!allowed) found.push(`${relative(root, file)} → ${target}`);
    }
  }
  return found;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const src = process.argv[2] ?? fileURLToPath(new URL('../crate/src', import.meta.url));
  const extension = process.argv[3] ?? fileURLToPath(new URL('../extension', import.meta.url));
  const deps = graph(src);
  for (const [m, d] of deps) console.log(`${m} → ${d.join(', ') || '(nothing)'}`);
  const found = cycle(deps);
  console.log(found ? `modules: a cycle: ${found.join(' → ')}` : 'modules: no cycle');
  const crossed = crossings(extension);
  for (const c of crossed) console.log(`modules: across rooms: ${c}`);
  if (!crossed.length) console.log('modules: the extension imports across no room but shared/');
  process.exit(found || crossed.length ? 1 : 0);
}
