import { expect, type Page, test } from '@playwright/test';
import { cardById, contractsOf, pendingSignalId } from './signals-page.ts';
import { signIn, signOut, withDb } from './support.ts';

async function setMaxContracts(page: Page, value: number, reason: string) {
  await page.goto('/risk');
  const input = page.getByTestId('limits-max-contracts');
  await expect(input).toBeVisible();
  const before = Number(await input.inputValue());
  await input.fill(String(value));
  await page.getByTestId('limits-reason').fill(reason);
  await page.getByTestId('limits-save').click();
  await expect(page.getByTestId('limits-saved')).toBeVisible();
  const inForce = await withDb(async (db) => {
    const r = await db.query<{ max: number }>(
      'SELECT "maxContractsPerOrder" AS max FROM "RiskLimitVersion" ORDER BY version DESC LIMIT 1',
    );
    return r.rows[0]?.max;
  });
  expect(inForce).toBe(value);
  return before;
}

async function auditCount(): Promise<number> {
  return withDb(async (db) => {
    const r = await db.query<{ n: string }>('SELECT count(*)::text AS n FROM "AuditEvent"');
    return Number(r.rows[0]?.n ?? 0);
  });
}

test.describe('risk manager', () => {
  test('lowers max contracts per order; the trader is refused with the limit and the excess; audit shows it', async ({
    page,
  }) => {
    // The risk manager reads the next pending signal's size...
    await signIn(page, 'RISK_MANAGER');
    const id = await pendingSignalId(page, { verdictOk: true });
    const contracts = await contractsOf(cardById(page, id));
    expect(contracts).toBeGreaterThanOrEqual(2);
    const newLimit = contracts - 1;
    // ...and lowers the limit below it, with a reason.
    const reason = `e2e: tighten size before the close ${Date.now()}`;
    const oldLimit = await setMaxContracts(page, newLimit, reason);
    expect(oldLimit).toBeGreaterThan(newLimit);
    await page.screenshot({ path: test.info().outputPath('risk-limits.png'), fullPage: true });

    try {
      // The trader's approval is refused, naming the limit and by how much it is exceeded.
      await signOut(page);
      await signIn(page, 'TRADER');
      await page.goto('/signals');
      const card = cardById(page, id);
      await expect(card.getByTestId('check-status-MAX_CONTRACTS_PER_ORDER')).toHaveText('FAIL');
      await card.getByTestId('signal-approve').click();
      const error = card.getByTestId('signal-approve-error');
      await expect(error).toBeVisible();
      const breach = card.getByTestId('signal-breach-MAX_CONTRACTS_PER_ORDER');
      await expect(breach).toContainText(`exceeds the limit of ${newLimit} contracts by`);
      await expect(breach.locator('strong')).toHaveText(`${contracts - newLimit} contracts`);
      await page.screenshot({ path: test.info().outputPath('approval-refused.png'), fullPage: true });
      const state = await withDb(async (db) => {
        const s = await db.query<{ status: string }>('SELECT status FROM "Signal" WHERE id = $1', [id]);
        const o = await db.query('SELECT 1 FROM "Order" WHERE "signalId" = $1', [id]);
        return { status: s.rows[0]?.status, orders: o.rowCount };
      });
      expect(state).toEqual({ status: 'PENDING', orders: 0 });

      // The audit trail shows the change with old and new values, and the chain verifies.
      await signOut(page);
      await signIn(page, 'RISK_MANAGER');
      const countBefore = await auditCount();
      await page.goto('/audit');
      const row = page
        .locator('[data-testid="audit-row"][data-action="limit.update"]')
        .filter({ hasText: reason });
      await expect(row).toHaveCount(1);
      // The row's data names the old and the new version of the limits.
      await expect(row).toContainText(
        new RegExp(`"old":\\s*\\{[^}]*"maxContractsPerOrder":\\s*${oldLimit}\\b`),
      );
      await expect(row).toContainText(
        new RegExp(`"new":\\s*\\{[^}]*"maxContractsPerOrder":\\s*${newLimit}\\b`),
      );
      const banner = page.getByTestId('audit-chain-banner');
      await expect(banner).toHaveAttribute('data-intact', 'true');
      await expect(banner).toHaveText(/^Chain intact: \d+ events$/);
      const shown = Number((await banner.textContent())?.replace(/\D/g, ''));
      expect(shown).toBeGreaterThanOrEqual(countBefore);
      expect(shown).toBeLessThanOrEqual(await auditCount());
      await page.screenshot({ path: test.info().outputPath('audit.png'), fullPage: true });
    } finally {
      // Later journeys expect the seeded limit.
      await signOut(page);
      await signIn(page, 'RISK_MANAGER');
      await setMaxContracts(page, oldLimit, 'e2e: restore the seeded limit');
    }
  });
});
