import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';
import { mailTo } from './mailbox';

async function open(page: Page, url: string, js: boolean) {
  await page.goto(url);
  if (js) await waitForHydration(page);
}

test('a cart reminder from the mailbox restores the cart in a new browser', async ({ page, browser, javaScriptEnabled }, info) => {
  test.setTimeout(90_000);
  const js = javaScriptEnabled;
  const email = `lapsed-${info.project.name}-${Date.now()}@example.com`;

  // A guest fills a cart, gives an email at checkout, then leaves.
  await page.goto('/products?in_stock=true&sort=name');
  const href = await page.locator('[data-testid="product-card"] a[href^="/p/"]').first().getAttribute('href');
  await open(page, href!, js);
  const productName = (await page.getByTestId('product-title').textContent())!.trim();
  await page.getByTestId('add-to-cart').click();
  if (js) await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
  else await expect(page.getByTestId('flash')).toContainText('Added');
  await open(page, '/checkout', js);
  await expect(page.getByTestId('checkout-step-contact')).toBeVisible();
  await page.getByTestId('checkout-email').fill(email);
  await page.getByTestId('contact-continue').click();
  await expect(page.getByTestId('checkout-step-address')).toBeVisible();

  // The reminder arrives in the file mailbox with a restore link.
  const mail = await mailTo(email, 'cart/recover');
  expect(mail).toContain('Subject: You left something in your cart');
  expect(mail).toContain(productName);
  const link = mail.match(/https?:\/\/[^\s"<>]+\/cart\/recover\?token=[0-9a-f]{64}/)?.[0];
  expect(link, 'restore link in the mail').toBeTruthy();
  expect(mail).toMatch(/\/unsubscribe\?token=[0-9a-f]{64}/);

  // Another browser (no session, e.g. the phone the mail was read on): the link opens a page
  // whose button (a plain form) copies the items into that browser's own cart.
  const other = await browser.newContext({ javaScriptEnabled: js });
  const phone = await other.newPage();
  await phone.goto(link!);
  await phone.getByTestId('restore-cart').click();
  await expect(phone).toHaveURL(/\/cart$/);
  if (js) await waitForHydration(phone);
  await expect(phone.getByTestId('flash')).toContainText('The items you left are in your cart');
  await expect(phone.getByTestId('cart-line-name').first()).toContainText(productName);
  await other.close();
});
