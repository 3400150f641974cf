import { expect, test } from '@playwright/test';
import { expectAccessible } from './helpers';

// Workers Static Assets answers where a file matches; every other path still runs the Worker (the API).
test('the origin serves the landing page, the apps (with and without the slash) and the API side by side', async ({
  page,
  request,
}) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Aisle', level: 1 })).toBeVisible();
  await expectAccessible(page, 'landing page');
  await page.getByRole('link', { name: 'Shop' }).click();
  await expect(page).toHaveURL(/\/shop\/$/);
  await expect(page.getByRole('heading', { name: 'Sign in (development)' })).toBeVisible();
  await expectAccessible(page, 'shop sign-in');

  const bare = await request.get('/till', { maxRedirects: 0 });
  expect(bare.status()).toBe(307);
  expect(bare.headers().location).toBe('/till/');
  const till = await request.get('/till/');
  expect(till.headers()['content-security-policy']).toContain("default-src 'self'");

  const health = await request.get('/healthz');
  expect(await health.json()).toEqual({ ok: true });
  const missing = await request.get('/shop/no-such-file.js');
  expect(missing.status()).toBe(404);
  expect(missing.headers()['content-type']).toBe('application/problem+json');
});
