import { expect, type Page } from './fixtures';
import { waitForHydration } from './helpers';

// Shared by the learning and subscription specs: open a page (hydrated or not), add to cart,
// check out a cart with nothing to ship.

export function uniqueEmail(tag: string, project: string) {
  return `${tag}-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

export async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await waitForHydration(page);
}

/** Adds the product at `path`; `expected` is the confirmation (or refusal) it should show. */
export async function add(page: Page, path: string, js: boolean, expected: string | RegExp) {
  await open(page, path, js);
  await page.getByTestId('add-to-cart').click();
  const where = js ? page.getByTestId('add-to-cart-message') : page.getByTestId('flash');
  await expect(where).toContainText(expected);
}

export async function step(page: Page, name: string) {
  await expect(page.getByTestId(`checkout-step-${name}`)).toBeVisible();
}

/** Checks out a cart with nothing to ship: billing address, payment, review — no shipping step. */
export async function checkoutDigital(page: Page, js: boolean) {
  await open(page, '/cart', js);
  await page.getByTestId('checkout-link').click();
  if (js) await waitForHydration(page);
  await step(page, 'address');
  await expect(page.getByTestId('billing-only')).toBeVisible();
  // The wizard lists no shipping step: contact, address, payment, review.
  await expect(page.getByText(/^\d\. Shipping$/)).toHaveCount(0);
  await expect(page.getByText(/^\d\. Payment$/)).toHaveCount(1);
  await page.getByTestId('address-recipient_name').fill('Pat Learner');
  await page.getByTestId('address-line1').fill('1 Main St');
  await page.getByTestId('address-city').fill('Austin');
  await page.getByTestId('address-region').fill('TX');
  await page.getByTestId('address-postal_code').fill('78701');
  await page.getByTestId('address-country').fill('US');
  await page.getByTestId('address-continue').click();
  await step(page, 'payment');
  await page.getByTestId('card-number').fill('4242 4242 4242 4242');
  await page.getByTestId('card-exp-month').fill('12');
  await page.getByTestId('card-exp-year').fill('2030');
  await page.getByTestId('card-cvc').fill('123');
  await page.getByTestId('payment-continue').click();
  await step(page, 'review');
  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('order-confirmation')).toBeVisible();
}

