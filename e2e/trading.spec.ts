import { expect, test, type Page } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';
/** A liquid symbol (the benchmark ETF); market orders fill at once during the session. */
const SYMBOL = 'IWM';
/** The playbook that trades in every regime, so the regime check passes whatever the tape does. */
const PLAYBOOK = 'catalyst_swing';

/** Opens the order ticket from the Market view with `t` and raises a market-order card; returns its id. */
async function raiseCard(page: Page, quantity: string, thesis: string, shot?: string): Promise<string> {
  await page.getByTestId('view-tab-market').click();
  await expect(page.getByTestId('open-ticket')).toBeEnabled();
  await expect(page.getByTestId('chart-panel')).toHaveAttribute('data-symbol', SYMBOL);
  await page.locator('body').press('t');
  const ticket = page.getByTestId('order-ticket');
  await expect(ticket).toBeVisible();
  await ticket.getByRole('group', { name: 'Order type' }).getByRole('button', { name: 'Market', exact: true }).click();
  await ticket.getByLabel('Quantity').fill(quantity);
  await ticket.getByLabel('Playbook').selectOption(PLAYBOOK);
  await ticket.getByPlaceholder('Why this trade, why now').fill(thesis);
  // Live guardrail chips for the what-if (the other engineer's GuardrailChips: "<Label>: <status> — <message>").
  await expect(ticket.getByTestId('guardrail-chip').first()).toBeVisible();
  await expect(ticket.getByRole('button', { name: /^Liquidity: (passed|warning|blocked) — / })).toBeVisible();
  if (shot) await page.screenshot({ path: `${shots}/${shot}` });
  await ticket.getByRole('button', { name: /Create card/ }).click();
  const created = page.getByTestId('ticket-created');
  await expect(created).toHaveAttribute('data-status', 'pending');
  const id = (await created.locator('strong').first().textContent())!.trim();
  await expect(ticket).toBeHidden({ timeout: 10_000 });
  return id;
}

test('ticket → card → chips → explain → approve → fill and position; halt refuses approval with 4003; resume', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto(`/?token=${TOKEN}&view=market&symbol=${SYMBOL}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-halted', 'false');

  const id = await raiseCard(page, '10', 'Small caps bid after the CPI print; breadth improving', 'trading-ticket.png');

  // The card waits in the Approvals view with its guardrail chips.
  await page.getByTestId('pending-badge').click();
  await expect(page.getByTestId('approvals-view')).toBeVisible();
  const card = page.locator(`[data-testid="approval-card"][data-card-id="${id}"]`);
  await expect(card).toHaveAttribute('data-status', 'pending');
  await expect(card.getByTestId('guardrail-chips')).toBeVisible();
  await expect(card.getByTestId('countdown')).toHaveText(/\d+:\d\d/);
  await expect(card.getByTestId('sparkline')).toHaveAttribute('data-points', /[1-9]\d*/);
  await card.getByTestId('toggle-thesis').click();
  await expect(card.getByTestId('card-detail')).toContainText('Small caps bid');
  await page.screenshot({ path: `${shots}/trading-approvals.png` });

  // The explain dialog shows each check with its numbers.
  await card.getByTestId('explain-card').click();
  const explain = page.getByTestId('explain-dialog');
  await expect(explain).toBeVisible();
  await expect(explain.getByTestId('explain-check').first()).toBeVisible();
  expect(await explain.getByTestId('explain-check').count()).toBeGreaterThanOrEqual(6);
  await expect(explain.locator('[data-testid="explain-check"][data-check="liquidity"]')).toContainText(/\d/);
  await page.screenshot({ path: `${shots}/trading-explain.png` });
  await page.keyboard.press('Escape');
  await expect(explain).toBeHidden();

  // Approve: the market order fills at once; the card moves to the decided list.
  await card.getByTestId('approve-card').click();
  const decided = page.locator(`[data-testid="decided-card"][data-card-id="${id}"]`);
  await expect(decided).toHaveAttribute('data-status', 'filled', { timeout: 30_000 });

  // The fill in the blotter and the position in Positions.
  await page.getByTestId('view-tab-portfolio').click();
  await expect(page.locator(`[data-testid="fill-row"][data-symbol="${SYMBOL}"]`).first()).toBeVisible();
  await expect(page.locator(`[data-testid="order-row"][data-symbol="${SYMBOL}"][data-status="filled"]`).first()).toBeVisible();
  const position = page.locator(`[data-testid="position-row"][data-symbol="${SYMBOL}"]`);
  await expect(position).toBeVisible();
  expect(Number(await position.getAttribute('data-qty'))).toBeGreaterThanOrEqual(10);
  await expect(page.getByTestId('account-summary')).toContainText('Equity');
  await page.screenshot({ path: `${shots}/trading-portfolio.png` });

  // Halt with a reason (required, confirmed); Ctrl+Shift+H opens the dialog from anywhere.
  await page.locator('body').press('Control+Shift+H');
  const halt = page.getByTestId('halt-dialog');
  await expect(halt).toBeVisible();
  await expect(page.getByTestId('halt-submit')).toBeDisabled();
  await page.getByTestId('halt-reason').fill('e2e: desk drill');
  await page.getByTestId('halt-confirm').check();
  await page.getByTestId('halt-submit').click();
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-halted', 'true');
  await expect(page.getByTestId('kill-switch')).toContainText('HALTED — e2e: desk drill');

  // A card can still be raised, but approving it is refused: 4003 with the halt reason.
  const second = await raiseCard(page, '5', 'Second tranche idea while halted');
  // A notification's link (?card=) opens the Approvals view on that card.
  await page.goto(`/?token=${TOKEN}&view=approvals&card=${second}`);
  await expect(page.getByTestId('approvals-halted')).toContainText('e2e: desk drill');
  const card2 = page.locator(`[data-testid="approval-card"][data-card-id="${second}"]`);
  await expect(card2).toHaveAttribute('data-selected', 'true');
  await card2.getByTestId('approve-card').click();
  const refusal = card2.getByTestId('card-error');
  await expect(refusal).toHaveAttribute('data-code', '4003');
  await expect(refusal).toContainText('Desk halted');
  await expect(refusal).toContainText('e2e: desk drill');
  await expect(card2).toHaveAttribute('data-status', 'pending');
  await page.screenshot({ path: `${shots}/trading-halted.png` });

  // Resume (confirmed); the card can then be rejected with a reason.
  await page.getByTestId('resume-trading').click();
  await page.getByTestId('resume-confirm').click();
  await expect(page.getByTestId('kill-switch')).toHaveAttribute('data-halted', 'false');
  await card2.getByTestId('reject-card').click();
  await page.getByTestId('reject-reason').fill('e2e: clean up');
  await page.getByTestId('confirm-reject').click();
  await expect(page.locator(`[data-testid="decided-card"][data-card-id="${second}"]`)).toHaveAttribute('data-status', 'rejected');
});
