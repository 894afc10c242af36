// An address as the engine keys its published views (crate/src/model/address.rs,
// `normalize_address`): trimmed and lower-cased, and a domain written with non-ASCII
// letters in its ASCII form, by the browser's URL parser as the engine's WebAssembly build
// does (IDNA: bücher.example → xn--bcher-kva.example).
import { REORDERING } from './contract.js';

const ASCII = /^[\x00-\x7f]*$/;
const hex = (code) => `\\u{${code.toString(16)}}`;
const INVISIBLE = new RegExp(`[\\u200b-\\u200d${REORDERING.map(([from, to]) => `${hex(from)}-${hex(to)}`).join('')}]`, 'gu');

/**
 * `text` without the invisible characters a page may put around an address or a name:
 * zero-width spaces and joiners, and what reorders text (the engine's `text::reorders`,
 * through the contract), such as the isolates our own sentences put around an address.
 */
export const visible = (text) => String(text ?? '').replace(INVISIBLE, '');

const DOMAIN = /^(?:[^\x00-\x7f]|[a-z0-9.-])+$/; // what the engine converts; anything else stays

export function normalize(address) {
  const lowered = String(address ?? '').trim().toLowerCase();
  const at = lowered.lastIndexOf('@');
  const domain = lowered.slice(at + 1);
  if (at < 0 || ASCII.test(domain) || !DOMAIN.test(domain)) return lowered;
  try {
    const ascii = new URL(`http://${domain}/`).hostname;
    return ascii && ASCII.test(ascii) ? `${lowered.slice(0, at)}@${ascii}` : lowered;
  } catch {
    return lowered; // not a host name: matches no view, as in the engine
  }
}
