import { expect, test, type Page } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';

async function openSectors(page: Page): Promise<void> {
  await page.goto(`/?token=${TOKEN}&view=sectors`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('sector-card')).toHaveCount(8, { timeout: 30_000 });
}

test('the sector grid shows eight coloured cards with live data', async ({ page }) => {
  await openSectors(page);
  const colours = await page.getByTestId('sector-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('data-colour')));
  for (const c of colours) expect(['dark_red', 'light_red', 'blue_neutral', 'light_green', 'dark_green']).toContain(c);
  const first = page.getByTestId('sector-card').first();
  await expect(first.getByTestId('timeframe-chip')).toHaveCount(4);
  await expect(first.getByTestId('sector-score')).toHaveText(/[+−-]?\d\.\d\d/);
  await expect(page.getByTestId('freshness')).toBeVisible();
  // Four cards a row on a desk.
  const boxes = await page.getByTestId('sector-card').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().top));
  expect(boxes.filter((t) => Math.abs(t - boxes[0]!) < 2)).toHaveLength(4);
  await page.screenshot({ path: `${shots}/sectors-desk.png` });
});

test('an on-demand analysis shows progress and completes', async ({ page }) => {
  await openSectors(page);
  await page.getByTestId('run-analysis').click();
  const bar = page.getByTestId('analysis-progress');
  await expect(bar).toHaveAttribute('data-done', 'true', { timeout: 30_000 });
  await expect(page.getByTestId('freshness')).toHaveAttribute('data-tier', 'fresh');
  await page.screenshot({ path: `${shots}/sectors-analysis-done.png` });
});

test('a card opens its detail with the factor breakdown, members and history; a name opens the Market view', async ({ page }) => {
  await openSectors(page);
  // The card opens from anywhere but its names (a name opens the Market view): use its footer hint.
  await page.getByTestId('sector-card').first().getByText('Details').click();
  const detail = page.getByTestId('sector-detail');
  await expect(detail).toBeVisible();
  await expect(detail.getByTestId('factor-breakdown')).toContainText(/volatility/i);
  expect(await detail.getByTestId('member-row').count()).toBeGreaterThan(5);
  await expect(detail.getByTestId('sentiment-history')).toBeVisible();
  await page.screenshot({ path: `${shots}/sectors-detail.png` });
  const row = detail.getByTestId('member-row').first();
  const symbol = await row.getAttribute('data-symbol');
  await row.click();
  await expect(page.getByTestId('chart-panel')).toHaveAttribute('data-symbol', symbol!);
});

test('a tablet gets two cards a row', async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await openSectors(page);
  const tops = await page.getByTestId('sector-card').evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect().top));
  expect(tops.filter((t) => Math.abs(t - tops[0]!) < 2)).toHaveLength(2);
  await page.screenshot({ path: `${shots}/sectors-tablet.png` });
});

test('the universe dialog answers a what-if with every failed rule', async ({ page }) => {
  await openSectors(page);
  await page.getByTestId('open-universe').click();
  const dialog = page.getByTestId('universe-dialog');
  await expect(dialog).toBeVisible();
  await expect(page.getByTestId('universe-members')).toHaveAttribute('data-members', /^\d{4}$/);
  await page.getByTestId('whatif-symbol').fill('BBAI');
  await page.getByTestId('whatif-marketCap').fill('120M');
  await page.getByTestId('whatif-avgVolume20').fill('950K');
  await page.getByTestId('whatif-price').fill('3.80');
  await page.getByTestId('whatif-float').fill('120M');
  await page.getByTestId('whatif-exchange').selectOption('NYSE');
  await page.getByTestId('whatif-evaluate').click();
  const verdict = page.getByTestId('whatif-verdict');
  await expect(verdict).toHaveAttribute('data-included', 'false');
  await expect(page.getByTestId('whatif-reason')).toHaveCount(1);
  await expect(page.getByTestId('whatif-reason').first()).toContainText(/volume/i);
  await page.getByTestId('whatif-avgVolume20').fill('2.1M');
  await page.getByTestId('whatif-evaluate').click();
  await expect(verdict).toHaveAttribute('data-included', 'true');
  await expect(verdict).toHaveAttribute('data-tier', 'micro');
  await page.screenshot({ path: `${shots}/universe-whatif.png` });
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
