'use client';

import type { SignalView } from '@zomma/contracts';
import { countdown, dateTime, money, netPremium, num, percent } from '../../../components/format.ts';
import { PayoffChart } from '../../../components/payoff-chart.tsx';
import { VerdictTable } from '../../../components/verdict-table.tsx';
import { microsToNumber, naturalNetMicros } from '../../../server/services/risk-evaluation.ts';
import { ModelEvidence } from './model-evidence.tsx';
import { SignalActions } from './signal-actions.tsx';
import { useNow } from './use-now.ts';

function LegsTable({ signal }: { signal: SignalView }) {
  return (
    <table data-testid="signal-legs">
      <thead>
        <tr>
          <th>Side</th>
          <th className="num">Ratio</th>
          <th>Right</th>
          <th className="num">Strike</th>
          <th>Expiry</th>
          <th className="num">Bid</th>
          <th className="num">Ask</th>
          <th className="num">Mid</th>
          <th className="num">IV</th>
          <th className="num">Delta</th>
        </tr>
      </thead>
      <tbody>
        {signal.legs.map((leg) => (
          <tr key={leg.idx} data-testid={`signal-leg-${leg.idx}`} title={leg.symbol}>
            <td className={leg.side === 'BUY' ? 'status-pass' : 'status-fail'}>{leg.side}</td>
            <td className="num">{leg.ratio}</td>
            <td>{leg.right}</td>
            <td className="num">{num(leg.strike)}</td>
            <td>{leg.expiry.toISOString().slice(0, 10)}</td>
            <td className="num">{num(leg.bid)}</td>
            <td className="num">{num(leg.ask)}</td>
            <td className="num">{num(leg.mid)}</td>
            <td className="num">{percent(leg.iv)}</td>
            <td className="num">{num(leg.delta, 3)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SignalCard({ signal }: { signal: SignalView }) {
  const now = useNow();
  const premium = netPremium(signal.netDebit);
  const premiumLabel =
    premium.kind === 'debit'
      ? 'Net debit (paid)'
      : premium.kind === 'credit'
        ? 'Net credit (received)'
        : 'Net premium';
  // The order's limit price: the natural net (buy at the ask, sell at the bid), what trading
  // now costs; the risk check's max loss is at this price.
  const limit = netPremium(String(microsToNumber(naturalNetMicros(signal.legs))));
  const isRule = signal.model.kind === 'RULE';
  return (
    <section
      className="panel"
      data-testid="signal-card"
      data-signal-id={signal.id}
      data-status={signal.status}
      data-strategy={signal.strategy}
    >
      <div className="card-head">
        <h2 style={{ margin: 0 }}>
          <span data-testid="signal-strategy">{signal.strategy.replaceAll('_', ' ')}</span> ·{' '}
          <span data-testid="signal-underlying">{signal.underlying}</span>{' '}
          <span className="muted">@ {num(signal.underlyingPrice)}</span>
        </h2>
        <div className="row" style={{ alignItems: 'center', gap: '0.5rem' }}>
          <span className="badge" data-testid="signal-status">
            {signal.status}
          </span>
          <span className="badge" data-testid="signal-model">
            {signal.model.name} v{signal.model.version}
          </span>
          {isRule ? (
            <span className="badge rule" data-testid="signal-model-rule-badge">
              baseline rule (not a learned model)
            </span>
          ) : null}
          {signal.status === 'PENDING' ? (
            <span className="muted" data-testid="signal-expiry-countdown">
              expires in {countdown(signal.expiresAt, now)}
            </span>
          ) : null}
        </div>
      </div>
      <p className="muted" data-testid="signal-rationale">
        {signal.rationale}
      </p>
      {signal.confidence !== null || signal.explanation !== null ? <ModelEvidence signal={signal} /> : null}
      <div className="stats" style={{ marginBottom: '0.75rem' }}>
        <div className="stat">
          <span className="label">Quantity</span>
          <span className="value" data-testid="signal-quantity">
            {signal.quantity}
          </span>
        </div>
        <div className="stat">
          <span className="label" data-testid="signal-net-kind" data-kind={premium.kind}>
            {premiumLabel}
          </span>
          <span className="value" data-testid="signal-net-premium">
            {money(premium.amount)} / share
          </span>
        </div>
        <div className="stat">
          <span className="label" data-testid="signal-limit-kind" data-kind={limit.kind}>
            Limit price ({limit.kind === 'credit' ? 'credit' : 'debit'} at the natural)
          </span>
          <span className="value" data-testid="signal-limit-price">
            {money(limit.amount)} / share
          </span>
        </div>
        <div className="stat">
          <span className="label">Max loss (per unit, at mid)</span>
          <span className="value status-fail" data-testid="signal-max-loss">
            {money(signal.maxLoss)}
          </span>
        </div>
        <div className="stat">
          <span className="label">Max profit (per unit)</span>
          <span className="value status-pass" data-testid="signal-max-profit">
            {money(signal.maxProfit)}
          </span>
        </div>
        <div className="stat">
          <span className="label">Delta (shares / unit)</span>
          <span className="value" data-testid="signal-delta">
            {num(signal.delta)}
          </span>
        </div>
        <div className="stat">
          <span className="label">As of</span>
          <span className="value">{dateTime(signal.asOf)}</span>
        </div>
      </div>
      <LegsTable signal={signal} />
      <div className="row" style={{ marginTop: '1rem' }}>
        <div className="grow">
          <h3>Payoff at expiry (whole trade)</h3>
          <PayoffChart signal={signal} />
        </div>
        <div className="grow">
          <h3>{signal.currentVerdict ? 'Risk check against current limits' : 'Risk check at decision'}</h3>
          {signal.currentVerdict ? (
            <VerdictTable verdict={signal.currentVerdict} testId="signal-verdict" />
          ) : signal.riskVerdict ? (
            <VerdictTable verdict={signal.riskVerdict} testId="signal-decision-verdict" />
          ) : (
            <p className="muted">No verdict recorded.</p>
          )}
          {signal.decidedByEmail ? (
            <p className="muted" data-testid="signal-decision">
              {signal.status.toLowerCase()} by {signal.decidedByEmail} at {dateTime(signal.decidedAt)}
              {signal.decisionReason ? ` — “${signal.decisionReason}”` : ''}
            </p>
          ) : null}
          {signal.order ? (
            <p className="muted" data-testid="signal-order">
              Order <code>{signal.order.clientOrderId}</code>:{' '}
              <span data-testid="signal-order-status">{signal.order.status}</span>
              {signal.order.rejectReason ? ` (${signal.order.rejectReason})` : ''}
            </p>
          ) : null}
        </div>
      </div>
      {signal.status === 'PENDING' ? <SignalActions signal={signal} /> : null}
    </section>
  );
}
