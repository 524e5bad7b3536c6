import { expect, test } from './fixtures';
import { waitForHydration } from './helpers';
import { mailTo, registerByApi } from './mailbox';
import { add, checkoutDigital, open, uniqueEmail } from './learning_shop';

// Issue 21: learning products bought and opened, hydrated and with JavaScript off.

test('a course bundle bought with no shipping step: My learning shows its courses, which open', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await registerByApi(page.request, uniqueEmail('bundle', info.project.name), 'Pat');
  await open(page, '/p/data-analyst-path', js);
  await expect(page.getByTestId('bundle-savings')).toContainText('You save');
  await add(page, '/p/data-analyst-path', js, 'Added');
  await checkoutDigital(page, js);
  await expect(page.getByTestId('order-status')).toHaveText('Delivered');

  await open(page, '/account/learning', js);
  const courses = page.getByTestId('my-course');
  await expect(courses).toHaveCount(3);
  for (const name of ['Python for Data Analysis', 'SQL for Analysts', 'Machine Learning Basics']) {
    await expect(page.getByTestId('learning-page')).toContainText(name);
  }
  await open(page, '/learn/sql-for-analysts', js);
  await expect(page.getByTestId('course-page')).toBeVisible();
  await page.getByTestId('mark-module').first().click();
  await expect(page.getByTestId('progress')).toContainText('1');
});

test('a certification is refused without its prerequisites and accepted with them in the cart', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await registerByApi(page.request, uniqueEmail('cert', info.project.name), 'Pat');
  await add(page, '/p/certified-data-analyst', js, /needs .*first/);
  await add(page, '/p/python-for-data-analysis', js, 'Added');
  await add(page, '/p/sql-for-analysts', js, 'Added');
  await add(page, '/p/certified-data-analyst', js, 'Added');
  await open(page, '/cart', js);
  await expect(page.getByText('Certified Data Analyst').first()).toBeVisible();
});

test('a course page is closed to someone who has not bought it', async ({ page, javaScriptEnabled }) => {
  const response = await page.goto('/learn/machine-learning-basics');
  expect(response?.status()).toBe(403);
  if (javaScriptEnabled) await waitForHydration(page);
  await expect(page.getByTestId('course-locked')).toBeVisible();
  await expect(page.getByTestId('buy-course')).toHaveAttribute('href', '/p/machine-learning-basics');
});

test('a 5-seat team licence: the owner invites a colleague, who accepts and opens the course', async ({ page, browser, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await registerByApi(page.request, uniqueEmail('owner', info.project.name), 'Olive');
  await open(page, '/p/rust-for-web-developers-team-licence', js);
  await expect(page.getByTestId('seat-tiers')).toBeVisible();
  await page.getByTestId('quantity').fill('5');
  await page.getByTestId('add-to-cart').click();
  await expect(js ? page.getByTestId('add-to-cart-message') : page.getByTestId('flash')).toContainText('Added');
  await checkoutDigital(page, js);

  await open(page, '/account/learning', js);
  await expect(page.getByTestId('licence-seats')).toContainText('0 / 5');
  await page.getByTestId('manage-seats').click();
  if (js) await waitForHydration(page);
  const colleague = uniqueEmail('colleague', info.project.name);
  await page.getByTestId('invite-email').fill(colleague);
  await page.getByTestId('send-invitation').click();
  await expect(page.getByTestId('seat-email')).toContainText(colleague);
  await expect(page.getByTestId('seats-used')).toContainText('1');

  // The colleague, in their own browser, signs up and follows the mailed link.
  const context = await browser.newContext({ javaScriptEnabled: js });
  const other = await context.newPage();
  await registerByApi(other.request, colleague, 'Cole');
  const mail = await mailTo(colleague, 'teams/accept');
  const link = mail.match(/\/teams\/accept\?token=[0-9a-f]{64}/);
  expect(link).not.toBeNull();
  await open(other, link![0], js);
  await other.getByTestId('accept-invitation').click();
  await expect(other).toHaveURL(/\/learn\/rust-for-web-developers$/);
  await expect(other.getByTestId('course-page')).toBeVisible();
  await context.close();
});

test('subscribe with the test card, open an included course, cancel at period end and see the end date', async ({ page, javaScriptEnabled }, info) => {
  const js = javaScriptEnabled;
  await registerByApi(page.request, uniqueEmail('sub', info.project.name), 'Sam');
  await open(page, '/p/learning-subscription-monthly', js);
  await expect(page.getByTestId('subscription-courses')).toContainText('courses included');
  await add(page, '/p/learning-subscription-monthly', js, 'Added');
  await checkoutDigital(page, js);

  await open(page, '/learn/sql-for-analysts', js);
  await expect(page.getByTestId('course-page')).toBeVisible();

  await open(page, '/account/subscriptions', js);
  await expect(page.getByTestId('next-charge')).toBeVisible();
  await page.getByTestId('cancel-subscription').click();
  await expect(page.getByTestId('ends-on')).toContainText(/\d{4}-\d{2}-\d{2}|\d{1,2} \w+ \d{4}/);
  await expect(page.getByTestId('resume-subscription')).toBeVisible();
});
