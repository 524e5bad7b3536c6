import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';

/** Prices shown on the product cards, in dollars. */
async function cardPrices(page: Page): Promise<number[]> {
  const texts = await page.getByTestId('product-card').getByTestId('price').allTextContents();
  return texts.map((t) => Number(t.replace(/[$,]/g, '')));
}

async function ready(page: Page, javaScriptEnabled: boolean) {
  if (javaScriptEnabled) await waitForHydration(page);
}

test('filter by category and price, then sort', async ({ page, javaScriptEnabled }) => {
  await page.goto('/products');
  await ready(page, javaScriptEnabled);
  await page.getByTestId('facet-category').filter({ hasText: 'Clothing' }).click();
  await expect(page.getByTestId('listing')).toHaveAttribute('data-href', '/c/clothing');
  await expect(page.getByTestId('listing-title')).toHaveText('Clothing');
  const clothingCount = Number((await page.getByTestId('result-count').textContent())!.split(' ')[0]);

  await page.locator('#min_price').fill('30');
  await page.locator('#max_price').fill('100');
  await page.getByTestId('apply-filters').click();
  await expect(page).toHaveURL(/min_price=30/);
  await expect(page.getByTestId('listing')).toHaveAttribute('data-href', /min_price=30.*max_price=100/);
  const filtered = Number((await page.getByTestId('result-count').textContent())!.split(' ')[0]);
  expect(filtered).toBeGreaterThan(0);
  expect(filtered).toBeLessThan(clothingCount);
  for (const p of await cardPrices(page)) {
    expect(p).toBeGreaterThanOrEqual(30);
    expect(p).toBeLessThanOrEqual(100);
  }

  await page.getByTestId('sort').selectOption('price_asc');
  if (!javaScriptEnabled) await page.getByRole('button', { name: 'Sort' }).click();
  await expect(page.getByTestId('listing')).toHaveAttribute('data-href', /sort=price_asc/);
  const prices = await cardPrices(page);
  expect(prices).toEqual([...prices].sort((a, b) => a - b));
  // The filters survived the sort change.
  await expect(page).toHaveURL(/min_price=30/);
});

test('a brand checkbox filters with facet counts', async ({ page, javaScriptEnabled }) => {
  await page.goto('/products');
  await ready(page, javaScriptEnabled);
  const brand = page.getByTestId('facet-brand').locator('li').first();
  const expected = Number(await brand.locator('label span').last().textContent());
  await brand.locator('input[type=checkbox]').check();
  if (!javaScriptEnabled) await page.getByTestId('apply-filters').click();
  await expect(page.getByTestId('listing')).toHaveAttribute('data-href', /brand=/);
  await expect(page.getByTestId('result-count')).toHaveText(new RegExp(`^${expected} product`));
});

test('keyset pagination forwards and back', async ({ page }) => {
  await page.goto('/products?sort=price_asc');
  const first = await page.getByTestId('product-card').getByTestId('product-name').allTextContents();
  const firstPrices = await cardPrices(page);
  await page.getByTestId('next-page').click();
  await expect(page.getByTestId('page-number')).toHaveText('Page 2');
  await expect(page).toHaveURL(/after=/);
  const second = await page.getByTestId('product-card').getByTestId('product-name').allTextContents();
  expect(second.filter((n) => first.includes(n))).toEqual([]);
  expect(Math.min(...(await cardPrices(page)))).toBeGreaterThanOrEqual(Math.max(...firstPrices));
  await page.getByTestId('prev-page').click();
  await expect(page.getByTestId('page-number')).toHaveText('Page 1');
  expect(await page.getByTestId('product-card').getByTestId('product-name').allTextContents()).toEqual(first);
});

test('search from the header, prefix and typo tolerant', async ({ page, javaScriptEnabled }) => {
  await page.goto('/');
  await ready(page, javaScriptEnabled);
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.fill('headph');
  await box.press('Enter');
  await expect(page).toHaveURL(/\/search\?q=headph/);
  await expect(page.getByTestId('listing-title')).toHaveText('Results for “headph”');
  await expect(page.getByTestId('product-name').first()).toContainText(/Headphones/i);

  await page.goto('/search?q=hedphones');
  await expect(page.getByTestId('fuzzy-notice')).toBeVisible();
  await expect(page.getByTestId('product-name').first()).toContainText(/Headphones/i);

  const res = await page.goto('/search?q=%22%3B%20DROP%20TABLE%20products%3B%20--%20%F0%9F%A7%A6');
  expect(res?.status()).toBe(200);
});

test('open a product and pick a variant', async ({ page, javaScriptEnabled }) => {
  await page.goto('/search?q=e-reader');
  await page.getByTestId('product-card').first().click();
  await expect(page).toHaveURL(/\/p\/paperlight-e-reader/);
  await ready(page, javaScriptEnabled);
  await expect(page.getByTestId('product-title')).toHaveText('Paperlight E-Reader');
  await expect(page.getByTestId('product-price').getByTestId('price')).toHaveText('$139.00');
  await expect(page.getByTestId('stock-message')).toHaveText('In stock');
  await expect(page.getByTestId('variant-sku')).toHaveText(/16GB$/);

  await page.locator('label[for="opt-storage-32GB"]').click();
  if (!javaScriptEnabled) await page.getByTestId('update-variant').click();
  await expect(page.getByTestId('product-price').getByTestId('price')).toHaveText('$159.00');
  await expect(page.getByTestId('stock-message')).toHaveText('Only 3 left');
  await expect(page.getByTestId('variant-sku')).toHaveText(/32GB$/);
  await expect(page).toHaveURL(/storage=32GB/);
  await expect(page.getByTestId('quantity')).toHaveAttribute('max', '3');
});

test('sold-out variants cannot be added', async ({ page }) => {
  await page.goto('/p/merino-crew-tee?size=XL&colour=Black');
  await expect(page.getByTestId('stock-message')).toHaveText('Out of stock');
  await expect(page.getByTestId('add-to-cart')).toBeDisabled();
});

test('product pages carry SEO data', async ({ page }) => {
  await page.goto('/p/paperlight-e-reader');
  await expect(page).toHaveTitle(/Paperlight E-Reader/);
  await expect(page.locator('link[rel=canonical]')).toHaveAttribute('href', /\/p\/paperlight-e-reader$/);
  const ld = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
  expect(ld['@type']).toBe('Product');
  expect(ld.offers.priceCurrency).toBe('USD');
  expect(ld.offers.availability).toContain('schema.org');
  await expect(page.getByTestId('related')).toBeVisible();
  await expect(page.getByTestId('also-bought')).toBeVisible();
});

test('bad listing input is a 400 with a message, unknown slugs a 404', async ({ page }) => {
  let res = await page.goto('/products?sort=cheapest');
  expect(res?.status()).toBe(400);
  await expect(page.getByTestId('bad-request')).toContainText('Unknown sort order');
  res = await page.goto('/p/no-such-product');
  expect(res?.status()).toBe(404);
  res = await page.goto('/c/no-such-category');
  expect(res?.status()).toBe(404);
});

test('header search suggests products while typing', async ({ page, javaScriptEnabled }) => {
  test.skip(!javaScriptEnabled, 'suggestions need WebAssembly; the search form works without');
  await page.goto('/');
  await waitForHydration(page);
  const box = page.getByRole('combobox', { name: 'Search products' });
  await box.pressSequentially('headph', { delay: 30 });
  const list = page.getByTestId('search-suggestions');
  await expect(list).toBeVisible();
  await expect(list.getByRole('option').first()).toContainText(/Headphones/i);
  await box.press('Escape');
  await expect(list).toBeHidden();
  await box.pressSequentially('o', { delay: 30 });
  await expect(list).toBeVisible();
  await list.getByRole('option').first().getByRole('link').click();
  await expect(page).toHaveURL(/\/p\//);
  await expect(page.getByTestId('product-title')).toContainText(/Headphones/i);
});

test('home page shows best sellers', async ({ page }) => {
  await page.goto('/');
  expect(await page.getByTestId('bestsellers').getByTestId('product-card').count()).toBe(8);
});

test('on a phone the products come first and the filters open from a drawer', async ({ page, javaScriptEnabled }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/products?in_stock=true');
  await ready(page, javaScriptEnabled);
  const toggle = page.getByTestId('filters-toggle');
  const panel = page.getByTestId('filters-panel');
  await expect(toggle).toHaveText('Filters (1)');
  await expect(panel).toBeHidden();
  // The first product is on the first screen.
  const card = page.getByTestId('product-card').first();
  await expect(card).toBeVisible();
  expect((await card.boundingBox())!.y).toBeLessThan(844);
  await toggle.click();
  await expect(panel).toBeVisible();
  // Still the same plain form: a brand filter applies (instantly when hydrated).
  await panel.getByTestId('facet-brand').locator('li').first().locator('input[type=checkbox]').check();
  if (!javaScriptEnabled) await page.getByTestId('apply-filters').click();
  await expect(page.getByTestId('listing')).toHaveAttribute('data-href', /brand=/);
  await expect(toggle).toHaveText('Filters (2)');
});
