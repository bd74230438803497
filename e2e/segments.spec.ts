import { expect, test, type Page } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';

/** Closes the browser-mode toasts (new cards, alerts) so they do not cover the screenshot. */
async function dismissToasts(page: Page): Promise<void> {
  const close = page.locator('.toasts .toast-close');
  for (let i = 0; i < 12 && (await close.count()) > 0; i++) await close.first().click();
}

test('segments: both running → Run now on Biotech to done with proposals → disable Mining → card and LLM trace; comparison; LLM settings', async ({ page }) => {
  test.setTimeout(60_000);
  await page.goto(`/?token=${TOKEN}&view=segments`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
  const biotech = page.locator('[data-testid="segment-panel"][data-segment-id="biotech"]');
  const mining = page.locator('[data-testid="segment-panel"][data-segment-id="mining"]');

  // Both segments enabled and healthy, each with its risk block (indicators come with a run's gather, below).
  await expect(biotech).toHaveAttribute('data-state', 'running');
  await expect(mining).toHaveAttribute('data-state', 'running');
  await expect(biotech.getByTestId('segment-risk')).toContainText('$');
  await expect(biotech.getByTestId('segment-next-run')).toContainText(/ET|not scheduled/);

  // Run now on Biotech: the button is disabled while it runs, the bar reaches done, and proposals are listed.
  const run = biotech.getByTestId('run-segment');
  await run.click();
  const progress = biotech.getByTestId('segment-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(progress).toHaveAttribute('data-stage', 'done');
  await expect(run).toBeEnabled();
  await expect(biotech.getByTestId('segment-indicator').first()).toContainText(/ET/);
  await expect(biotech.getByTestId('segment-last-run')).toHaveAttribute('data-outcome', /^(ok|degraded)$/);
  // Mining too, so its commodity board (prices with source and as-of) is on screen.
  await mining.getByTestId('run-segment').click();
  await expect(mining.getByTestId('segment-progress')).toHaveAttribute('data-done', 'true', { timeout: 20_000 });
  await expect(mining.getByTestId('segment-indicator').first()).toContainText(/ET/);
  const proposals = biotech.getByTestId('proposal-row');
  await expect(proposals.first()).toBeVisible();
  await dismissToasts(page);
  await page.screenshot({ path: `${shots}/segments.png` });

  // Disable Mining: its state follows the engine; enable it again for the specs after this one.
  const toggle = mining.getByTestId('segment-enabled');
  // A click, not uncheck(): the switch shows the engine's answer, so it flips only once segments.setEnabled returns.
  await toggle.click();
  await expect(mining).toHaveAttribute('data-state', 'disabled');
  await expect(mining.getByTestId('segment-state')).toHaveText('DISABLED');
  await expect(mining.getByTestId('segment-next-run')).toContainText('not scheduled');
  await expect(toggle).not.toBeChecked();
  await page.screenshot({ path: `${shots}/segments-mining-disabled.png` });
  await toggle.click();
  await expect(mining).toHaveAttribute('data-state', /^(running|degraded)$/);

  // A proposal's trace from the Segments view.
  const traced = biotech.getByTestId('proposal-trace').first();
  await traced.click();
  const trace = page.getByTestId('llm-trace');
  await expect(trace.getByTestId('llm-trace-facts')).toHaveAttribute('data-provider', 'rules');
  await expect(trace.getByTestId('llm-trace-system')).not.toBeEmpty();
  await expect(trace.getByTestId('llm-trace-user')).not.toBeEmpty();
  await page.keyboard.press('Escape');
  await expect(trace).toBeHidden();

  // A carded proposal opens its card in the Approvals view; the card opens the same trace.
  const carded = biotech.locator('[data-testid="proposal-row"][data-outcome="carded"]').first();
  await expect(carded).toBeVisible();
  const cardId = (await carded.getAttribute('data-card-id'))!;
  await carded.getByTestId('proposal-card-link').click();
  await expect(page.getByTestId('approvals-view')).toBeVisible();
  const card = page.locator(`[data-testid="approval-card"][data-card-id="${cardId}"]`);
  await expect(card).toHaveAttribute('data-selected', 'true');
  await card.getByTestId('toggle-thesis').click();
  const evidence = card.getByTestId('card-detail').locator('.aq-evidence li');
  await expect(evidence.first()).toBeVisible();
  await expect(evidence.first().locator('.ev-meta')).not.toBeEmpty(); // each bullet names its source
  await dismissToasts(page);
  await page.screenshot({ path: `${shots}/segments-card.png` });
  await card.getByTestId('card-trace').click();
  await expect(trace.getByTestId('llm-trace-outcome')).toHaveText(/rules|ok|cached/);
  await expect(trace.getByTestId('llm-trace-response')).toContainText('decisions');
  await dismissToasts(page);
  await page.screenshot({ path: `${shots}/segments-card-trace.png` });
  await page.keyboard.press('Escape');
  await expect(trace).toBeHidden();

  // The comparison: metrics table with basis labels, the curves (every segment and IWM), the heat map, the score.
  await page.getByTestId('view-tab-compare').click();
  const table = page.getByTestId('metrics-table');
  await expect(table).toBeVisible();
  await expect(table.getByTestId('metrics-basis').first()).toHaveText(/^(sleeve|universe)$/);
  await expect(table.locator('tr[data-metric="sharpe"] [data-testid="metric-cell"]')).toHaveCount(3);
  await expect(page.getByTestId('equity-curves')).toHaveAttribute('data-series', '3');
  await expect(page.getByTestId('equity-curves')).toHaveAttribute('data-points', /[1-9]\d*/);
  await expect(page.getByTestId('heat-cell').first()).toHaveText(/^(1\.00|[+−]?\d\.\d\d|—)$/);
  expect(await page.getByTestId('heat-cell').count()).toBeGreaterThanOrEqual(4);
  await expect(page.getByTestId('diversification-score')).toHaveText(/(\d+|—)\/100/);
  await expect(page.getByTestId('allocation-row')).toHaveCount(2);
  await expect(page.getByTestId('segment-books')).toBeVisible();
  await page.getByTestId('corr-90').click();
  await expect(page.getByTestId('correlation')).toHaveAttribute('data-window', '90');
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-path')).toContainText(/\.csv$/);
  await dismissToasts(page);
  await page.screenshot({ path: `${shots}/compare.png` });
  // Print… prints the report section alone, on white.
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('view-tab-compare')).toBeHidden();
  await expect(page.getByTestId('metrics-table')).toBeVisible();
  await page.screenshot({ path: `${shots}/compare-print.png`, fullPage: true });
  await page.emulateMedia({ media: 'screen' });

  // LLM settings: the rules provider by default, the gauge, the calls the runs recorded.
  await page.getByTestId('view-tab-settings').click();
  const llm = page.getByTestId('llm-settings');
  await llm.scrollIntoViewIfNeeded();
  await expect(llm.getByTestId('llm-provider')).toHaveAttribute('data-provider', 'rules');
  await expect(llm.getByTestId('llm-gauge')).toBeVisible();
  await expect(llm.getByTestId('llm-key-status')).toContainText(/not set|set \(/);
  await expect(llm.getByTestId('llm-call-row').first()).toBeVisible();
  await dismissToasts(page);
  await page.screenshot({ path: `${shots}/llm-settings.png` });
});
