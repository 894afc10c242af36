// The link check (tests/links.js) finds what it must, on small trees made here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchors, brokenCitations, brokenLinks, slug } from '../links.js';

function tree(files) {
  const root = mkdtempSync(join(tmpdir(), 'links-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

test('headings become GitHub anchors', () => {
  assert.equal(slug('The message protocol (version 1)'), 'the-message-protocol-version-1');
  assert.equal(slug('`too-soon check`: the verdict'), 'too-soon-check-the-verdict');
  assert.deepEqual([...anchors('# A\n## B c\n```\n# not a heading\n```\n## B c\n')], ['a', 'b-c', 'b-c-1']);
});

test('a link to a heading that exists passes; a broken anchor or file fails', () => {
  const root = tree({
    'README.md': '[ok](docs/a.md#second-part) [self](#top) [web](https://example.org/x#y)\n# Top\n',
    'docs/a.md': '# A\n## Second part\n[back](../README.md#top)\n',
  });
  assert.deepEqual(brokenLinks(root, ['README.md', 'docs/a.md']), []);
  const broken = tree({
    'README.md': '[gone](#the-file-format) [missing](docs/none.md) [bad](docs/a.md#nope)\n',
    'docs/a.md': '# A\n',
  });
  const problems = brokenLinks(broken, ['README.md']);
  assert.equal(problems.length, 3, problems.join('\n'));
  assert.match(problems[0], /no heading #the-file-format/);
  assert.match(problems[1], /no file docs\/none\.md/);
  assert.match(problems[2], /docs\/a\.md has no heading #nope/);
});

test('a comment citing a file the repository does not hold fails', () => {
  const root = tree({ 'src/a.rs': '//! See docs/policy.md and POLICY.md.\nlet x = "NOT.md"; // ok: code\n', 'docs/policy.md': '# P\n' });
  const problems = brokenCitations(root, ['src/a.rs'], ['src/a.rs', 'docs/policy.md']);
  assert.deepEqual(problems, ['src/a.rs:1: cites POLICY.md, which is not in the repository']);
});
