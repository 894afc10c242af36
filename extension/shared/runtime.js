// The browser's extension API (for the pages and the content scripts) and the one way the
// pages talk to the background.
import { ERROR } from './contract.js';
import { error } from './protocol.js';

/** The browser's extension API (Firefox's `browser`, Chromium's `chrome`). */
export const api = globalThis.browser ?? globalThis.chrome;

/**
 * Sends one protocol message to the background; a failure to deliver is an error answer
 * (also one thrown at once, as Chromium does for a message over 64 MiB).
 */
export async function send(message) {
  try {
    return await api.runtime.sendMessage(message);
  } catch (failure) {
    return error(ERROR.engineUnavailable, String(failure?.message ?? failure));
  }
}
