// "Track someone" prefilled from a compose: the name the webmail showed for the address is
// kept as an alias when the person is tracked under another name (extension/popup/actions.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { shownAlias, track } from '../../extension/popup/actions.js';

const ids = { opportunity: 'o-1', contact: 'c-1', event: 'e-1' };
const values = (name, addresses, shown) => ({ name, addresses, role: 'recruiter', company: 'Acme', stage: 'applied', applied_on: '', shown });

test('the compose\'s name becomes an alias when another name is typed', () => {
  const [, contact] = track(values('Carol P.', 'carol@partner.example', { name: 'Carol Partner', address: 'carol@partner.example' }), ids);
  assert.deepEqual(contact.contact.aliases, ['Carol Partner']);
});

test('no alias: the same name, no name shown, or the address it was shown for not kept', () => {
  const contact = (name, addresses) => ({ name, addresses });
  assert.equal(shownAlias({ name: ' carol  PARTNER ', address: 'c@x.example' }, contact('Carol Partner', ['c@x.example'])), null);
  assert.equal(shownAlias(null, contact('Carol', ['c@x.example'])), null);
  assert.equal(shownAlias({ name: 'Carol Partner', address: 'other@x.example' }, contact('Carol', ['c@x.example'])), null);
  const [, plain] = track(values('Carol', 'c@x.example', null), ids);
  assert.equal(plain.contact.aliases, undefined);
});
