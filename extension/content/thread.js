// What a page's thread and composes teach: a reply from a tracked contact newer than what
// is logged is logged by itself (each message once, again only after a failure), names
// shown with addresses are learned as aliases, and the From addresses of the composes as
// the user's own.
import { api } from '../shared/runtime.js';
import { ERROR } from '../shared/contract.js';
import * as protocol from '../shared/protocol.js';
import { aliases } from './aliases.js';
import { ownAddresses, replies } from './replies.js';
import { views } from './views.js';

/**
 * The reader of one page: `call(name, fallback, ...args)` calls its adapter safely,
 * `providerId` names its webmail. Returns `read(composes)`, run with every scan.
 */
export function createThreadReader(call, providerId) {
  let thread = []; // the thread on screen: [{ from, at, id, name }]
  let seenPeople = []; // the names and addresses an open contact card shows
  const own = new Set(); // the user's From addresses seen in this page's composes
  const logging = new Set(); // the messages being logged now (or logged) from this page

  /** Logs the replies due in the thread on screen, each once (again only after a failure). */
  function seeReplies() {
    for (const reply of replies.due(thread, ownAddresses(own))) {
      if (logging.has(reply.message)) continue;
      logging.add(reply.message);
      replies.log(reply, providerId).then((answer) => {
        if (!answer?.ok && (answer?.type !== 'error' || answer.code === ERROR.engineUnavailable)) logging.delete(reply.message); // not answered: later
      });
    }
  }

  /** Reads the composes' From addresses and the thread on screen (again only when it changed). */
  return function read(composes) {
    for (const compose of composes) {
      for (const address of call('ownAddresses', [], compose)) {
        const normal = views.normalize(address);
        if (normal && !own.has(normal)) {
          own.add(normal);
          if (!ownAddresses().has(normal)) api.runtime.sendMessage(protocol.learnOwnAddress(normal)).catch(() => {});
        }
      }
    }
    const messages = call('thread', [], document);
    const people = call('people', [], document);
    if (JSON.stringify([messages, people]) === JSON.stringify([thread, seenPeople])) {
      if (thread.length) seeReplies();
      return;
    }
    thread = messages;
    seenPeople = people;
    const shown = [...thread.filter((m) => m.name).map((m) => ({ name: m.name, address: m.from })), ...people];
    views.load([...replies.senders(thread), ...shown.map((p) => views.normalize(p.address)).filter(Boolean)]).then(() => {
      seeReplies();
      aliases.shown(shown);
    });
  };
}
