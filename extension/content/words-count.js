// The draft's length, for the engine's H-SHORT hint: the words of the compose's body,
// without the quoted history and the signature (each adapter's `notDraft` selector says
// where those are in its webmail), counted once typing pauses, off the typing path. Only
// the count leaves this file, never the text. Whether the count is long is the engine's
// word (a `check` with `words`): its answers are remembered as bounds (at or below a
// count that got no hint, none; at or above one that got it, the hint), so it is asked
// again only when the count crosses into what it has not answered yet.
import { api } from '../shared/runtime.js';
import * as protocol from '../shared/protocol.js';

const PAUSE = 300; // ms after the last keystroke
const WORD = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’_-]*/gu;

/** Words in `text`. */
export const wordsIn = (text) => text.match(WORD)?.length ?? 0;

/** Words of the text under `root`, leaving out every element matching `skip` (and what it holds). */
export function countWords(root, skip) {
  if (!root) return 0;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT, {
    acceptNode: (node) =>
      node.nodeType !== Node.ELEMENT_NODE ? NodeFilter.FILTER_ACCEPT : skip && node.matches(skip) ? NodeFilter.FILTER_REJECT : NodeFilter.FILTER_SKIP,
  });
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) words += wordsIn(node.data);
  return words;
}

// What the engine said: no hint at or below `below` words, the hint at or above `above`,
// for the settings of `basis` (the profile sets the limit).
let bounds = { basis: null, below: -1, above: Infinity };

/**
 * Does H-SHORT hold for `words` words to `addresses`? true / false, or null when the
 * engine could not answer. `basis` identifies the settings (a change forgets the bounds).
 */
export async function isLong(words, addresses, basis) {
  if (bounds.basis !== basis) bounds = { basis, below: -1, above: Infinity };
  if (words <= bounds.below) return false;
  if (words >= bounds.above) return true;
  try {
    const answer = await api.runtime.sendMessage(protocol.check(addresses, 'email', words));
    if (!answer?.ok || !answer.verdict) return null;
    const long = (answer.verdict.hints ?? []).some((hint) => hint.rule === 'H-SHORT');
    if (bounds.basis === basis) {
      if (long) bounds.above = Math.min(bounds.above, words);
      else bounds.below = Math.max(bounds.below, words);
    }
    return long;
  } catch {
    return null; // the extension was reloaded under the page
  }
}

/** Calls `count()` once typing in a compose pauses (per key: `state`). */
export function later(state, count) {
  clearTimeout(state.wordTimer);
  state.wordTimer = setTimeout(count, PAUSE);
}
