// The browser's extension API (for the pages and the content scripts) and the one way the
// pages talk to the background.
import { ERROR } from './contract.js';
import { error } from './protocol.js';

/** The browser's extension API (Firefox's `browser`, Chromium's `chrome`). */
export const api = globalThis.browser ?? globalThis.chrome;

/** Sends one protocol message to the background; a failure to deliver is an error answer. */
export function send(message) {
  return api.runtime.sendMessage(message).catch((failure) => error(ERROR.engineUnavailable, String(failure?.message ?? failure)));
}
