'use client';

import { useQuery } from '@tanstack/react-query';
import { SignalStatus } from '@zomma/contracts';
import { useState } from 'react';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';
import { SignalCard } from './signal-card.tsx';

const REFRESH_MS = 5_000;

export function SignalsView() {
  const trpc = useTRPC();
  const [status, setStatus] = useState<SignalStatus | 'ALL'>('PENDING');
  const signals = useQuery({
    ...trpc.signals.list.queryOptions({ status: status === 'ALL' ? undefined : status, limit: 50 }),
    refetchInterval: REFRESH_MS,
  });

  return (
    <>
      <div className="toolbar">
        <h1 style={{ margin: 0, flex: 1 }}>Signals</h1>
        <label style={{ flexDirection: 'row', alignItems: 'center' }}>
          Status
          <select
            value={status}
            onChange={(e) => setStatus(e.target.value === 'ALL' ? 'ALL' : SignalStatus.parse(e.target.value))}
            data-testid="signals-status-filter"
          >
            <option value="ALL">All</option>
            {SignalStatus.options.map((s) => (
              <option key={s} value={s}>
                {s.charAt(0) + s.slice(1).toLowerCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      {signals.isPending ? <p className="muted">Loading signals…</p> : null}
      {signals.error ? (
        <div className="alert error" data-testid="signals-error">
          {errorMessage(signals.error)}
        </div>
      ) : null}
      {signals.data?.length === 0 ? (
        <p className="muted" data-testid="signals-empty">
          No {status === 'ALL' ? '' : status.toLowerCase()} signals.
        </p>
      ) : null}
      <div data-testid="signals-list">
        {signals.data?.map((signal) => (
          <SignalCard key={signal.id} signal={signal} />
        ))}
      </div>
    </>
  );
}
