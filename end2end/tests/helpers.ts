import { expect, type Page } from '@playwright/test';

/** Resolves once the WASM bundle has hydrated the page (the app marks <body data-hydrated>). */
export async function waitForHydration(page: Page) {
  await expect(page.locator('body[data-hydrated="true"]')).toHaveCount(1, { timeout: 20_000 });
}
