import type { SignalView } from '@zomma/contracts';
import { num } from '../../../components/format.ts';

/** How many attributions the card lists (largest |contribution| first). */
const TOP_ATTRIBUTIONS = 5;

/** The model's confidence and the largest feature attributions of its prediction. */
export function ModelEvidence({ signal }: { signal: SignalView }) {
  const e = signal.explanation;
  const top = e
    ? [...e.attributions]
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution))
        .slice(0, TOP_ATTRIBUTIONS)
    : [];
  return (
    <div data-testid="signal-model-evidence" style={{ marginBottom: '0.75rem' }}>
      {signal.confidence !== null ? (
        <span className="badge" data-testid="signal-confidence">
          confidence {(signal.confidence * 100).toFixed(0)}%
        </span>
      ) : null}
      {e ? (
        <table data-testid="signal-attributions">
          <caption className="muted">
            Why ({e.method}): output {num(e.output, 4)} = baseline {num(e.baseline, 4)} + contributions
          </caption>
          <thead>
            <tr>
              <th>Feature</th>
              <th className="num">Value</th>
              <th className="num">Contribution</th>
            </tr>
          </thead>
          <tbody>
            {top.map((a) => (
              <tr key={a.feature}>
                <td>{a.feature}</td>
                <td className="num">{num(a.value, 4)}</td>
                <td className={`num ${a.contribution >= 0 ? 'status-pass' : 'status-fail'}`}>
                  {num(a.contribution, 4)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
