import { expect, test, type Page } from './fixtures';
import { waitForHydration } from './helpers';
import { mailTo, registerByApi, signupLink } from './mailbox';

const PASSWORD = 'violet kettle 42';

function uniqueEmail(tag: string, project: string) {
  return `${tag}-${project}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

async function open(page: Page, path: string, js: boolean) {
  await page.goto(path);
  if (js) await waitForHydration(page);
}

/** Two in-stock product pages. */
async function productUrls(page: Page): Promise<string[]> {
  await page.goto('/products?in_stock=true&sort=name');
  const hrefs = await page.locator('[data-testid="product-card"] a[href^="/p/"]').evaluateAll((as) =>
    Array.from(new Set(as.map((a) => (a as HTMLAnchorElement).getAttribute('href') ?? ''))),
  );
  return hrefs.filter(Boolean).slice(0, 3);
}

async function addToCart(page: Page, url: string, js: boolean) {
  await open(page, url, js);
  await page.getByTestId('add-to-cart').click();
  if (js) {
    await expect(page.getByTestId('add-to-cart-message')).toContainText('Added');
  } else {
    await expect(page.getByTestId('flash')).toContainText('Added');
  }
}

/** Signs up through the form, then follows the mailed link and confirms: signed in at `next`. */
async function register(page: Page, email: string, js: boolean, next = '/account') {
  await open(page, `/account/register?next=${next}`, js);
  await page.getByTestId('register-first-name').fill('Pat');
  await page.getByTestId('register-email').fill(email);
  await page.getByTestId('register-password').fill(PASSWORD);
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('check-email-page')).toBeVisible();
  await expect(page.getByTestId('flash')).toContainText(`sent a message to ${email}`);
  await open(page, await signupLink(email), js);
  await page.getByTestId('confirm-submit').click();
  await expect(page).toHaveURL((url) => url.pathname === next);
  await expect(page.getByTestId('flash')).toContainText('Welcome, Pat.');
}

test('guest cart survives sign-up, sign-out and sign-in on another device', async ({ page, browser, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  const urls = await productUrls(page);
  expect(urls.length).toBeGreaterThanOrEqual(2);
  await addToCart(page, urls[0], js);
  await addToCart(page, urls[1], js);
  await page.reload();
  await expect(page.getByTestId('cart-count')).toHaveText('2');

  const email = uniqueEmail('cart', info.project.name);
  await register(page, email, js, '/cart');
  await expect(page.getByTestId('cart-line')).toHaveCount(2);
  await expect(page.getByTestId('account-link')).toHaveText('Pat');

  await open(page, '/account', js);
  await page.getByTestId('logout').click();
  await expect(page).toHaveURL((url) => url.pathname === '/');
  await expect(page.getByTestId('cart-count')).toHaveText('0');

  const other = await browser.newContext({ javaScriptEnabled: js });
  const phone = await other.newPage();
  await open(phone, '/account/login?next=/cart', js);
  await phone.getByTestId('login-email').fill(email);
  await phone.getByTestId('login-password').fill(PASSWORD);
  await phone.getByTestId('login-submit').click();
  await expect(phone).toHaveURL((url) => url.pathname === '/cart');
  await expect(phone.getByTestId('cart-line')).toHaveCount(2);
  await expect(phone.getByTestId('cart-count')).toHaveText('2');
  await other.close();
});

test('wishlist item moves to the cart', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  const urls = await productUrls(page);
  await register(page, uniqueEmail('wish', info.project.name), js);
  await open(page, urls[2], js);
  await page.getByTestId('add-to-wishlist').click();
  if (js) await expect(page.getByTestId('wishlist-message')).toContainText('Saved');
  else await expect(page.getByTestId('flash')).toContainText('Saved');

  await open(page, '/account/wishlist', js);
  await expect(page.getByTestId('wishlist-item')).toHaveCount(1);
  await page.getByTestId('move-to-cart').click();
  // The wishlist page is plain server-rendered forms (no island): a flash after the redirect.
  await expect(page.getByTestId('flash')).toContainText('Moved');
  await expect(page.getByTestId('wishlist-empty')).toBeVisible();
  await page.reload();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
});

test('address book: add, edit, make default, delete', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await register(page, uniqueEmail('addr', info.project.name), js);
  await open(page, '/account/addresses', js);
  await expect(page.getByTestId('no-addresses')).toBeVisible();

  async function fill(label: string, city: string) {
    const form = page.getByTestId('address-form');
    await form.getByTestId('address-label').fill(label);
    await form.getByTestId('address-recipient_name').fill('Pat Doe');
    await form.getByTestId('address-line1').fill('1 Main St');
    await form.getByTestId('address-city').fill(city);
    await form.getByTestId('address-postal_code').fill('12345');
    await form.getByTestId('address-country').fill('us');
    await form.getByTestId('save-address').click();
  }
  await fill('Home', 'Springfield');
  await expect(page.getByTestId('address-card')).toHaveCount(1);
  await expect(page.getByTestId('default-shipping')).toHaveCount(1);

  await page.getByTestId('edit-address').click();
  await expect(page).toHaveURL(/\/account\/addresses\/\d+$/);
  if (js) await waitForHydration(page);
  await page.getByTestId('address-city').fill('Shelbyville');
  await page.getByTestId('save-address').click();
  await expect(page).toHaveURL((url) => url.pathname === '/account/addresses');
  await expect(page.getByTestId('address-line')).toContainText('Shelbyville');

  if (js) await waitForHydration(page);
  await fill('Work', 'Capital City');
  await expect(page.getByTestId('address-card')).toHaveCount(2);
  const work = page.getByTestId('address-card').filter({ hasText: 'Work' });
  await work.getByTestId('make-default-shipping').click();
  await expect(work.getByTestId('default-shipping')).toHaveCount(1);
  await expect(page.getByTestId('default-shipping')).toHaveCount(1);

  const home = page.getByTestId('address-card').filter({ hasText: 'Home' });
  await home.getByTestId('delete-address').click();
  await expect(page.getByTestId('address-card')).toHaveCount(1);
  await expect(page.getByTestId('address-card')).toContainText('Work');
});

test('signing up with a taken email answers "check your email" and mails the owner instead', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  const email = uniqueEmail('taken', info.project.name);
  await registerByApi(page.request, email, 'Pat');
  await page.request.post('/api/users/logout');
  await open(page, '/account/register', js);
  await page.getByTestId('register-email').fill(email);
  await page.getByTestId('register-password').fill('another secret 77');
  await page.getByTestId('register-submit').click();
  await expect(page.getByTestId('check-email-page')).toBeVisible();
  await expect(page.getByTestId('flash')).toContainText(`sent a message to ${email}`);
  const mail = await mailTo(email, 'already');
  expect(mail).toContain('already has one');
  expect(mail).not.toContain('account/confirm');
  await expect(page.getByTestId('account-link')).toHaveText('Sign in');
});
