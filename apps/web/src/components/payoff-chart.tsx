'use client';

import type { SignalView } from '@zomma/contracts';
import {
  CartesianGrid,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { compactMoney, money, num } from './format.ts';
import { payoffCurve } from './payoff-data.ts';

/** P&L at expiry of the whole trade (all units, multiplier applied) over underlying price. */
export function PayoffChart({ signal }: { signal: SignalView }) {
  const curve = payoffCurve(signal);
  return (
    <div data-testid="signal-payoff-chart">
      <div style={{ width: '100%', height: 240 }}>
        <ResponsiveContainer>
          <LineChart data={curve.points} margin={{ top: 8, right: 16, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#2a3341" strokeDasharray="3 3" />
            <XAxis
              dataKey="spot"
              type="number"
              domain={['dataMin', 'dataMax']}
              tickFormatter={(v: number) => num(v)}
              stroke="#8b98a9"
            />
            <YAxis tickFormatter={(v: number) => compactMoney(v)} stroke="#8b98a9" width={64} />
            <Tooltip
              formatter={(v) => money(typeof v === 'number' ? v : Number(v))}
              labelFormatter={(v) => `Underlying ${num(Number(v))}`}
              contentStyle={{ background: '#161b22', border: '1px solid #2a3341' }}
            />
            <ReferenceLine y={0} stroke="#8b98a9" />
            <ReferenceLine
              x={curve.spot}
              stroke="#4f8cff"
              strokeDasharray="4 4"
              label={{ value: 'spot', fill: '#4f8cff' }}
            />
            {curve.breakevens.map((b) => (
              <ReferenceLine key={b} x={b} stroke="#d29922" strokeDasharray="2 2" />
            ))}
            <Line
              type="linear"
              dataKey="pnl"
              stroke="#3fb950"
              dot={false}
              isAnimationActive={false}
              name="P&L"
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
      <p className="muted" data-testid="signal-breakevens">
        Breakevens: {curve.breakevens.length ? curve.breakevens.map((b) => num(b)).join(', ') : 'none'}
      </p>
    </div>
  );
}
