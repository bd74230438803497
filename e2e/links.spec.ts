import { expect, test, type Page } from '@playwright/test';

const TOKEN = 'e2e-token-0123456789';
const shots = 'test-results/screenshots';

async function open(page: Page, query: string): Promise<void> {
  await page.goto(`/?token=${TOKEN}&${query}`);
  await expect(page.getByTestId('connection-state')).toHaveAttribute('data-state', 'open');
}

test('link groups: a red Market window leads the red Options window; a blue one stays; the chain window leads back', async ({ context }) => {
  test.setTimeout(90_000);
  // Two tabs = two windows of the same engine; a third in another colour.
  const market = await context.newPage();
  const chain = await context.newPage();
  const blue = await context.newPage();
  await open(chain, 'view=options&link=red');
  await open(blue, 'view=options&link=blue');
  await open(market, 'view=market');
  await expect(chain.getByTestId('link-group')).toHaveAttribute('data-group', 'red');
  await expect(blue.getByTestId('link-group')).toHaveAttribute('data-group', 'blue');
  await expect(market.getByTestId('link-group')).toHaveAttribute('data-group', 'none');

  // The Market window joins red through the top bar's picker.
  await market.getByRole('button', { name: 'Window link group' }).click();
  await market.getByTestId('link-group-red').click();
  await expect(market.getByTestId('link-group')).toHaveAttribute('data-group', 'red');
  await expect(market.getByTestId('link-group-menu')).toBeHidden();
  await expect(market).toHaveURL(/[?&]link=red/);

  // Settle where every window stands before the user acts.
  await expect(chain.getByTestId('options-view')).toHaveAttribute('data-symbol', /^[A-Z]/);
  await expect(blue.getByTestId('options-view')).toHaveAttribute('data-symbol', /^[A-Z]/);
  const blueBefore = (await blue.getByTestId('options-view').getAttribute('data-symbol'))!;
  const chainBefore = (await chain.getByTestId('options-view').getAttribute('data-symbol'))!;

  // Select a symbol in the Market window: one neither options window shows.
  await expect(market.getByTestId('universe-row').first()).toBeVisible();
  const rows = market.getByTestId('universe-row');
  let symbol = '';
  for (let i = 2; i < 12; i++) {
    const s = (await rows.nth(i).getAttribute('data-symbol'))!;
    if (s !== blueBefore && s !== chainBefore) {
      await rows.nth(i).click();
      symbol = s;
      break;
    }
  }
  expect(symbol).not.toBe('');
  await expect(market.getByTestId('chart-panel')).toHaveAttribute('data-symbol', symbol);

  // The red Options window follows; the blue one does not move.
  await expect(chain.getByTestId('options-view')).toHaveAttribute('data-symbol', symbol);
  await expect(chain.getByTestId('options-symbol')).toHaveValue(symbol);
  await chain.waitForTimeout(1_000);
  await expect(blue.getByTestId('options-view')).toHaveAttribute('data-symbol', blueBefore);
  // No echo loop: the leader still shows its own choice.
  await expect(market.getByTestId('chart-panel')).toHaveAttribute('data-symbol', symbol);
  await chain.bringToFront();
  await chain.screenshot({ path: `${shots}/links.png` });

  // The other way round: the chain window's symbol box leads the Market window.
  const next = symbol === 'XLK' ? 'XLF' : 'XLK';
  await chain.getByTestId('options-symbol').fill(next);
  await chain.getByTestId('options-symbol').press('Enter');
  await expect(chain.getByTestId('options-view')).toHaveAttribute('data-symbol', next);
  await expect(market.getByTestId('chart-panel')).toHaveAttribute('data-symbol', next);
  await expect(blue.getByTestId('options-view')).toHaveAttribute('data-symbol', blueBefore);
  await market.bringToFront();
  await market.screenshot({ path: `${shots}/links-market.png` });

  // A new window joining red starts on the group's symbol; leaving the group stops following.
  const late = await context.newPage();
  await open(late, 'view=market&link=red');
  await expect(late.getByTestId('chart-panel')).toHaveAttribute('data-symbol', next);
  await blue.getByRole('button', { name: 'Window link group' }).click();
  await blue.getByTestId('link-group-none').click();
  await expect(blue.getByTestId('link-group')).toHaveAttribute('data-group', 'none');
  await expect(blue.getByTestId('options-view')).toHaveAttribute('data-symbol', blueBefore);

  // The Market view remembers its group (localStorage) across a fresh window without ?link=.
  const again = await context.newPage();
  await open(again, 'view=market');
  await expect(again.getByTestId('link-group')).toHaveAttribute('data-group', 'red');
});
