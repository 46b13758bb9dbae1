import { expect, test } from '@playwright/test';
import { cardById, pendingSignalId } from './signals-page.ts';
import { signIn, withDb } from './support.ts';

test.describe('trader', () => {
  test('reviews a signal, approves it in one click, sees positions with P&L, rejects another', async ({
    page,
  }) => {
    await signIn(page, 'TRADER');
    const id = await pendingSignalId(page, { verdictOk: true });
    const card = cardById(page, id);

    // What a trader decides on: legs, net debit/credit, max loss, the pre-trade verdict.
    const legs = card.locator('[data-testid^="signal-leg-"]');
    expect(await legs.count()).toBeGreaterThanOrEqual(2);
    await expect(card.getByTestId('signal-net-kind')).toHaveAttribute('data-kind', /^(debit|credit)$/);
    await expect(card.getByTestId('signal-net-premium')).toHaveText(/\$[\d,]+\.\d{2} \/ share/);
    await expect(card.getByTestId('signal-max-loss')).toHaveText(/\$[\d,]+\.\d{2}/);
    await expect(card.getByTestId('signal-verdict')).toHaveAttribute('data-ok', 'true');
    await expect(card.getByTestId('check-status-MAX_CONTRACTS_PER_ORDER')).toHaveText('PASS');
    const legSymbols = await legs.evaluateAll((rows) => rows.map((r) => r.getAttribute('title') ?? ''));
    await page.screenshot({ path: test.info().outputPath('pending-signal.png'), fullPage: true });

    // One click. The card then leaves the pending list (the list refreshes after a decision).
    const approved = page.waitForResponse((r) => r.url().includes('/api/trpc/signals.approve'));
    await card.getByTestId('signal-approve').click();
    expect((await approved).status()).toBe(200);
    await expect(card).toBeHidden();
    const status = await withDb(async (db) => {
      const r = await db.query<{ status: string }>('SELECT status FROM "Signal" WHERE id = $1', [id]);
      return r.rows[0]?.status;
    });
    expect(status).toBe('APPROVED');
    await page.getByTestId('signals-status-filter').selectOption('APPROVED');
    await expect(cardById(page, id)).toHaveAttribute('data-status', 'APPROVED');
    await expect(cardById(page, id).getByTestId('signal-order')).toBeVisible();

    // The worker executes the order and books one position per leg; the mark job prices them.
    await page.goto('/positions');
    for (const symbol of legSymbols) {
      const row = page.locator(`[data-testid="position-row"][data-symbol="${symbol}"]`);
      await expect(row).toBeVisible({ timeout: 30_000 });
      await expect(row.getByTestId('position-qty')).not.toHaveText('0');
      await expect(row.getByTestId('position-unrealized')).toHaveText(/^-?\$[\d,]+\.\d{2}$/, {
        timeout: 30_000,
      });
    }
    await expect(page.getByTestId('positions-total-unrealized')).toHaveText(/\$[\d,]+\.\d{2}/);
    await page.screenshot({ path: test.info().outputPath('positions.png'), fullPage: true });

    // Reject a different signal, with a reason.
    const otherId = await pendingSignalId(page, { exclude: [id] });
    const other = cardById(page, otherId);
    const reason = `e2e: spread too wide ${Date.now()}`;
    await other.getByTestId('signal-reject').click();
    await other.getByTestId('signal-reject-reason').fill(reason);
    await other.getByTestId('signal-reject-confirm').click();
    await expect(other).toBeHidden();
    await page.getByTestId('signals-status-filter').selectOption('REJECTED');
    const rejected = cardById(page, otherId);
    await expect(rejected).toHaveAttribute('data-status', 'REJECTED');
    await expect(rejected.getByTestId('signal-decision')).toContainText(reason);
    await page.screenshot({ path: test.info().outputPath('rejected.png'), fullPage: true });
  });
});
