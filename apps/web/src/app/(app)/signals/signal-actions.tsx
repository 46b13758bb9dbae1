'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { SignalView } from '@zomma/contracts';
import { useState } from 'react';
import { num } from '../../../components/format.ts';
import { useCan } from '../../../components/session-user.tsx';
import { breachedChecks, errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';

function unitText(value: number, unit: string): string {
  return unit === 'USD' ? `$${num(value)}` : `${num(value)} ${unit}`;
}

/** Approve (one click) and Reject (with a reason); hidden for roles that may not decide. */
export function SignalActions({ signal }: { signal: SignalView }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const canApprove = useCan('signal.approve');
  const canReject = useCan('signal.reject');
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.signals.list.queryKey() });
  const approve = useMutation(trpc.signals.approve.mutationOptions({ onSettled: refresh }));
  const reject = useMutation(
    trpc.signals.reject.mutationOptions({
      onSuccess: () => setRejecting(false),
      onSettled: refresh,
    }),
  );
  if (!canApprove && !canReject) {
    return (
      <p className="muted" data-testid="signal-actions-readonly">
        Your role can view signals but not decide them.
      </p>
    );
  }
  const breaches = breachedChecks(approve.error);
  const busy = approve.isPending || reject.isPending;
  return (
    <div data-testid="signal-actions">
      <div className="actions">
        {canApprove ? (
          <button
            type="button"
            className="primary"
            disabled={busy || approve.isSuccess}
            onClick={() => approve.mutate({ signalId: signal.id })}
            data-testid="signal-approve"
          >
            {approve.isPending ? 'Approving…' : 'Approve'}
          </button>
        ) : null}
        {canReject && !rejecting ? (
          <button
            type="button"
            className="danger"
            disabled={busy}
            onClick={() => setRejecting(true)}
            data-testid="signal-reject"
          >
            Reject
          </button>
        ) : null}
      </div>
      {rejecting ? (
        <form
          className="actions"
          onSubmit={(e) => {
            e.preventDefault();
            reject.mutate({ signalId: signal.id, reason });
          }}
          data-testid="signal-reject-form"
        >
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Reason for rejecting"
            style={{ minWidth: 320 }}
            data-testid="signal-reject-reason"
          />
          <button type="submit" className="danger" disabled={busy} data-testid="signal-reject-confirm">
            Confirm reject
          </button>
          <button type="button" onClick={() => setRejecting(false)} data-testid="signal-reject-cancel">
            Cancel
          </button>
        </form>
      ) : null}
      {approve.isSuccess ? (
        <div className="alert ok" data-testid="signal-approve-success">
          Approved. Order <code>{approve.data.clientOrderId}</code> sent for execution.
        </div>
      ) : null}
      {approve.error ? (
        <div className="alert error" role="alert" data-testid="signal-approve-error">
          <div>{errorMessage(approve.error)}</div>
          {breaches.map((check) => (
            <div key={check.name} data-testid={`signal-breach-${check.name}`}>
              {check.label}: {unitText(check.value, check.unit)} exceeds the limit of{' '}
              {unitText(check.limit, check.unit)} by <strong>{unitText(check.excess, check.unit)}</strong>
            </div>
          ))}
        </div>
      ) : null}
      {reject.error ? (
        <div className="alert error" role="alert" data-testid="signal-reject-error">
          {errorMessage(reject.error)}
        </div>
      ) : null}
    </div>
  );
}
