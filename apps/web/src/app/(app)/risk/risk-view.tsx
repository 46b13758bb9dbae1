'use client';

import { useQuery } from '@tanstack/react-query';
import { dateTime, money, num } from '../../../components/format.ts';
import { useCan } from '../../../components/session-user.tsx';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';
import { LimitsForm } from './limits-form.tsx';
import { PortfolioStats } from './portfolio-stats.tsx';

export function RiskView() {
  const trpc = useTRPC();
  const canEdit = useCan('limit.update');
  const portfolio = useQuery({ ...trpc.risk.portfolio.queryOptions(), refetchInterval: 5_000 });
  const limits = useQuery(trpc.risk.limits.queryOptions());
  const error = portfolio.error ?? limits.error;
  return (
    <>
      <h1>Risk</h1>
      {error ? <div className="alert error">{errorMessage(error)}</div> : null}
      <section className="panel" data-testid="portfolio-summary">
        <h2>Portfolio</h2>
        {portfolio.data ? <PortfolioStats portfolio={portfolio.data} /> : <p className="muted">Loading…</p>}
      </section>
      <div className="row">
        <section className="panel grow" data-testid="limits-current">
          <h2>
            Limits in force <span className="muted">(version {limits.data?.current.version ?? '…'})</span>
          </h2>
          {limits.data ? (
            canEdit ? (
              <LimitsForm current={limits.data.current} />
            ) : (
              <div className="stats" data-testid="limits-readonly">
                <div className="stat">
                  <span className="label">Max contracts per order</span>
                  <span className="value" data-testid="limit-max-contracts">
                    {limits.data.current.maxContractsPerOrder}
                  </span>
                </div>
                <div className="stat">
                  <span className="label">Max loss per trade</span>
                  <span className="value" data-testid="limit-max-loss">
                    {money(limits.data.current.maxLossPerTrade)}
                  </span>
                </div>
                <div className="stat">
                  <span className="label">Max portfolio delta (shares)</span>
                  <span className="value" data-testid="limit-max-delta">
                    {num(limits.data.current.maxPortfolioDelta)}
                  </span>
                </div>
              </div>
            )
          ) : (
            <p className="muted">Loading…</p>
          )}
        </section>
        <section className="panel grow">
          <h2>History</h2>
          <table data-testid="limits-history">
            <thead>
              <tr>
                <th className="num">Version</th>
                <th className="num">Contracts</th>
                <th className="num">Max loss</th>
                <th className="num">Max delta</th>
                <th>Who</th>
                <th>When</th>
                <th>Why</th>
              </tr>
            </thead>
            <tbody>
              {limits.data?.history.map((v) => (
                <tr key={v.id} data-testid="limits-history-row" data-version={v.version}>
                  <td className="num">{v.version}</td>
                  <td className="num">{v.maxContractsPerOrder}</td>
                  <td className="num">{money(v.maxLossPerTrade)}</td>
                  <td className="num">{num(v.maxPortfolioDelta)}</td>
                  <td>{v.createdByEmail ?? 'system'}</td>
                  <td>{dateTime(v.createdAt)}</td>
                  <td style={{ whiteSpace: 'normal' }}>{v.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
    </>
  );
}
