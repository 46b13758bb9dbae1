import { expect, type Locator, type Page, test } from '@playwright/test';
import { signIn, withDb } from './support.ts';

/** The model card that has a challenger (the seed registers one next to the champion). */
async function cardWithChallenger(page: Page): Promise<Locator> {
  await page.goto('/models');
  const card = page
    .getByTestId('model-card')
    .filter({ has: page.locator('[data-testid="model-version-row"][data-aliases*="challenger"]') })
    .first();
  await expect(card).toBeVisible();
  return card;
}

function rowWithAlias(card: Locator, alias: string): Locator {
  return card.locator(`[data-testid="model-version-row"][data-aliases*="${alias}"]`);
}

async function newestSignalModel(after: Date): Promise<string | undefined> {
  return withDb(async (db) => {
    const r = await db.query<{ label: string }>(
      `SELECT mv.name || ' v' || mv.version AS label
         FROM "Signal" s JOIN "ModelVersion" mv ON mv.id = s."modelVersionId"
        WHERE s."createdAt" > $1 ORDER BY s."createdAt" DESC LIMIT 1`,
      [after],
    );
    return r.rows[0]?.label;
  });
}

test.describe('admin', () => {
  test('promotes the challenger, generates a signal with it, rolls back; audit shows both', async ({
    page,
  }) => {
    await signIn(page, 'ADMIN');
    const card = await cardWithChallenger(page);
    const modelName = await card.getAttribute('data-model-name');
    expect(modelName).toBeTruthy();
    const championBefore = await rowWithAlias(card, 'champion').getAttribute('data-version');
    const challenger = rowWithAlias(card, 'challenger');
    const challengerVersion = await challenger.getAttribute('data-version');
    expect(challengerVersion).not.toBe(championBefore);

    const promoteReason = `e2e: challenger beat champion on holdout ${Date.now()}`;
    await card.getByTestId('model-reason').fill(promoteReason);
    await challenger.getByTestId('model-promote').click();
    await expect(rowWithAlias(card, 'champion')).toHaveAttribute('data-version', String(challengerVersion));
    // The alias history records the champion move with its reason (the challenger alias may move too).
    const promoteEvents = card
      .locator('[data-testid="model-alias-event"]')
      .filter({ hasText: promoteReason });
    await expect(
      promoteEvents.filter({ has: page.locator('td:nth-child(2)', { hasText: /^champion$/ }) }),
    ).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath('promoted.png'), fullPage: true });

    // "Generate now" makes the worker run the new champion; the signal cites that version.
    const requestedAt = new Date();
    await card.getByTestId('model-generate-now').click();
    await expect(card.getByTestId('model-generate-success')).toBeVisible();
    const label = `${modelName} v${challengerVersion}`;
    await expect.poll(() => newestSignalModel(requestedAt), { timeout: 30_000 }).toBe(label);
    await page.goto('/signals');
    await page.getByTestId('signals-status-filter').selectOption('ALL');
    await expect(page.getByTestId('signal-model').filter({ hasText: label }).first()).toBeVisible();
    await page.screenshot({ path: test.info().outputPath('signal-from-new-champion.png'), fullPage: true });

    // Roll back to the previous champion.
    const rollbackReason = `e2e: roll back after review ${Date.now()}`;
    await page.goto('/models');
    const again = page.locator(`[data-testid="model-card"][data-model-name="${modelName}"]`);
    await again.getByTestId('model-reason').fill(rollbackReason);
    await again.getByTestId('model-rollback').click();
    await expect(rowWithAlias(again, 'champion')).toHaveAttribute('data-version', String(championBefore));
    await page.screenshot({ path: test.info().outputPath('rolled-back.png'), fullPage: true });

    // Both moves are in the audit trail, with their reasons.
    await page.goto('/audit');
    await expect(page.getByTestId('audit-chain-banner')).toHaveAttribute('data-intact', 'true');
    const promoted = page.locator('[data-testid="audit-row"][data-action="model.promote"]');
    const rolledBack = page.locator('[data-testid="audit-row"][data-action="model.rollback"]');
    await expect(promoted.filter({ hasText: promoteReason })).toHaveCount(1);
    await expect(rolledBack.filter({ hasText: rollbackReason })).toHaveCount(1);
    await page.screenshot({ path: test.info().outputPath('audit-models.png'), fullPage: true });
  });
});
