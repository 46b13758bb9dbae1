import { expect, test } from '@playwright/test';
import { demoUser } from './support.ts';

test.describe('sign-in', () => {
  test('a wrong password is refused: stays on /signin with the error', async ({ page }) => {
    const { email } = demoUser('TRADER');
    await page.goto('/signin');
    await page.getByTestId('signin-email').fill(email);
    await page.getByTestId('signin-password').fill('definitely-not-the-password');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toHaveText('Wrong email or password.');
    await expect(page).toHaveURL(/\/signin/);
    await page.screenshot({ path: test.info().outputPath('wrong-password.png'), fullPage: true });
    // No session was created: a protected page sends us back to sign in.
    await page.goto('/signals');
    await expect(page).toHaveURL(/\/signin/);
  });

  test('the right password signs in', async ({ page }) => {
    const { email, password } = demoUser('TRADER');
    await page.goto('/signin');
    await page.getByTestId('signin-email').fill(email);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
    await expect(page).not.toHaveURL(/\/signin/);
    await expect(page.getByTestId('nav-user-email')).toHaveText(email);
    await expect(page.getByTestId('nav-user-role')).toHaveAttribute('data-role', 'TRADER');
  });
});
