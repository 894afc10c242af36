// Addresses in what a compose shows and what is typed into its recipient fields.
import { visible } from '../shared/address.js';

/** Something that looks like an address (anywhere in a text), and a text that is one whole. */
export const ADDRESS = /[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+/;
export const WHOLE_ADDRESS = new RegExp(`^${ADDRESS.source}$`);

/**
 * The whole addresses in text typed into a recipient field and not yet a chip, separated
 * by commas or semicolons: `pat@example.com`, or as mail programs write one (pasted from
 * elsewhere) `Pat Example <pat@example.com>`; lower-cased. A name alone, or half an
 * address, is none.
 */
export function typedAddresses(text) {
  return String(text ?? '')
    .split(/[;,]/)
    .map((part) => {
      const typed = visible(part).trim();
      return (/<([^<>]+)>$/.exec(typed)?.[1] ?? typed).trim().toLowerCase();
    })
    .filter((address) => WHOLE_ADDRESS.test(address));
}
