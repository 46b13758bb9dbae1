/**
 * Page helpers for /signals: find pending signal cards by id (the list re-sorts as the
 * worker adds signals every few seconds, so tests hold on to ids, not positions).
 */
import { expect, type Locator, type Page } from '@playwright/test';

export function cardById(page: Page, id: string): Locator {
  return page.locator(`[data-testid="signal-card"][data-signal-id="${id}"]`);
}

/** Waits for pending signals and returns the id of the first whose current verdict matches `ok`. */
export async function pendingSignalId(
  page: Page,
  options: { verdictOk?: boolean; exclude?: readonly string[] } = {},
): Promise<string> {
  const exclude = new Set(options.exclude ?? []);
  let found: string | undefined;
  await expect(async () => {
    await page.goto('/signals');
    const cards = page.locator('[data-testid="signal-card"][data-status="PENDING"]');
    await expect(cards.first()).toBeVisible({ timeout: 5_000 });
    for (const card of await cards.all()) {
      const id = await card.getAttribute('data-signal-id');
      if (!id || exclude.has(id)) continue;
      if (options.verdictOk !== undefined) {
        const ok = await card.getByTestId('signal-verdict').getAttribute('data-ok');
        if (ok !== String(options.verdictOk)) continue;
      }
      found = id;
      return;
    }
    throw new Error('no matching pending signal yet');
  }).toPass({ timeout: 45_000, intervals: [1_000, 2_000] });
  if (!found) throw new Error('no pending signal found');
  return found;
}

/** Contracts of one order of this signal: quantity × Σ ratio over legs (as the limit counts them). */
export async function contractsOf(card: Locator): Promise<number> {
  const quantity = Number(await card.getByTestId('signal-quantity').textContent());
  const ratios = await card.locator('[data-testid^="signal-leg-"] td:nth-child(2)').allTextContents();
  const perUnit = ratios.map(Number).reduce((a, b) => a + Math.abs(b), 0);
  return quantity * perUnit;
}
