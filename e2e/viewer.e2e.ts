import { expect, test } from '@playwright/test';
import { cardById, pendingSignalId } from './signals-page.ts';
import { signIn, trpcMutation, withDb } from './support.ts';

test.describe('viewer', () => {
  test('sees signals but has no approve control, and the API refuses a direct approve with 403', async ({
    page,
  }) => {
    await signIn(page, 'VIEWER');
    const id = await pendingSignalId(page);
    const card = cardById(page, id);
    await expect(card.getByTestId('signal-legs')).toBeVisible();
    await expect(card.getByTestId('signal-actions-readonly')).toBeVisible();
    await expect(page.getByTestId('signal-approve')).toHaveCount(0);
    await expect(page.getByTestId('signal-reject')).toHaveCount(0);
    await page.screenshot({ path: test.info().outputPath('viewer-signals.png'), fullPage: true });

    // Straight to the API with the viewer's session cookie.
    const res = await trpcMutation(page, 'signals.approve', { signalId: id });
    expect(res.status()).toBe(403);
    const body = JSON.stringify(await res.json());
    expect(body).toContain('FORBIDDEN');

    const state = await withDb(async (db) => {
      const s = await db.query<{ status: string }>('SELECT status FROM "Signal" WHERE id = $1', [id]);
      const o = await db.query('SELECT 1 FROM "Order" WHERE "signalId" = $1', [id]);
      return { status: s.rows[0]?.status, orders: o.rowCount };
    });
    expect(state.orders).toBe(0);
    expect(state.status).not.toBe('APPROVED');
  });

  test('a request without a session is refused with 401', async ({ playwright, baseURL }) => {
    const anonymous = await playwright.request.newContext({ baseURL });
    const res = await anonymous.post('/api/trpc/signals.approve', {
      data: { json: { signalId: '00000000-0000-4000-8000-000000000000' } },
    });
    expect(res.status()).toBe(401);
    await anonymous.dispose();
  });
});
