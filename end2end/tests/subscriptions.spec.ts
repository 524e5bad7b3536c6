import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';
import { registerByApi } from './mailbox';
import { add, checkoutDigital, open, uniqueEmail } from './learning_shop';

// Issue 22: a subscriber's billing page (next charge, invoices, printable invoice, card on
// file) and staff's subscription pages (list, detail with history, cancel now), hydrated and
// with JavaScript off.

const ADMIN_EMAIL = process.env.ADMIN_EMAIL ?? 'admin@larkspur.test';
const ADMIN_PASSWORD = process.env.ADMIN_PASSWORD ?? 'e2e-admin-password';

async function subscribe(page: Page, js: boolean, tag: string, project: string) {
  const email = uniqueEmail(tag, project);
  await registerByApi(page.request, email, 'Sam');
  await add(page, '/p/learning-subscription-monthly', js, 'Added');
  await checkoutDigital(page, js);
  return email;
}

test('a subscriber sees the next charge, prints the first invoice and replaces the card', async ({ page, javaScriptEnabled }, info) => {
  test.setTimeout(60_000);
  const js = javaScriptEnabled;
  await subscribe(page, js, 'bill', info.project.name);

  await open(page, '/account/subscriptions', js);
  // $29.00 plus the billing address's tax.
  await expect(page.getByTestId('next-charge')).toContainText(/Next charge on \d{4}-\d{2}-\d{2}: \$\d+\.\d{2}/);
  await expect(page.getByTestId('invoice-row')).toHaveCount(1);
  const invoiceNumber = (await page.getByTestId('invoice-row').getByRole('link').innerText()).trim();
  expect(invoiceNumber).toMatch(/^INV-\d+$/);
  await page.getByTestId('invoice-row').getByRole('link').click();
  if (js) await waitForHydration(page);
  await expect(page.getByTestId('invoice')).toContainText(invoiceNumber);
  await expect(page.getByTestId('invoice')).toContainText('Learning Subscription');

  await open(page, '/account/subscriptions', js);
  await page.getByTestId('card-number').fill('4000 0000 0000 0002');
  await page.getByTestId('card-exp-month').fill('12');
  await page.getByTestId('card-exp-year').fill('2030');
  await page.getByTestId('card-cvc').fill('123');
  await page.getByTestId('update-card').click();
  await expect(page.getByText(/ending in 0002/).first()).toBeVisible();
  await open(page, '/account/subscriptions', js);
  await expect(page.getByTestId('subscription').first()).toContainText('ending in 0002');
});

test('staff find a subscription, read its history, pause and resume it, and cancel it now', async ({ browser, javaScriptEnabled }, info) => {
  test.setTimeout(90_000);
  const js = javaScriptEnabled;
  const shopperContext = await browser.newContext({ javaScriptEnabled: js });
  const shopper = await shopperContext.newPage();
  const email = await subscribe(shopper, js, 'staffsub', info.project.name);

  const staffContext = await browser.newContext({ javaScriptEnabled: js });
  const staff = await staffContext.newPage();
  await open(staff, '/account/login?next=/admin/subscriptions', js);
  await staff.getByTestId('login-email').fill(ADMIN_EMAIL);
  await staff.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await staff.getByTestId('login-submit').click();
  await expect(staff.getByTestId('admin-subscriptions')).toBeVisible();
  await open(staff, `/admin/subscriptions?q=${encodeURIComponent(email)}`, js);
  const row = staff.getByTestId('subscription-row');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('ACTIVE');
  await row.getByRole('link').first().click();
  if (js) await waitForHydration(staff);
  await expect(staff.getByTestId('subscription-history')).toContainText('STARTED');
  await expect(staff.getByTestId('subscription-invoices')).toContainText('INV-');
  await staff.getByTestId('pause-subscription').click();
  await expect(staff.getByTestId('subscription-status')).toContainText('PAUSED');
  await staff.getByTestId('resume-subscription').click();
  await expect(staff.getByTestId('subscription-status')).toContainText('ACTIVE');
  await staff.getByTestId('cancel-now').click();
  await expect(staff.getByTestId('subscription-status')).toContainText('CANCELED');

  await open(shopper, '/learn/sql-for-analysts', js);
  await expect(shopper.getByTestId('course-page')).toHaveCount(0);
  await open(staff, '/admin', js);
  await expect(staff.getByTestId('subscription-metrics')).toBeVisible();
  await shopperContext.close();
  await staffContext.close();
});

test('staff give the annual plan a free trial; a subscriber checks out for $0.00 and sees when the first charge comes', async ({ browser, javaScriptEnabled }, info) => {
  test.setTimeout(90_000);
  const js = javaScriptEnabled;
  const staffContext = await browser.newContext({ javaScriptEnabled: js });
  const staff = await staffContext.newPage();
  const found = await (await staff.request.get('/api/products/search?q=Learning%20Subscription%20Annual')).json();
  const annual = found.products.find((p: { slug: string }) => p.slug === 'learning-subscription-annual');
  await open(staff, `/account/login?next=/admin/products/${annual.id}`, js);
  await staff.getByTestId('login-email').fill(ADMIN_EMAIL);
  await staff.getByTestId('login-password').fill(ADMIN_PASSWORD);
  await staff.getByTestId('login-submit').click();
  await expect(staff.getByTestId('plan-trial-days')).toBeVisible();
  if (js) await waitForHydration(staff);
  await staff.getByTestId('plan-trial-days').fill('14');
  await staff.getByTestId('plan-trial-days').locator('xpath=ancestor::form').getByRole('button', { name: 'Save plan' }).click();
  await expect(staff.getByTestId('plan-summary')).toContainText('Free for 14 days');
  await staffContext.close();

  const shopperContext = await browser.newContext({ javaScriptEnabled: js });
  const page = await shopperContext.newPage();
  await registerByApi(page.request, uniqueEmail('trial', info.project.name), 'Tia');
  await open(page, '/p/learning-subscription-annual', js);
  await expect(page.getByTestId('plan-trial')).toContainText('Free for 14 days');
  await add(page, '/p/learning-subscription-annual', js, 'Added');
  await checkoutDigital(page, js);
  const orders = await (await page.request.get('/api/orders')).json();
  expect(orders[0].total.amount).toBe(0);
  await open(page, '/account/subscriptions', js);
  await expect(page.getByTestId('subscription').first()).toContainText('Free trial');
  await expect(page.getByTestId('next-charge')).toContainText(/Next charge on \d{4}-\d{2}-\d{2}: \$\d+\.\d{2}/);
  await expect(page.getByTestId('invoice-row')).toHaveCount(0);
  await open(page, '/learn/sql-for-analysts', js);
  await expect(page.getByTestId('course-page')).toBeVisible();
  await shopperContext.close();
});
