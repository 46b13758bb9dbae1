'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { RiskLimits } from '@zomma/contracts';
import { type FormEvent, useState } from 'react';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';

/** Editing limits inserts a new version; the version the form was loaded with guards against stale edits. */
export function LimitsForm({ current }: { current: RiskLimits }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [maxContracts, setMaxContracts] = useState(String(current.maxContractsPerOrder));
  const [maxLoss, setMaxLoss] = useState(current.maxLossPerTrade);
  const [maxDelta, setMaxDelta] = useState(current.maxPortfolioDelta);
  const [reason, setReason] = useState('');
  const update = useMutation(
    trpc.risk.updateLimits.mutationOptions({
      onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.risk.limits.queryKey() }),
    }),
  );

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    update.mutate({
      expectedVersion: current.version,
      maxContractsPerOrder: Number(maxContracts),
      maxLossPerTrade: maxLoss.trim(),
      maxPortfolioDelta: maxDelta.trim(),
      reason,
    });
  }

  return (
    <form className="stack" onSubmit={onSubmit} data-testid="limits-form">
      <label>
        Max contracts per order
        <input
          type="number"
          min={1}
          step={1}
          value={maxContracts}
          onChange={(e) => setMaxContracts(e.target.value)}
          data-testid="limits-max-contracts"
        />
      </label>
      <label>
        Max loss per trade (USD)
        <input
          inputMode="decimal"
          value={maxLoss}
          onChange={(e) => setMaxLoss(e.target.value)}
          data-testid="limits-max-loss"
        />
      </label>
      <label>
        Max portfolio delta (shares)
        <input
          inputMode="decimal"
          value={maxDelta}
          onChange={(e) => setMaxDelta(e.target.value)}
          data-testid="limits-max-delta"
        />
      </label>
      <label>
        Reason
        <input
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          placeholder="Why the change"
          data-testid="limits-reason"
        />
      </label>
      <button type="submit" className="primary" disabled={update.isPending} data-testid="limits-save">
        {update.isPending ? 'Saving…' : 'Save new version'}
      </button>
      {update.isSuccess ? (
        <div className="alert ok" data-testid="limits-saved">
          Saved as version {update.data.current.version}.
        </div>
      ) : null}
      {update.error ? (
        <div className="alert error" role="alert" data-testid="limits-error">
          {errorMessage(update.error)}
        </div>
      ) : null}
    </form>
  );
}
