import { test } from 'node:test';
import assert from 'node:assert/strict';
import { guessCompany, isFreeMail } from '../../extension/popup/company.js';

test('the company comes from the address domain, without subdomains or country suffixes', () => {
  assert.equal(guessCompany('dana@acme.example'), 'Acme');
  assert.equal(guessCompany('Dana <dana@acme-rockets.com>'), 'Acme Rockets');
  assert.equal(guessCompany('lee@jobs.hooli.co.uk'), 'Hooli');
  assert.equal(guessCompany('sam@mail.globex.com.au, x@y.z'), 'Globex');
  assert.equal(guessCompany('Pat@Initech.IO'), 'Initech');
});

test('never from a free-mail domain, nor from what is not an address', () => {
  for (const address of ['a@gmail.com', 'a@outlook.com', 'a@yahoo.com', 'a@yahoo.co.uk', 'a@proton.me', 'a@icloud.com', 'a@gmx.de', 'a@gmx.net', 'a@hotmail.fr', 'a@web.de']) {
    assert.equal(guessCompany(address), '', address);
  }
  assert.equal(isFreeMail('gmx.at'), true);
  assert.equal(isFreeMail('acme.com'), false);
  for (const text of ['', 'lee at hooli', 'lee@localhost', null]) assert.equal(guessCompany(text), '', String(text));
});
