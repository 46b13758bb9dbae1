'use client';

import { useQuery } from '@tanstack/react-query';
import { dateTime, isoDate, money, num } from '../../../components/format.ts';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';

const REFRESH_MS = 3_000;

function pnlClass(value: string | number | null): string | undefined {
  if (value === null) return undefined;
  const n = Number(value);
  return n > 0 ? 'status-pass' : n < 0 ? 'status-fail' : undefined;
}

export function PositionsView() {
  const trpc = useTRPC();
  const positions = useQuery({ ...trpc.positions.list.queryOptions(), refetchInterval: REFRESH_MS });
  const rows = positions.data ?? [];
  const totals = rows.reduce(
    (acc, p) => ({
      unrealized: acc.unrealized + Number(p.unrealizedPnl ?? 0),
      realized: acc.realized + Number(p.realizedPnl),
      delta: acc.delta + Number(p.delta ?? 0),
    }),
    { unrealized: 0, realized: 0, delta: 0 },
  );
  return (
    <>
      <h1>Positions</h1>
      {positions.error ? (
        <div className="alert error" data-testid="positions-error">
          {errorMessage(positions.error)}
        </div>
      ) : null}
      <div className="panel">
        {positions.isPending ? <p className="muted">Loading positions…</p> : null}
        {positions.data && rows.length === 0 ? (
          <p className="muted" data-testid="positions-empty">
            No positions yet.
          </p>
        ) : null}
        {rows.length > 0 ? (
          <table data-testid="positions-table">
            <thead>
              <tr>
                <th>Contract</th>
                <th>Right</th>
                <th className="num">Strike</th>
                <th>Expiry</th>
                <th className="num">Qty</th>
                <th className="num">Avg</th>
                <th className="num">Mark</th>
                <th className="num">Unrealized P&amp;L</th>
                <th className="num">Realized P&amp;L</th>
                <th className="num">Delta (sh)</th>
                <th>Marked at</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((p) => (
                <tr key={p.id} data-testid="position-row" data-symbol={p.symbol}>
                  <td className="mono">{p.symbol}</td>
                  <td>{p.right}</td>
                  <td className="num">{num(p.strike)}</td>
                  <td>{isoDate(p.expiry)}</td>
                  <td className="num" data-testid="position-qty">
                    {p.quantity}
                  </td>
                  <td className="num">{num(p.avgPrice)}</td>
                  <td className="num" data-testid="position-mark">
                    {num(p.markPrice)}
                  </td>
                  <td className={`num ${pnlClass(p.unrealizedPnl) ?? ''}`} data-testid="position-unrealized">
                    {money(p.unrealizedPnl)}
                  </td>
                  <td className={`num ${pnlClass(p.realizedPnl) ?? ''}`} data-testid="position-realized">
                    {money(p.realizedPnl)}
                  </td>
                  <td className="num">{num(p.delta)}</td>
                  <td>{dateTime(p.markedAt)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr data-testid="positions-totals">
                <td colSpan={7}>Totals ({rows.length} positions)</td>
                <td
                  className={`num ${pnlClass(totals.unrealized) ?? ''}`}
                  data-testid="positions-total-unrealized"
                >
                  {money(totals.unrealized)}
                </td>
                <td
                  className={`num ${pnlClass(totals.realized) ?? ''}`}
                  data-testid="positions-total-realized"
                >
                  {money(totals.realized)}
                </td>
                <td className="num" data-testid="positions-total-delta">
                  {num(totals.delta)}
                </td>
                <td />
              </tr>
            </tfoot>
          </table>
        ) : null}
      </div>
      <p className="muted">Refreshes every {REFRESH_MS / 1000} s. Marks come from the worker's mark job.</p>
    </>
  );
}
