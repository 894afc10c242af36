// Gmail (mail.google.com). Facts and sources: shared/reference/webmail-dom.md §2.
// Selectors prefer roles, names and data attributes, which Gmail does not translate.
(function (ns) {
  'use strict';

  const FIELDS = ['to', 'cc', 'bcc'];
  const LOOKS_LIKE_ADDRESS = /^[^\s@<>,;]+@[^\s@<>,;]+\.[^\s@<>,;]+$/;

  ns.providers.push({
    id: 'gmail',

    matches: (location) => location.hostname === 'mail.google.com',

    /** Compose windows: a dialog that holds a form and an editable body (§2.1, §2.7). */
    composes(doc) {
      return [...doc.querySelectorAll('[role=dialog]')].filter(
        (dialog) => dialog.querySelector('form') && dialog.querySelector('[g_editable=true]'),
      );
    },

    /**
     * Addresses in To, Cc and Bcc: chips carry the address in data-hovercard-id (§2.2);
     * text still in a field's input counts when it is a whole address. Scoped to the
     * recipient rows, never the From row or thread headers.
     */
    recipients(compose) {
      const found = [];
      for (const field of FIELDS) {
        for (const row of compose.querySelectorAll(`[name="${field}"]`)) {
          for (const chip of row.querySelectorAll('[role=option][data-hovercard-id]')) {
            found.push(chip.getAttribute('data-hovercard-id'));
          }
          for (const input of row.querySelectorAll('input[role=combobox]')) {
            const pending = input.value.trim();
            if (LOOKS_LIKE_ADDRESS.test(pending)) found.push(pending);
          }
        }
      }
      return found;
    },

    /** Send: the first button of the compose's action bar that opens no menu (§2.3). */
    sendButton(compose) {
      return compose.querySelector('[role=group] [role=button]:not([aria-haspopup=true])');
    },

    /** The badge goes right after the Send group, outside the form (§2.3, §2.5). */
    placeBadge(sendButton, host) {
      const group = sendButton.parentElement;
      if (host.previousElementSibling !== group) group.after(host);
    },
  });
})(globalThis.TooSoon);
