// After a logged send, the webmail page says what was logged, for a few seconds:
// "Logged: follow-up to Dana Hill (Acme) · Undo", centred at the bottom, as wide as its
// words (up to the window's width), above where webmails show their own "Message sent".
// Undo removes it again (the background's `forget_send`). It lives in a closed shadow
// root like the badge, is a polite status for screen readers, and its Undo is a button the
// keyboard reaches (Tab); it stays while the focus is on it. After Undo the focus stays
// on its words (the button is gone); when it closes with the focus in it, the focus goes
// back to where it came from. Light or dark as the page is (theme.js).
import { t } from '../shared/words.js';
import { darkBehind } from './theme.js';
import { BASE, el, actionButton, shadowHost } from './ui.js';

const SHOWN = 8000; // ms
const AFTER_UNDO = 3000;

const STYLE = `${BASE}
:host{all:initial;position:fixed;z-index:2147483647;left:8px;right:8px;bottom:80px;margin-inline:auto;width:fit-content;max-width:min(560px,calc(100vw - 16px));font:500 13px/1.4 system-ui,sans-serif}
.toast{display:flex;align-items:center;gap:8px;padding:8px 10px 8px 14px;border-radius:8px;border:1px solid #bdc1c6;background:#fff;color:#202124;box-shadow:0 4px 16px #0004}
.text{overflow-wrap:anywhere}
button{border-color:#a8c7fa;padding:2px 10px;color:#174ea6;background:#fff}
.dark.toast{border-color:#5f6368;background:#202124;color:#e8eaed}
.dark button{border-color:#2f5597;color:#a8c7fa;background:#202124}`;

let shown = null; // { host, close }

export const toast = {
  /**
   * Shows `what` ("follow-up to Dana Hill (Acme)") as logged, and a `note` after it if
   * any, with Undo: `undo()` resolves true once it is removed. A new toast replaces the
   * one shown.
   */
  show(what, undo, note = '') {
    shown?.close();
    const { host, root } = shadowHost('data-too-soon-toast', STYLE);
    const box = el('div', 'toast');
    box.setAttribute('role', 'status');
    box.setAttribute('aria-live', 'polite');
    box.classList.toggle('dark', darkBehind(document.body ?? document.documentElement));
    const text = el('span', 'text', [t('toast_logged', what), note].filter(Boolean).join(' '));
    const dot = el('span', null, '·');
    const button = actionButton(t('toast_undo'), async () => {
      // The focus moves to the words first: a disabled or removed button drops it to the page.
      const focused = root.activeElement === button;
      if (focused) {
        text.tabIndex = -1;
        text.focus();
      }
      button.disabled = true;
      if (await undo().catch(() => false)) {
        text.setAttribute('data-text', t('toast_undone', what));
        dot.remove();
        button.remove();
        later(AFTER_UNDO);
      } else {
        button.disabled = false;
        if (focused) button.focus();
      }
    });
    box.append(text, dot, button);
    root.append(box);

    let timer = null;
    let held = false;
    let cameFrom = null; // what had the focus before the toast
    const close = () => {
      clearTimeout(timer);
      if (root.activeElement && cameFrom?.isConnected) cameFrom.focus();
      host.remove();
      if (shown?.host === host) shown = null;
    };
    const later = (ms) => {
      clearTimeout(timer);
      timer = setTimeout(() => !held && close(), ms);
    };
    const hold = (on) => () => {
      held = on;
      if (!on) later(SHOWN / 2);
    };
    root.addEventListener('focusin', (event) => {
      if (!root.contains(event.relatedTarget)) cameFrom = event.relatedTarget;
    });
    root.addEventListener('focusin', hold(true));
    root.addEventListener('focusout', hold(false));
    // Escape on it closes it (keys it does not use stay the page's).
    root.addEventListener('keydown', (event) => {
      if (event.key === 'Escape') close();
    });
    (document.body ?? document.documentElement).append(host);
    later(SHOWN);
    shown = { host, close };
    return shown;
  },

  /** Closes the toast shown (the webmail's own Undo was used). */
  close: () => shown?.close(),
};
