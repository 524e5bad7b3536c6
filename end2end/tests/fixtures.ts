import { test as base, expect, type Page } from '@playwright/test';

/**
 * Every test fails on a page error in any of its pages (the `page` fixture's and pages of
 * contexts it opens with `browser.newContext`): an uncaught exception or rejected promise —
 * a bundle that fails to instantiate or hydrate throws one — a `console.error` other than a
 * failed resource load (pages that answer 4xx on purpose log those), or any file of the
 * bundle under `/pkg/` answered with an error.
 */
const errors: string[] = [];

function watch(page: Page) {
  page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
  // The bundle itself (entry, split loader, chunks, stylesheet) must always load.
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/pkg/') && r.status() >= 400) {
      errors.push(`${page.url()}: ${r.status()} for ${r.url()}`);
    }
  });
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) {
      errors.push(`${page.url()}: console.error: ${m.text()}`);
    }
  });
}

export const test = base.extend<{ noPageErrors: void }, { watchContexts: void }>({
  watchContexts: [
    async ({ browser }, use) => {
      const newContext = browser.newContext.bind(browser);
      browser.newContext = async (options) => {
        const context = await newContext(options);
        context.on('page', watch);
        return context;
      };
      await use();
      browser.newContext = newContext;
    },
    { scope: 'worker', auto: true },
  ],
  noPageErrors: [
    async ({ context }, use) => {
      errors.length = 0;
      context.pages().forEach(watch);
      context.on('page', watch);
      await use();
      expect(errors, 'page errors').toEqual([]);
    },
    { auto: true },
  ],
});

export { expect };
export type { Page } from '@playwright/test';
