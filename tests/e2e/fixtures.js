// Serves fixture pages at real webmail URLs, as the provider would: with its kind of CSP.
// A fixture name may select a generated variant: `compose~scrambled`, `compose~stripped`
// (see tests/fixtures/README.md, "Variants").
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { variant } from '../fixtures/variants.js';

const dir = new URL('../fixtures/', import.meta.url);

/** Providers by origin: which fixture folder answers, and its CSP template. */
export const PROVIDERS = {
  'https://mail.google.com': 'gmail',
  'https://outlook.live.com': 'outlook',
  'https://outlook.office.com': 'outlook',
  'https://outlook.office365.com': 'outlook',
  'https://mail.proton.me': 'proton',
  'https://mail.yahoo.com': 'yahoo',
};

/**
 * The page `name` of `provider` as the app would send it: each `<script src="NAME"></script>`
 * naming a file of the provider's folder is inlined (the real URL serves no such file),
 * then the variant (if any) is applied.
 */
export function fixturePage(provider, name) {
  const [page, kind] = name.split('~');
  const html = readFileSync(new URL(`${provider}/${page}.html`, dir), 'utf8').replace(
    /<script src="([\w-]+\.js)"><\/script>/g,
    (_, file) => `<script>\n${readFileSync(new URL(`${provider}/${file}`, dir), 'utf8')}</script>`,
  );
  return kind ? variant(provider, html, kind) : html;
}

/** The response for `url`: fixture `name` of that provider, nonces added, under its CSP. */
export function fixtureResponse(url, name) {
  const provider = PROVIDERS[new URL(url).origin];
  if (!provider) return { status: 404, headers: { 'content-type': 'text/plain' }, body: 'no fixture' };
  const nonce = randomBytes(16).toString('base64');
  const html = fixturePage(provider, name).replaceAll('<script>', `<script nonce="${nonce}">`);
  const csp = readFileSync(new URL(`${provider}/csp.txt`, dir), 'utf8').trim().replaceAll('{NONCE}', nonce);
  return {
    status: 200,
    headers: { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp },
    body: html,
  };
}
