import { expect, test } from '@playwright/test';
import { cardById, pendingSignalId } from './signals-page.ts';
import { signIn, withDb } from './support.ts';

test.describe('expiry', () => {
  test('an expired signal cannot be approved', async ({ page }) => {
    await signIn(page, 'TRADER');
    const id = await pendingSignalId(page, { verdictOk: true });
    const card = cardById(page, id);
    await expect(card.getByTestId('signal-approve')).toBeEnabled();

    // The signal's time runs out while the trader is looking at it.
    await withDb((db) =>
      db.query(`UPDATE "Signal" SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [id]),
    );

    const response = page.waitForResponse((r) => r.url().includes('/api/trpc/signals.approve'));
    await card.getByTestId('signal-approve').click();
    const res = await response;
    expect(res.status()).toBe(409);
    expect(await res.text()).toMatch(/SIGNAL_EXPIRED|SIGNAL_NOT_PENDING/);

    const state = await withDb(async (db) => {
      const s = await db.query<{ status: string }>('SELECT status FROM "Signal" WHERE id = $1', [id]);
      const o = await db.query('SELECT 1 FROM "Order" WHERE "signalId" = $1', [id]);
      return { status: s.rows[0]?.status, orders: o.rowCount };
    });
    expect(state.orders).toBe(0);
    expect(state.status).not.toBe('APPROVED');

    // The sweep marks it EXPIRED; the page then offers no approve control for it.
    await expect
      .poll(
        () =>
          withDb(async (db) => {
            const r = await db.query<{ status: string }>('SELECT status FROM "Signal" WHERE id = $1', [id]);
            return r.rows[0]?.status;
          }),
        { timeout: 15_000 },
      )
      .toBe('EXPIRED');
    await page.getByTestId('signals-status-filter').selectOption('EXPIRED');
    const expired = cardById(page, id);
    await expect(expired).toHaveAttribute('data-status', 'EXPIRED');
    await expect(expired.getByTestId('signal-approve')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('expired.png'), fullPage: true });
  });
});
