import { devices, expect, test } from '@playwright/test';
import { baseUrl, expectAccessible, screenshot, signIn, uniqueId } from './helpers';

// Issue #18, browser test 1: one shopper, a phone and a laptop; each change shows on the other without reload.
test('the cart is live across devices: added on the phone, shown on the laptop; changed there, followed here', async ({
  browser,
}) => {
  const shopper = uniqueId('cus_live');
  const phone = await browser.newContext({ ...devices['Pixel 7'], baseURL: baseUrl() });
  const laptop = await browser.newContext({ viewport: { width: 1280, height: 800 }, baseURL: baseUrl() });
  try {
    const onPhone = await phone.newPage();
    const onLaptop = await laptop.newPage();
    await signIn(onPhone, 'shop', shopper);
    await signIn(onLaptop, 'shop', shopper);

    await onLaptop.goto('/shop/#/cart');
    await expect(onLaptop.getByText('Live on all your devices')).toBeVisible();
    await expect(onLaptop.getByText('The cart is empty.')).toBeVisible();

    await onPhone.goto('/shop/#/product/MUG-STONE-SAG');
    await expect(onPhone.getByRole('heading', { name: 'Stoneware Mug 350 ml (Sage)' })).toBeVisible();
    await expectAccessible(onPhone, 'shop product (phone)');
    await onPhone.getByRole('button', { name: 'Add to cart' }).click();
    await expect(onPhone.getByText('Added 1 to the cart.')).toBeVisible();

    // The laptop never reloads: the line arrives over the cart socket.
    const line = onLaptop.locator('[data-sku="MUG-STONE-SAG"]');
    await expect(line.getByLabel('Quantity of Stoneware Mug 350 ml (Sage)')).toHaveText('1');
    await onLaptop.getByRole('button', { name: 'One more Stoneware Mug 350 ml (Sage)' }).click();
    await expect(line.getByLabel('Quantity of Stoneware Mug 350 ml (Sage)')).toHaveText('2');
    await expectAccessible(onLaptop, 'shop cart (laptop)');
    await screenshot(onLaptop, 'shop-cart-laptop');

    // ...and the phone follows: its cart badge first, then its cart page.
    await expect(onPhone.getByTestId('cart-count')).toHaveText('2');
    await onPhone.getByRole('link', { name: /^Cart/ }).click();
    await expect(onPhone.getByLabel('Quantity of Stoneware Mug 350 ml (Sage)')).toHaveText('2');
    await screenshot(onPhone, 'shop-cart-phone');

    await onPhone.getByRole('button', { name: 'One fewer Stoneware Mug 350 ml (Sage)' }).click();
    await expect(line.getByLabel('Quantity of Stoneware Mug 350 ml (Sage)')).toHaveText('1');
  } finally {
    await phone.close();
    await laptop.close();
  }
});
