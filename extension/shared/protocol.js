// The message vocabulary between the extension's contexts, version 1.
// The authoritative definition is Rust (crate/src/protocol.rs, serde); this file only
// builds requests so every context writes them the same way. It is a classic script
// that sets one global, so it loads the same way in the background module, the popup
// and the content scripts (which cannot be ES modules).
(function (global) {
  'use strict';
  const VERSION = 1;
  const request = (type, fields) => Object.assign({ v: VERSION, type }, fields);
  global.TooSoonProtocol = Object.freeze({
    VERSION,
    /** The storage.session key under which the background keeps its last `status` answer (JSON text) for the popup. */
    LAST_STATUS: 'last-status',
    /**
     * Is this storage key one of what the background publishes for content scripts (the
     * compose views, the contact-name index, the settings, the tests' clock offset)?
     */
    isPublished: (key) =>
      key.startsWith('view:') || key === 'view-names' || key === 'settings' || key === 'test:clock_offset_ms',
    /** In storage.session: the published keys were mirrored there (Chromium; see background/mirror.js). */
    MIRRORED: 'views-mirrored',
    /** An error answer, as the background sends when it cannot answer (see protocol.rs). */
    error: (code, message) => ({ v: VERSION, ok: false, type: 'error', code, message }),
    /** Is the background up, and which engine does it run? */
    ping: () => request('ping'),
    /** Judge a proposed contact to these addresses now. */
    check: (to, channel = 'email', words = null) =>
      request('check', words == null ? { to, channel } : { to, channel, words }),
    /** Every opportunity's follow-up status now. */
    status: () => request('status'),
    /** Counts of what is stored (popup header). */
    summary: () => request('summary'),
    /** What is due now and when something next becomes due; shows what was not shown yet. */
    reminders: () => request('reminders'),
    /** Adds or replaces an opportunity (by its id). */
    putOpportunity: (opportunity) => request('put_opportunity', { opportunity }),
    /** Adds or replaces a contact (by its id). */
    putContact: (contact) => request('put_contact', { contact }),
    /** Logs an event; its `id` is chosen by the sender, so a retry is never stored twice. */
    logEvent: (event) => request('log_event', { event }),
    /** Replaces the settings (`{profile, notifications, ask_before_send, providers}`). */
    putSettings: (settings) => request('put_settings', { settings }),
    /** The whole history as a backup file (its text, in the file format). */
    exportBackup: () => request('export'),
    /** Restores a backup file's text: `merge` (add what is new) or `replace` (everything). */
    importBackup: (file, mode) => request('import', { file, mode }),
    /** The next follow-up moments as an iCalendar (.ics) file's text. */
    calendar: () => request('calendar'),
    /** Logs an email sent from a webmail page: `{id, to: [addresses], at?}` (RFC 3339). */
    logSend: (send) => request('log_send', { send }),
    /** The webmail's Undo of send `id`: removes what it was logged as. */
    forgetSend: (id) => request('forget_send', { id }),
    /** Logs a reply from the tracked contacts with an address: `{id, from, at?}`. */
    logReply: (reply) => request('log_reply', { reply }),
    /** Records whether a webmail provider's layout is recognized right now. */
    reportProvider: (provider, recognized) => request('report_provider', { provider, recognized }),
    /** Deletes an opportunity (with its people and events), a contact or an event. */
    deleteRecord: (kind, id) => request('delete', { kind, id }),
    /** Puts back what a delete answered as `removed` (undo). */
    putBack: (removed) => request('put_back', { removed }),
    /** Deletes everything stored. */
    deleteAll: () => request('delete_all'),
  });
})(globalThis);
