import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';
import { registerByApi } from './mailbox';

const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@larkspur.test';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-password';

async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await waitForHydration(page);
}

/** A signed-in shopper buys one unit of the first in-stock product with two or more units. */
async function shopperBuys(page: Page, tag: string) {
  const list = await (await page.request.get('/api/products?in_stock=true&sort=name&per_page=48')).json();
  for (const p of list.products) {
    const product = await (await page.request.get(`/api/products/${p.id}`)).json();
    const variant = product.variants.find((v: { available: number }) => v.available >= 2);
    if (!variant) continue;
    const email = `${tag}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
    await registerByApi(page.request, email, 'Bo');
    expect((await page.request.post('/api/cart/items', { data: { variant_id: variant.id, quantity: 2 } })).status()).toBe(200);
    const placed = await page.request.post('/api/orders', {
      data: {
        shippingAddress: { recipientName: 'Bo Buyer', line1: '5 Elm St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
        shippingMethod: 'standard',
        payment: { method: 'test_card', cardNumber: '4242 4242 4242 4242', expMonth: '12', expYear: '2030', cvc: '123' },
      },
    });
    expect(placed.status()).toBe(201);
    return (await placed.json()).number as string;
  }
  throw new Error('no product with two units in stock');
}

/** Staff sign in and land on `next`. */
async function staffSignsIn(page: Page, next: string, js: boolean) {
  await open(page, `/account/login?next=${next}`, js);
  await page.getByTestId('login-email').fill(ADMIN_EMAIL);
  await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await page.getByTestId('login-submit').click();
}

/** The dashboard's "Today" revenue in cents. */
async function todayRevenue(page: Page, js: boolean): Promise<number> {
  await open(page, '/admin', js);
  const text = await page.getByTestId('period-today').getByTestId('period-revenue').innerText();
  return Math.round(parseFloat(text.replace(/[^0-9.]/g, '')) * 100);
}

test('staff create a product with two variants, a shopper buys it, staff ship and refund a line, the dashboard counts it', async ({ browser, javaScriptEnabled }) => {
  // The whole journey, two browsers: ~25 s warm, more on a cold server (first WASM load).
  test.setTimeout(90_000);
  const js = javaScriptEnabled;
  const tag = `${js ? 'js' : 'nojs'}-${Date.now()}-${Math.floor(Math.random() * 1e4)}`;
  const staffContext = await browser.newContext({ javaScriptEnabled: js });
  const staff = await staffContext.newPage();
  await staffSignsIn(staff, '/admin', js);
  await expect(staff.getByTestId('admin-home')).toBeVisible();

  // Create the product with two variants in the editor.
  await open(staff, '/admin/products/new', js);
  const name = `Ridge Tee ${tag}`;
  const sku = `RT-${tag}`.toUpperCase();
  await staff.getByTestId('product-name').fill(name);
  await staff.getByTestId('product-description').fill('Made in the back office by the end-to-end suite.');
  for (const [i, size, price] of [[0, 'S', '24.00'], [1, 'M', '26.00']] as const) {
    await staff.locator(`input[name="v_sku[${i}]"]`).fill(`${sku}-${size}`);
    await staff.locator(`input[name="v_options[${i}]"]`).fill(`size=${size}`);
    await staff.locator(`input[name="v_price[${i}]"]`).fill(price);
    await staff.locator(`input[name="v_stock[${i}]"]`).fill('5');
  }
  await staff.getByTestId('save-product').click();
  await expect(staff).toHaveURL(/\/admin\/products\/\d+$/);
  await expect(staff.getByTestId('product-title')).toHaveText(name);
  await expect(staff.getByTestId('stock-row')).toHaveCount(2);
  const productId = staff.url().split('/').pop();

  // A shopper finds it in search and buys two of the M.
  const shopperContext = await browser.newContext({ javaScriptEnabled: js });
  const shopper = await shopperContext.newPage();
  const found = await (await shopper.request.get(`/api/products/search?q=${encodeURIComponent(tag)}`)).json();
  expect(found.products.map((p: { id: number }) => String(p.id))).toContain(productId);
  const product = await (await shopper.request.get(`/api/products/${productId}`)).json();
  expect(product.variants).toHaveLength(2);
  const m = product.variants.find((v: { sku: string }) => v.sku === `${sku}-M`);
  const email = `buyer-${tag}@example.com`;
  await registerByApi(shopper.request, email, 'Bo');
  expect((await shopper.request.post('/api/cart/items', { data: { variant_id: m.id, quantity: 2 } })).status()).toBe(200);
  const placed = await shopper.request.post('/api/orders', {
    data: {
      shippingAddress: { recipientName: 'Bo Buyer', line1: '5 Elm St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      shippingMethod: 'standard',
      payment: { method: 'test_card', cardNumber: '4242 4242 4242 4242', expMonth: '12', expYear: '2030', cvc: '123' },
    },
  });
  expect(placed.status()).toBe(201);
  const order = await placed.json();
  const number = order.number as string;

  // Staff find the order by its number and open it.
  await open(staff, '/admin/orders', js);
  await staff.getByTestId('orders-search').fill(number);
  await staff.getByRole('button', { name: 'Filter' }).click();
  await expect(staff.getByTestId('admin-order-row')).toHaveCount(1);
  await staff.getByRole('link', { name: number }).click();
  if (js) await waitForHydration(staff);
  await expect(staff.getByTestId('admin-order-status')).toHaveText('CONFIRMED');

  // Start processing, then ship everything with UPS.
  await staff.getByTestId('action-start_processing').click();
  await expect(staff.getByTestId('admin-order-status')).toHaveText('PROCESSING');
  const tracking = `1Z${Date.now()}`;
  await staff.getByTestId('fulfil-carrier').fill('UPS');
  await staff.getByTestId('fulfil-tracking').fill(tracking);
  await staff.getByTestId('fulfil-submit').click();
  await expect(staff.getByTestId('admin-order-status')).toHaveText('SHIPPED');

  // The shopper sees "Shipped" with the tracking number (a link to the carrier).
  await open(shopper, `/orders/${number}`, js);
  await expect(shopper.getByTestId('order-status')).toHaveText('Shipped');
  await expect(shopper.getByTestId('order-tracking')).toHaveText(tracking);
  await expect(shopper.getByTestId('order-tracking')).toHaveAttribute('href', /ups\.com/);
  await expect(shopper.getByTestId('cancel-order')).toHaveCount(0);

  // Staff refund one unit of the line.
  await staff.getByTestId('refund-qty-0').fill('1');
  await staff.getByTestId('refund-reason').fill('Scuffed on arrival');
  await staff.getByTestId('refund-submit').click();
  await expect(staff.getByTestId('admin-payment-status')).toContainText('PARTIALLY_REFUNDED');
  await expect(staff.getByTestId('admin-refund')).toContainText('SUCCEEDED');

  const refunded = Math.round(parseFloat((await staff.getByTestId('admin-refunded').innerText()).replace(/[^0-9.]/g, '')) * 100);
  expect(refunded).toBeGreaterThan(0);

  await open(shopper, `/orders/${number}`, js);
  await expect(shopper.getByTestId('order-refunded')).toBeVisible();

  // The dashboard lists the order and today's revenue includes it, net of the refund (other
  // tests' orders running in parallel only add to it: every order's net is >= 0).
  const revenue = await todayRevenue(staff, js);
  expect(revenue).toBeGreaterThanOrEqual(order.totals.total.amount - refunded);
  await expect(staff.getByTestId('revenue-chart')).toBeVisible();
  await expect(staff.getByTestId('recent-orders')).toContainText(number);
  await shopperContext.close();
  await staffContext.close();
});

test('a shopper cannot open the back office', async ({ page, javaScriptEnabled }) => {
  const email = `nosy-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
  await registerByApi(page.request, email);
  const res = await page.goto('/admin/orders');
  expect(res?.status()).toBe(403);
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.getByTestId('staff-only')).toBeVisible();
});

test('a shopper cancels their own order before it ships', async ({ page, javaScriptEnabled }) => {
  const js = javaScriptEnabled;
  const number = await shopperBuys(page, js ? 'cancel-js' : 'cancel-nojs');
  await open(page, `/orders/${number}`, js);
  await expect(page.getByTestId('order-status')).toHaveText('Confirmed');
  await page.getByTestId('cancel-order').click();
  await expect(page.getByTestId('order-status')).toHaveText('Refunded');
  await expect(page.getByTestId('order-refunded')).toBeVisible();
  await expect(page.getByTestId('order-timeline')).toContainText('Cancelled');
  await expect(page.getByTestId('cancel-order')).toHaveCount(0);
});

test('staff export the catalogue and check it with a dry-run import', async ({ page, javaScriptEnabled }) => {
  const js = javaScriptEnabled;
  await staffSignsIn(page, '/admin/import', js);
  await expect(page.getByTestId('admin-import')).toBeVisible();
  const csv = await (await page.request.get('/admin/export/products.csv')).text();
  expect(csv.split('\n')[0]).toContain('product_slug,product_name');
  await page.locator('input[name="file"]').setInputFiles({ name: 'products.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.getByTestId('import-submit').click();
  await expect(page.getByTestId('import-outcome')).toHaveText('Dry run: no problems found; nothing was written yet.', { timeout: 20_000 });
  await expect(page.getByTestId('import-error')).toHaveCount(0);
});
