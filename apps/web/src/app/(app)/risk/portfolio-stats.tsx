import type { PortfolioRisk } from '@zomma/contracts';
import { money, num } from '../../../components/format.ts';

/** The portfolio summary of the risk page: the book, and the orders in flight pre-trade checks count. */
export function PortfolioStats({ portfolio }: { portfolio: PortfolioRisk }) {
  return (
    <div className="stats">
      <div className="stat">
        <span className="label">Delta (shares)</span>
        <span className="value" data-testid="portfolio-delta">
          {num(portfolio.delta)}
        </span>
      </div>
      <div className="stat" title="Delta of approved orders not yet filled; pre-trade checks count it">
        <span className="label">Pending delta (shares)</span>
        <span className="value" data-testid="portfolio-pending-delta">
          {num(portfolio.pendingDelta)}
        </span>
      </div>
      <div className="stat">
        <span className="label">Orders in flight</span>
        <span className="value" data-testid="portfolio-open-orders">
          {portfolio.openOrders}
        </span>
      </div>
      <div className="stat">
        <span className="label">Open positions</span>
        <span className="value" data-testid="portfolio-positions">
          {portfolio.positions}
        </span>
      </div>
      <div className="stat">
        <span className="label">Unrealized P&amp;L</span>
        <span className="value" data-testid="portfolio-unrealized">
          {money(portfolio.unrealizedPnl)}
        </span>
      </div>
      <div className="stat">
        <span className="label">Realized P&amp;L</span>
        <span className="value" data-testid="portfolio-realized">
          {money(portfolio.realizedPnl)}
        </span>
      </div>
    </div>
  );
}
