import { expect, test } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';
/** A liquid optionable ETF (the benchmark). */
const SYMBOL = 'IWM';

test('chain → expiry → IV rank, percentile and max pain → iron condor with payoff and what-if → option trading on → approval card', async ({ page }) => {
  test.setTimeout(90_000);
  await page.goto(`/?token=${TOKEN}&view=options&symbol=${SYMBOL}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  const view = page.getByTestId('options-view');
  await expect(view).toHaveAttribute('data-symbol', SYMBOL);

  // The chain: rows by strike, one at the money, the spot row, spot with source and as-of.
  const table = page.getByTestId('chain-table');
  await expect(table).toBeVisible();
  expect(await page.getByTestId('chain-row').count()).toBeGreaterThan(8);
  await expect(page.locator('[data-testid="chain-row"][data-atm="true"]')).toHaveCount(1);
  await expect(page.getByTestId('spot-marker')).toBeVisible();
  await expect(page.getByTestId('chain-spot')).toContainText(/\d+\.\d\d.*as of \d\d:\d\d:\d\d ET/);
  await expect(page.locator('[data-testid="call-bid"]').first()).toHaveText(/\d\.\d\d/);

  // Analytics: both IV rank and IV percentile, labelled; max pain; the charts drawn.
  await expect(page.getByTestId('iv-rank')).toHaveText(/^IV rank\d+\.\d$/);
  await expect(page.getByTestId('iv-percentile')).toHaveText(/^IV percentile\d+\.\d$/);
  await expect(page.getByTestId('max-pain')).toHaveText(/^Max pain\d+\.\d\d$/);
  await expect(page.getByTestId('pcr-oi')).toHaveText(/\d\.\d\d/);
  await expect(page.getByTestId('pain-chart')).toHaveAttribute('data-points', /[1-9]\d*/);
  await expect(page.getByTestId('smile-chart')).toHaveAttribute('data-points', /[1-9]\d*/);
  await page.screenshot({ path: `${shots}/options-chain.png` });

  // Switch expiry: the chain and analytics follow.
  const tabs = page.getByTestId('expiry-tab');
  expect(await tabs.count()).toBeGreaterThan(2);
  const second = tabs.nth(2);
  const expiry = (await second.getAttribute('data-expiry'))!;
  await second.click();
  await expect(second).toHaveAttribute('aria-selected', 'true');
  await expect(table).toHaveAttribute('data-expiry', expiry);

  // Build an iron condor from the live chain: four legs, its numbers and payoff.
  await page.getByTestId('template-iron_condor').click();
  await expect(page.getByTestId('legs-table')).toHaveAttribute('data-legs', '4');
  await expect(page.getByTestId('strategy-name')).toContainText('Iron condor');
  await expect(page.getByTestId('max-profit')).toContainText(/\$\d/);
  await expect(page.getByTestId('max-loss')).toContainText(/\$\d/);
  await expect(page.getByTestId('net-debit')).toContainText('Net credit');
  await expect(page.getByTestId('breakevens')).toHaveText(/\d+\.\d\d · \d+\.\d\d/);
  await expect(page.getByTestId('pop')).toHaveText(/\d+\.\d%/);
  await expect(page.getByTestId('margin-rule')).toContainText(/\w/);
  await expect(page.getByTestId('payoff-chart')).toHaveAttribute('data-points', /[1-9]\d+/);

  // What-if: 5 days forward adds the dated curve.
  await page.getByTestId('whatif-days').fill('5');
  await expect(page.getByTestId('strategy-result').locator('figcaption')).toContainText('amber in 5 days');
  await expect(page.getByTestId('strategy-result')).toHaveAttribute('data-pending', 'false');
  await page.screenshot({ path: `${shots}/options-builder.png` });

  // Option cards are off by default: sending is disabled until the setting is turned on (confirmed).
  const send = page.getByTestId('send-to-approval-btn');
  const off = page.getByTestId('options-trading-off');
  if (await off.isVisible()) {
    await expect(send).toBeDisabled();
    await page.getByTestId('enable-options-trading').click();
    await page.getByTestId('confirm-enable-options').click();
    await expect(off).toBeHidden();
  }
  await expect(send).toBeEnabled();
  await page.getByTestId('strategy-thesis').fill('e2e: range-bound into expiry, IV rich');
  await send.click();
  const created = page.getByTestId('created-card');
  await expect(created).toHaveAttribute('data-status', /^(pending|blocked)$/);
  await expect(created.getByTestId('guardrail-chips')).toBeVisible();
  const id = (await created.getAttribute('data-card-id'))!;
  await page.screenshot({ path: `${shots}/options-sent.png` });

  // The strategy card waits in the Approvals view with its legs.
  await created.getByTestId('open-card-in-approvals').click();
  await expect(page.getByTestId('approvals-view')).toBeVisible();
  const card = page.locator(`[data-testid="approval-card"][data-card-id="${id}"]`);
  await expect(card).toBeVisible();
  await expect(card.getByTestId('card-strategy')).toHaveAttribute('data-template', 'iron_condor');
  await expect(card.getByTestId('card-strategy')).toContainText('max loss');
  await page.screenshot({ path: `${shots}/options-approvals.png` });
});
