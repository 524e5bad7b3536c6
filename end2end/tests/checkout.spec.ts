import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';

function uniqueEmail(tag: string, project: string) {
  return `${tag}-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await waitForHydration(page);
}

async function addFirstInStock(page: Page, js: boolean) {
  await page.goto('/products?in_stock=true&sort=name');
  const href = await page.locator('[data-testid="product-card"] a[href^="/p/"]').first().getAttribute('href');
  await open(page, href!, js);
  await page.getByTestId('add-to-cart').click();
  if (js) {
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
  } else {
    await expect(page.getByTestId('flash')).toContainText('Added');
  }
}

async function step(page: Page, name: string) {
  await expect(page.getByTestId(`checkout-step-${name}`)).toBeVisible();
}

/** An Austin, TX shipping address. */
async function fillAddress(page: Page, name: string, line1: string) {
  await page.getByTestId('address-recipient_name').fill(name);
  await page.getByTestId('address-line1').fill(line1);
  await page.getByTestId('address-city').fill('Austin');
  await page.getByTestId('address-region').fill('TX');
  await page.getByTestId('address-postal_code').fill('78701');
  await page.getByTestId('address-country').fill('US');
}

async function pay(page: Page, card: string) {
  await step(page, 'payment');
  await page.getByTestId('card-number').fill(card);
  await page.getByTestId('card-exp-month').fill('12');
  await page.getByTestId('card-exp-year').fill('2030');
  await page.getByTestId('card-cvc').fill('123');
  await page.getByTestId('payment-continue').click();
  await step(page, 'review');
}

test('guest checkout with a coupon: declined card, then the test card succeeds', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await addFirstInStock(page, js);
  await open(page, '/cart', js);
  await page.getByTestId('checkout-link').click();
  if (js) await waitForHydration(page);

  // 1. Contact
  await step(page, 'contact');
  await page.getByTestId('checkout-email').fill(uniqueEmail('guest', info.project.name));
  await page.getByTestId('contact-continue').click();

  // 2. Address
  await step(page, 'address');
  await fillAddress(page, 'Robin Guest', '12 Elm Street');
  await page.getByTestId('address-continue').click();

  // 3. Shipping
  await step(page, 'shipping');
  await page.getByTestId('shipping-standard').check();
  await page.getByTestId('shipping-continue').click();

  // 4. Payment (stock is held from here), with a coupon from the summary
  await step(page, 'payment');
  await expect(page.getByTestId('reserved-until')).toBeVisible();
  await page.getByTestId('coupon-input').fill('welcome10');
  await page.getByTestId('coupon-apply').click();
  await expect(page.getByTestId('coupon-code')).toHaveText('WELCOME10');
  await expect(page.getByTestId('summary-saving').first()).toContainText('WELCOME10');
  await pay(page, '4000 0000 0000 0002');

  // 5. Review: declined, nothing charged; the shopper can try another card.
  await page.getByTestId('place-order').click();
  await expect(page.getByText('Your card was declined.').first()).toBeVisible();
  await open(page, '/checkout?step=payment', js);
  await pay(page, '4242 4242 4242 4242');
  await expect(page.getByTestId('review-payment')).toHaveText('Visa ending in 4242');
  await page.getByTestId('place-order').click();

  await expect(page).toHaveURL(/\/orders\/LC-\d+\?key=/);
  await expect(page.getByTestId('order-confirmation')).toBeVisible();
  await expect(page.getByTestId('order-status')).toHaveText('Confirmed');
  await expect(page.getByTestId('summary-saving').first()).toContainText('WELCOME10');
  await expect(page.getByTestId('cart-count')).toHaveText('0');

  // The secret link is what opens it: without the key there is no order to see.
  const url = new URL(page.url());
  await page.goto(url.pathname);
  await expect(page.getByTestId('order-confirmation')).toHaveCount(0);
});

test('jumping ahead without the earlier steps goes back to the first missing one', async ({ page, javaScriptEnabled }) => {
  const js = javaScriptEnabled;
  await addFirstInStock(page, js);
  await open(page, '/checkout?step=review', js);
  await expect(page).toHaveURL(/step=contact/);
  await step(page, 'contact');
});

async function variantBySku(page: Page, slug: string, sku: string) {
  const list = await (await page.request.get(`/api/products?q=${encodeURIComponent(slug.replace(/-/g, ' '))}`)).json();
  const item = list.products.find((p: { slug: string }) => p.slug === slug);
  const product = await (await page.request.get(`/api/products/${item.id}`)).json();
  return product.variants.find((v: { sku: string }) => v.sku === sku);
}

test('another shopper buys the last unit first: told what is left, nothing held', async ({ page, javaScriptEnabled, playwright, baseURL }, info) => {
  const js = javaScriptEnabled;
  // One demo variant with a single unit per project, so the two projects never meet.
  const [slug, sku] = js
    ? ['suede-chelsea-boot', 'FF-SCB-7-TAN']
    : ['brushed-crewneck-sweatshirt', 'LB-BCS-XL-OAT'];
  const variant = await variantBySku(page, slug, sku);
  expect(variant.available).toBe(1);
  expect((await page.request.post('/api/cart/items', { data: { variant_id: variant.id, quantity: 1 } })).status()).toBe(200);

  await open(page, '/checkout', js);
  await step(page, 'contact');
  await page.getByTestId('checkout-email').fill(uniqueEmail('late', info.project.name));
  await page.getByTestId('contact-continue').click();
  await step(page, 'address');
  await fillAddress(page, 'Lee Late', '3 Oak Road');
  await page.getByTestId('address-continue').click();
  await step(page, 'shipping');

  // Meanwhile another shopper buys the last unit.
  const other = await playwright.request.newContext({ baseURL });
  expect((await other.post('/api/cart/items', { data: { variant_id: variant.id, quantity: 1 } })).status()).toBe(200);
  const placed = await other.post('/api/orders', {
    data: {
      email: uniqueEmail('quick', info.project.name),
      shippingAddress: { recipientName: 'Quinn Quick', line1: '9 Pine St', city: 'Austin', region: 'TX', postalCode: '78701', country: 'US' },
      shippingMethod: 'standard',
      payment: { method: 'test_card', cardNumber: '4242 4242 4242 4242', expMonth: '12', expYear: '2030', cvc: '123' },
    },
  });
  expect(placed.status()).toBe(201);
  await other.dispose();

  // Going on to pay holds stock: there is none left, and the shopper is told so.
  await page.getByTestId('shipping-standard').check();
  await page.getByTestId('shipping-continue').click();
  await expect(page.getByText(/is sold out\. Update your cart to continue; nothing has been reserved\./).first()).toBeVisible();
  expect((await variantBySku(page, slug, sku)).available).toBe(0);
});
