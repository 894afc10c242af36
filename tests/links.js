// The link check of the lint step: every relative link and `#anchor` in README.md and
// docs/*.md resolves, and every file a source comment cites exists in the repository.
//
//   node tests/links.js [ROOT]     prints each broken link or citation; exits 1 on any
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
export function slug(heading) {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[^\p{L}\p{N}\s-]/gu, '')
    .replace(/\s/g, '-');
}

/** The anchors a Markdown text defines (its headings; repeated ones get -1, -2…). */
export function anchors(markdown) {
  const seen = new Map();
  const out = new Set();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = !fenced && /^#{1,6}\s+(.*)$/.exec(line);
    if (!m) continue;
    const base = slug(m[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** The links of a Markdown text, outside code: `[text](target)` and `![alt](target)`. */
export function links(markdown) {
  const out = [];
  let fenced = false;
  markdown.split('\n').forEach((line, i) => {
    if (line.startsWith('```')) fenced = !fenced;
    if (fenced) return;
    const prose = line.replace(/`[^`]*`/g, '');
    for (const m of prose.matchAll(/\]\(([^)\s]+)\)/g)) out.push({ target: m[1], line: i + 1 });
  });
  return out;
}

/** Every broken link of the Markdown files `files` (paths relative to `root`). */
export function brokenLinks(root, files) {
  const problems = [];
  const read = (file) => readFileSync(join(root, file), 'utf8');
  for (const file of files) {
    for (const { target, line } of links(read(file))) {
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:…
      const [path, anchor] = target.split('#');
      const to = path ? relative(root, resolve(root, dirname(file), decodeURI(path))) : file;
      const where = `${file}:${line}: ${target}`;
      if (to.startsWith('..') || !existsSync(join(root, to))) {
        problems.push(`${where}: no file ${to}`);
      } else if (anchor !== undefined && to.endsWith('.md') && !anchors(read(to)).has(anchor)) {
        problems.push(`${where}: ${to} has no heading #${anchor}`);
      }
    }
  }
  return problems;
}

const CITED = /(?:^|[\s(`'"])((?:[\w.-]+\/)*[\w-]+\.(?:md|rs|js|json|html|css|sh|toml|txt))\b/g;
const COMMENT = /^\s*(?:\/\/|\/\*|\*|#(?![[!])|<!--)/;
// Files that exist only once built (wasm-bindgen's glue), not in the repository.
const BUILT = new Set(['too_soon.js']);

/** Every file cited in a source file's comments that the repository does not hold. */
export function brokenCitations(root, sources, tracked) {
  const paths = new Set(tracked);
  const names = new Set(tracked.map((f) => basename(f)));
  const problems = [];
  for (const file of sources) {
    readFileSync(join(root, file), 'utf8').split('\n').forEach((text, i) => {
      if (!COMMENT.test(text)) return;
      for (const [, cited] of text.matchAll(CITED)) {
        if (BUILT.has(cited) || /^\d/.test(cited) || /^(dist|target)\//.test(cited)) continue; // built, not kept
        const found = cited.includes('/')
          ? paths.has(cited.replace(/^\.\//, '')) || paths.has(relative(root, resolve(root, dirname(file), cited))) ||
            tracked.some((f) => f.endsWith(`/${cited}`))
          : names.has(cited);
        if (!found) problems.push(`${file}:${i + 1}: cites ${cited}, which is not in the repository`);
      }
    });
  }
  return problems;
}

function trackedFiles(root) {
  return execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
    .split('\n')
    .filter((f) => f && existsSync(join(root, f)));
}

/** The whole check over a checkout. */
export function check(root) {
  const tracked = trackedFiles(root);
  const markdown = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
  const sources = tracked.filter((f) => /\.(rs|js|sh|css|html)$/.test(f) && !f.startsWith('tests/fixtures/') || f === 'build.sh' || f === '.ci/run');
  return [...brokenLinks(root, markdown), ...brokenCitations(root, sources, tracked)];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = process.argv[2] ?? fileURLToPath(new URL('..', import.meta.url));
  const problems = check(root);
  for (const p of problems) console.error(p);
  console.log(problems.length ? `links: ${problems.length} broken` : 'links: every link and citation resolves');
  process.exit(problems.length ? 1 : 0);
}
