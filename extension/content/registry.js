// The content script's namespace: provider adapters register here, main.js picks one.
// Each adapter only translates a webmail page's DOM (compose windows, recipients, the
// Send button, thread messages) and holds no policy and no storage. One file per
// provider in providers/; adding a provider is adding one file and its fixtures.
//
// An adapter is an object with:
//   id                      'gmail' | 'outlook' | 'proton' | 'yahoo' (stored when the
//                           layout is not recognized)
//   matches(location)       is this page the provider's web app? (for a window the app
//                           opened as about:blank, `location` is its origin's URL)
//   recognized(doc)         does the page look like the app we know (its main landmarks
//                           found)? false → no badge, and the provider is recorded as not
//                           recognized right now
//   composes(doc)           the compose windows open now (floating, inline reply or
//                           forward, pop-out), each an Element
//   recipients(compose)     [{ address, name }] in To, Cc and Bcc: `address` lowercased
//                           or null when the chip shows only a name; `name` or null
//   sendButton(compose)     the Send element, or null
//   placeBadge(send, host)  puts the badge host next to Send (idempotent)
//   sendFailed(compose, doc)  after a send: is an error shown (the compose stays open
//                           with an error, or an error dialog)?
//   scheduleControl(compose)  (optional) what the user activates in the compose on the
//                           way to Schedule send (Gmail: More send options)
//   scheduledAt(compose, target)  `target` (the user's click after that) is in a
//                           schedule picker: the time it shows, a Date, else null
//   undoControl(doc)        after a send: the page's "Undo" control, or null
//   thread(doc)             the messages of the thread on screen, oldest first:
//                           [{ from: address (lowercased), at: Date|null }]
//   frames(compose)         (optional) same-origin iframes whose keyboard events count
//                           as the compose's (Proton's body)
//
// Every function may meet a page it does not know: it returns null, [] or false then,
// and never throws on purpose (main.js catches what slips through).
globalThis.TooSoon = { providers: [] };
