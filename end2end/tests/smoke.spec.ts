import { expect, test } from './fixtures';
import { waitForHydration } from './helpers';

test('home page renders the catalog', async ({ page }) => {
  const res = await page.goto('/');
  expect(res?.status()).toBe(200);
  await expect(page).toHaveTitle(/Larkspur & Co\./);
  const cards = page.getByTestId('product-card');
  await expect(cards.first()).toBeVisible();
  expect(await cards.count()).toBeGreaterThanOrEqual(20);
  // Prices are formatted money, images have intrinsic sizes.
  await expect(cards.first().getByTestId('price')).toHaveText(/^\$\d{1,3}(,\d{3})*\.\d{2}$/);
  await expect(cards.first().locator('img')).toHaveAttribute('width', '800');
  // Shell: search box, cart badge, account link.
  await expect(page.getByRole('combobox', { name: 'Search products' })).toBeVisible();
  await expect(page.getByTestId('cart-count')).toHaveText('0');
  await expect(page.getByTestId('account-link')).toBeVisible();
});

test('category tiles link to category pages', async ({ page }) => {
  await page.goto('/');
  const tiles = page.getByTestId('category-tiles').getByRole('link');
  expect(await tiles.count()).toBeGreaterThanOrEqual(6);
  await expect(tiles.first()).toHaveAttribute('href', /^\/c\/[a-z0-9-]+$/);
});

test('category menu opens once hydrated', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'the dropdown needs WebAssembly; tiles cover JS-off users');
  await page.goto('/');
  await waitForHydration(page);
  const toggle = page.getByTestId('categories-toggle');
  const menu = page.getByTestId('categories-menu');
  await expect(menu).toBeHidden();
  await toggle.click();
  await expect(menu).toBeVisible();
  await expect(toggle).toHaveAttribute('aria-expanded', 'true');
  expect(await menu.getByRole('link').count()).toBeGreaterThanOrEqual(6);
  await toggle.click();
  await expect(menu).toBeHidden();
  // Escape and a click outside close it too.
  await toggle.click();
  await expect(menu).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await toggle.click();
  await page.mouse.click(900, 600);
  await expect(menu).toBeHidden();
});

test('without JavaScript the page is complete server-rendered HTML', async ({ page, javaScriptEnabled }) => {
  test.skip(javaScriptEnabled, 'JS-off project only');
  await page.goto('/');
  await expect(page.locator('body[data-hydrated]')).toHaveCount(0);
  expect(await page.getByTestId('product-card').count()).toBeGreaterThanOrEqual(20);
});

test('unknown pages get a helpful 404', async ({ page }) => {
  const res = await page.goto('/no-such-page/at-all');
  expect(res?.status()).toBe(404);
  await expect(page.getByTestId('not-found')).toBeVisible();
  await expect(page.getByRole('heading', { name: /couldn.t find that page/ })).toBeVisible();
  await page.getByRole('link', { name: /Back to the home page/ }).click();
  await expect(page).toHaveURL(/\/$/);
});
