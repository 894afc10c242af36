// "Track someone" prefilled with the recipients of a compose window open in the current
// tab: asked of this extension's content script in that tab (tabs.query without the
// `tabs` permission gives the tab's id, and messaging our own content script needs no
// permission). No answer (no webmail in the tab, or no compose window) leaves it empty.
import { api } from '../shared/runtime.js';
import { composeRecipients } from '../shared/protocol.js';

const WAIT_MS = 300;

/**
 * `{name, addresses, shown}` for the form, or `{}`: the first recipient not `known` (a
 * tracked person, the user's own address), one person (a To and a Cc are two people,
 * tracked one at a time); `shown` is `{name, address}` of the chip, kept as an alias when
 * the person is tracked under another name.
 */
export async function composePrefill(known = () => false) {
  try {
    const [tab] = await api.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) return {};
    const answer = await Promise.race([
      api.tabs.sendMessage(tab.id, composeRecipients()),
      new Promise((resolve) => setTimeout(resolve, WAIT_MS, null)),
    ]);
    const recipients = answer?.ok && Array.isArray(answer.recipients) ? answer.recipients : [];
    const first = recipients.find((r) => typeof r?.address === 'string' && r.address && !known(r.address));
    if (!first) return {};
    const name = typeof first.name === 'string' ? first.name : '';
    return { name, addresses: first.address, shown: name ? { name, address: first.address } : null };
  } catch {
    return {}; // nothing listens in that tab
  }
}
