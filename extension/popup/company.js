// The company an address most likely belongs to, from its domain ("dana@acme-rockets.com"
// → "Acme Rockets"), for the quick "track someone" form. Never from a free-mail domain
// (gmail.com, outlook.com, …): there the company is left for the person to type.

/** Domains of free webmail: an address there says nothing about the employer. */
const FREE_MAIL = new Set([
  'gmail.com', 'googlemail.com', 'outlook.com', 'hotmail.com', 'live.com', 'msn.com', 'aol.com',
  'ymail.com', 'rocketmail.com', 'proton.me', 'protonmail.com', 'protonmail.ch', 'pm.me',
  'icloud.com', 'me.com', 'mac.com', 'web.de', 'mail.com', 'email.com', 'zoho.com', 'zohomail.com',
  'fastmail.com', 'fastmail.fm', 'tutanota.com', 'tuta.io', 'hey.com', 'qq.com', '163.com',
  '126.com', 'yandex.com', 'yandex.ru', 'mail.ru', 'inbox.com', 't-online.de', 'freenet.de',
  'orange.fr', 'free.fr', 'laposte.net', 'libero.it', 'seznam.cz', 'wp.pl', 'o2.pl', 'naver.com',
]);
/** Free-mail brands under many country domains (yahoo.co.uk, gmx.de, hotmail.fr, …). */
const FREE_BRANDS = new Set(['gmail', 'yahoo', 'gmx', 'hotmail', 'outlook', 'live', 'aol', 'yandex', 'proton', 'protonmail', 'icloud']);
/** Second-level labels of country domains (acme.co.uk, acme.com.au). */
const SECOND_LEVEL = new Set(['co', 'com', 'org', 'net', 'ac', 'gov', 'edu', 'ltd', 'plc', 'or', 'ne', 'go']);
/** Subdomains that name a department, not the company (jobs.acme.com, mail.acme.com). */
const DEPARTMENT = new Set(['mail', 'email', 'jobs', 'careers', 'career', 'hr', 'talent', 'recruiting', 'recruitment', 'people', 'www', 'm', 'corp', 'us', 'eu', 'uk', 'de']);

/** The domain of the first address in `text` ("a@b.c, d@e.f"), lower case, or ''. */
export function domainOf(text) {
  const match = /@([^\s,;<>@]+)/.exec(String(text ?? ''));
  return match ? match[1].toLowerCase().replace(/\.+$/, '') : '';
}

/** Is `domain` a free webmail's? */
export function isFreeMail(domain) {
  const labels = domain.split('.');
  return FREE_MAIL.has(domain) || labels.some((label) => FREE_BRANDS.has(label));
}

/** The company guessed from the first address of `text`, or '' (free mail, no domain). */
export function guessCompany(text) {
  const domain = domainOf(text);
  if (!domain || !domain.includes('.') || isFreeMail(domain)) return '';
  const labels = domain.split('.');
  labels.pop(); // the top-level domain
  if (labels.length > 1 && SECOND_LEVEL.has(labels.at(-1))) labels.pop();
  const name = labels.filter((label) => !DEPARTMENT.has(label)).at(-1) ?? labels.at(-1) ?? '';
  return name
    .split(/[-_]+/)
    .filter(Boolean)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}
