// Serves fixture pages at real webmail URLs, as the provider would: with its kind of CSP.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

const dir = new URL('../fixtures/', import.meta.url);

/** Providers by origin: which fixture folder answers, and its CSP template. */
export const PROVIDERS = {
  'https://mail.google.com': 'gmail',
};

/** The response for `url`: fixture `page` of that provider, nonces added, under its CSP. */
export function fixtureResponse(url, page) {
  const provider = PROVIDERS[new URL(url).origin];
  if (!provider) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no fixture' };
  const nonce = randomBytes(16).toString('base64');
  const html = readFileSync(new URL(`${provider}/${page}.html`, dir), 'utf8').replaceAll(
    '<script>',
    `<script nonce="${nonce}">`,
  );
  const csp = readFileSync(new URL(`${provider}/csp.txt`, dir), 'utf8').trim().replaceAll('{NONCE}', nonce);
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
    body: html,
  };
}
