import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';

// The pages a shopper and staff open first, each checked for working hydration: the bundle
// loads with no page error (the fixture fails the test on one), the app marks the document,
// and a click on a link is handled by the client-side router (the document is not reloaded:
// a value stored on `window` survives). Run by `./dev test` against the release bundle.

const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@larkspur.test';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-password';

async function routesInTheBrowser(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await waitForHydration(page);
  await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
  await page.getByTestId('cart-link').click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  const same = await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
  expect(same, `${path}: the link reloaded the page instead of routing in the browser`).toBe(true);
}

async function firstProductPath(page: Page): Promise<string> {
  const list = await (await page.request.get('/api/products?in_stock=true&sort=name&per_page=1')).json();
  return `/p/${list.products[0].slug}`;
}

test.describe('hydrated', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'hydration needs JavaScript');

  test('home, listing, product and cart hydrate and route in the browser', async ({ page }) => {
    await routesInTheBrowser(page, '/');
    await routesInTheBrowser(page, '/products');
    await routesInTheBrowser(page, await firstProductPath(page));
    await routesInTheBrowser(page, '/cart');
  });

  test('product page adds to the cart without a reload', async ({ page }) => {
    await page.goto(await firstProductPath(page));
    await waitForHydration(page);
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
    await expect(page.getByTestId('cart-count')).not.toHaveText('0');
  });

  test('checkout hydrates with an item in the cart', async ({ page }) => {
    await page.goto(await firstProductPath(page));
    await waitForHydration(page);
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
    await routesInTheBrowser(page, '/checkout');
  });

  test('the back office hydrates for staff', async ({ page }) => {
    await page.goto('/account/login?next=/admin');
    await waitForHydration(page);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('admin-home')).toBeVisible();
    await routesInTheBrowser(page, '/admin');
    await routesInTheBrowser(page, '/admin/orders');
  });
});
