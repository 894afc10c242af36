// How a sync item is written in storage.sync: its JSON text (made by the engine)
// compressed with the browser's CompressionStream ("deflate-raw", in service workers and
// Firefox alike), written as text with 5 characters for every 4 bytes (base 85 over
// printable ASCII without the characters JSON or Chromium's JSON writer escape: " \ < > & ').
// What is read back is bounded: an item that inflates past MAX_TEXT is refused.

const DIGITS = [...'!#$%()*+,-./0123456789:;=?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~'].slice(0, 85);
const VALUE = new Map(DIGITS.map((c, i) => [c, i]));

/** An item's text inflates to at most this many bytes (the engine's items are far smaller). */
export const MAX_TEXT = 1 << 20;

async function pipe(bytes, stream) {
  const piped = new Blob([bytes]).stream().pipeThrough(stream);
  const chunks = [];
  let size = 0;
  for (const reader = piped.getReader(); ; ) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_TEXT) {
      reader.cancel().catch(() => {});
      throw new Error(`it inflates to more than ${MAX_TEXT} bytes`);
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

/** Bytes as base-85 text: each 4 bytes (big-endian) as 5 digits; a last n < 4 bytes as n + 1. */
export function toText(bytes) {
  let out = '';
  for (let i = 0; i < bytes.length; i += 4) {
    const n = Math.min(4, bytes.length - i);
    let value = 0;
    for (let k = 0; k < 4; k++) value = value * 256 + (k < n ? bytes[i + k] : 0);
    const digits = [];
    for (let k = 0; k < 5; k++) {
      digits.unshift(DIGITS[value % 85]);
      value = Math.floor(value / 85);
    }
    out += digits.slice(0, n + 1).join('');
  }
  return out;
}

/** Base-85 text back to bytes; throws on a character that is not a digit. */
export function fromText(text) {
  const out = [];
  for (let i = 0; i < text.length; i += 5) {
    const group = text.slice(i, i + 5);
    if (group.length === 1) throw new Error('truncated');
    let value = 0;
    for (let k = 0; k < 5; k++) {
      const digit = k < group.length ? VALUE.get(group[k]) : 84;
      if (digit === undefined) throw new Error(`unexpected character ${JSON.stringify(group[k])}`);
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) throw new Error('not base 85');
    const bytes = [value >>> 24, (value >>> 16) & 255, (value >>> 8) & 255, value & 255];
    out.push(...bytes.slice(0, group.length - 1));
  }
  return new Uint8Array(out);
}

/** An item's JSON text as the value stored in storage.sync. */
export async function pack(text) {
  return toText(await pipe(new TextEncoder().encode(text), new CompressionStream('deflate-raw')));
}

/** A value read from storage.sync back to its JSON text; throws when it is not one. */
export async function unpack(value) {
  if (typeof value !== 'string') throw new Error('not text');
  return new TextDecoder('utf-8', { fatal: true }).decode(await pipe(fromText(value), new DecompressionStream('deflate-raw')));
}

/** What an item costs in storage.sync: its key and its value as JSON. */
export const cost = (key, value) => key.length + JSON.stringify(value).length;
