// Collects every error a page reports (console.error and uncaught exceptions), the same
// way for playwright-core and puppeteer-core pages, whose events share these names.
export function watchErrors(page, errors) {
  page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  return page;
}
