/**
 * Not run by the shared vitest config yet: it includes only `*.test.ts` and keeps tsconfig's
 * `jsx: preserve`. Needs `oxc: { jsx: { runtime: 'automatic' } }` and the `.test.tsx` suffix in the
 * unit project (verified to pass with both).
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PortfolioStats } from './portfolio-stats.tsx';

/** Text of the element carrying `data-testid="<id>"` in static markup. */
function byTestId(html: string, id: string): string | undefined {
  return new RegExp(`data-testid="${id}"[^>]*>([^<]*)<`).exec(html)?.[1];
}

describe('PortfolioStats', () => {
  it('shows the book and the orders in flight under their test ids', () => {
    const html = renderToStaticMarkup(
      createElement(PortfolioStats, {
        portfolio: {
          delta: -80.5,
          pendingDelta: 1234.5,
          openOrders: 3,
          positions: 2,
          unrealizedPnl: 100,
          realizedPnl: -5,
        },
      }),
    );
    expect(byTestId(html, 'portfolio-delta')).toBe('-80.5');
    expect(byTestId(html, 'portfolio-pending-delta')).toBe('1,234.5');
    expect(byTestId(html, 'portfolio-open-orders')).toBe('3');
    expect(byTestId(html, 'portfolio-positions')).toBe('2');
    expect(byTestId(html, 'portfolio-unrealized')).toBe('$100.00');
    expect(byTestId(html, 'portfolio-realized')).toBe('-$5.00');
  });
});
