import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';

// The pages a shopper and staff open first, each checked for working islands: the bundle
// loads with no page error (the fixture fails the test on one), every island on the page
// hydrates (the script marks <body data-hydrated>), and the header's category dropdown — an
// island on every page — opens on a click. Run by `./dev test` against the release bundle.

const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@larkspur.test';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-password';

async function islandsWork(page: Page, path: string) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBeLessThan(400);
  await waitForHydration(page);
  const menu = page.getByTestId('categories-menu');
  await expect(menu, `${path}: the menu starts closed`).toBeHidden();
  await page.getByTestId('categories-toggle').click();
  await expect(menu, `${path}: the category dropdown did not open`).toBeVisible();
  await expect(menu.getByRole('link').first()).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
}

async function firstProductPath(page: Page): Promise<string> {
  const list = await (await page.request.get('/api/products?in_stock=true&sort=name&per_page=1')).json();
  return `/p/${list.products[0].slug}`;
}

test.describe('hydrated', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'hydration needs JavaScript');

  test('home, listing, product and cart hydrate their islands', async ({ page }) => {
    await islandsWork(page, '/');
    await islandsWork(page, '/products');
    await islandsWork(page, await firstProductPath(page));
    await islandsWork(page, '/cart');
  });

  test('product page adds to the cart without a reload', async ({ page }) => {
    await page.goto(await firstProductPath(page));
    await waitForHydration(page);
    await page.evaluate(() => ((window as unknown as { __sameDocument: boolean }).__sameDocument = true));
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
    await expect(page.getByTestId('cart-count')).not.toHaveText('0');
    const same = await page.evaluate(() => (window as unknown as { __sameDocument?: boolean }).__sameDocument === true);
    expect(same, 'adding to the cart reloaded the page').toBe(true);
  });

  test('a filter applies as soon as it is ticked', async ({ page }) => {
    await page.goto('/products');
    await waitForHydration(page);
    const box = page.locator('[data-testid="filters-panel"] input[type="checkbox"]').first();
    await box.check();
    await expect(page).toHaveURL(/\?.+/);
  });

  test('checkout hydrates with an item in the cart', async ({ page }) => {
    await page.goto(await firstProductPath(page));
    await waitForHydration(page);
    await page.getByTestId('add-to-cart').click();
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
    await islandsWork(page, '/checkout');
  });

  test('the back office hydrates for staff', async ({ page }) => {
    await page.goto('/account/login?next=/admin');
    await waitForHydration(page);
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await expect(page.getByTestId('admin-home')).toBeVisible();
    await islandsWork(page, '/admin');
    await islandsWork(page, '/admin/orders');
  });
});
