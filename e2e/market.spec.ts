import { expect, test, type Page } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';

async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`/?token=${TOKEN}${query}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('universe-row').first()).toBeVisible();
}

test('the app loads in browser mode, connected, with the clock and the source in the status bar', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await openApp(page);
  const status = page.getByTestId('status-bar');
  await expect(status).toContainText('simulator');
  await expect(page.getByTestId('clock')).toContainText(/\d{1,2}:\d{2}/);
  // The token leaves the visible URL once it is stored for the session.
  expect(page.url()).not.toContain(TOKEN);
  expect(errors).toEqual([]);
});

test('the universe table shows every instrument with live prices', async ({ page }) => {
  await openApp(page);
  const rows = page.getByTestId('universe-row');
  expect(await rows.count()).toBeGreaterThan(10);
  // Virtualized: far fewer DOM rows than instruments.
  expect(await rows.count()).toBeLessThan(200);
  const cell = page.getByTestId('last-price').first();
  const symbol = await cell.getAttribute('data-symbol');
  const before = await cell.textContent();
  await expect
    .poll(async () => page.locator(`[data-testid="last-price"][data-symbol="${symbol}"]`).textContent(), { timeout: 20_000 })
    .not.toBe(before);
  await page.screenshot({ path: `${shots}/market-desk.png` });
});

test('selecting a row shows its candle chart, and the timeframe buttons switch it', async ({ page }) => {
  await openApp(page);
  const row = page.getByTestId('universe-row').nth(3);
  const symbol = await row.getAttribute('data-symbol');
  await row.click();
  const chart = page.getByTestId('chart-panel');
  await expect(chart).toHaveAttribute('data-symbol', symbol!);
  await expect(chart.locator('canvas').first()).toBeVisible();
  await page.getByRole('button', { name: /5m|5 minute/i }).first().click();
  await expect(chart).toHaveAttribute('data-timeframe', '5m');
  await page.getByRole('button', { name: /1D|daily/i }).first().click();
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await page.screenshot({ path: `${shots}/market-chart.png` });
});

test('the command palette (Ctrl+K) jumps to a symbol', async ({ page }) => {
  await openApp(page);
  await page.keyboard.press('Control+k');
  const palette = page.getByTestId('command-palette');
  await expect(palette).toBeVisible();
  await page.getByTestId('palette-input').fill('XLK');
  await expect(page.getByTestId('palette-item').first()).toContainText('XLK');
  await page.screenshot({ path: `${shots}/command-palette.png` });
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page.getByTestId('chart-panel')).toHaveAttribute('data-symbol', 'XLK');
});

test('a 768 px tablet gets the table and the chart stacked', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await openApp(page);
  const table = await page.getByTestId('universe-table').boundingBox();
  const chart = await page.getByTestId('chart-panel').boundingBox();
  expect(table && chart).toBeTruthy();
  expect(chart!.y).toBeGreaterThanOrEqual(table!.y + table!.height - 2);
  await page.screenshot({ path: `${shots}/market-tablet.png` });
});

test('a page without the token is refused by the engine and says so', async ({ page, context }) => {
  await context.clearCookies();
  await page.goto('/');
  await expect(page.getByTestId('connection-state')).not.toHaveAttribute('data-state', 'open', { timeout: 5_000 });
});

test('keyboard: arrows move the selection, 1/2/3 switch timeframes, / filters, ? shows the shortcuts', async ({ page }) => {
  await openApp(page);
  const chart = page.getByTestId('chart-panel');
  await page.getByTestId('universe-row').nth(1).click();
  const first = await chart.getAttribute('data-symbol');
  await page.keyboard.press('ArrowDown');
  await expect(chart).not.toHaveAttribute('data-symbol', first!);
  await page.keyboard.press('2');
  await expect(chart).toHaveAttribute('data-timeframe', '30m');
  await page.keyboard.press('3');
  await expect(chart).toHaveAttribute('data-timeframe', '1d');
  await page.keyboard.press('/');
  await expect(page.getByTestId('universe-filter')).toBeFocused();
  await page.keyboard.type('XL');
  await expect.poll(async () => (await page.getByTestId('universe-row').allTextContents()).every((t) => /XL/i.test(t))).toBe(true);
  await page.keyboard.press('Escape');
  await page.getByTestId('universe-filter').blur();
  await page.keyboard.press('?');
  await expect(page.getByTestId('shortcuts-help')).toBeVisible();
  await page.screenshot({ path: `${shots}/shortcuts-help.png` });
});

test('the clock controls change the engine clock: speed and pause', async ({ page }) => {
  await openApp(page);
  const clock = page.getByTestId('clock');
  await page.getByTestId('clock-speed-60').click();
  await expect(clock).toHaveAttribute('data-speed', '60');
  await page.getByTestId('clock-toggle').click();
  await expect(clock).toHaveAttribute('data-paused', 'true');
  await page.getByTestId('clock-toggle').click();
  await expect(clock).toHaveAttribute('data-paused', 'false');
  await page.getByTestId('clock-speed-10').click();
  await expect(clock).toHaveAttribute('data-speed', '10');
});

test('the About dialog credits TradingView Lightweight Charts', async ({ page }) => {
  await openApp(page);
  await page.getByRole('button', { name: 'About Kestrel' }).click();
  await expect(page.getByTestId('tradingview-credit')).toContainText(/TradingView/);
});
