import type { RiskVerdict } from '@zomma/contracts';
import { num } from './format.ts';

function quantity(value: number, unit: string): string {
  return unit === 'USD' ? `$${num(value)}` : `${num(value)} ${unit}`;
}

/** One row per pre-trade check: pass/warn/fail with the value the trade would make vs the limit. */
export function VerdictTable({ verdict, testId }: { verdict: RiskVerdict; testId: string }) {
  return (
    <table data-testid={testId} data-ok={verdict.ok}>
      <thead>
        <tr>
          <th>Check</th>
          <th>Status</th>
          <th className="num">Value</th>
          <th className="num">Limit</th>
          <th className="num">Excess</th>
        </tr>
      </thead>
      <tbody>
        {verdict.checks.map((check) => (
          <tr key={check.name} data-testid={`check-${check.name}`} data-status={check.status}>
            <td title={check.message}>{check.label}</td>
            <td className={`status-${check.status}`} data-testid={`check-status-${check.name}`}>
              {check.status.toUpperCase()}
            </td>
            <td className="num">{quantity(check.value, check.unit)}</td>
            <td className="num">{quantity(check.limit, check.unit)}</td>
            <td className="num">{check.excess > 0 ? quantity(check.excess, check.unit) : '—'}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <td colSpan={5} className="muted">
            Limits version {verdict.limitsVersion}
          </td>
        </tr>
      </tfoot>
    </table>
  );
}
