'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ModelOverview, ModelVersion } from '@zomma/contracts';
import { useState } from 'react';
import { dateTime, num } from '../../../components/format.ts';
import { useCan } from '../../../components/session-user.tsx';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';

function Metrics({ metrics }: { metrics: Record<string, number> }) {
  const entries = Object.entries(metrics);
  if (entries.length === 0) return <span className="muted">not evaluated yet</span>;
  return (
    <span className="mono">
      {entries.map(([k, v]) => (
        <span key={k} style={{ marginRight: '0.8rem' }}>
          {k}={num(v, 4)}
        </span>
      ))}
    </span>
  );
}

function useModelMutations() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.models.overview.queryKey() });
  return {
    promote: useMutation(trpc.models.promote.mutationOptions({ onSuccess: refresh })),
    rollback: useMutation(trpc.models.rollback.mutationOptions({ onSuccess: refresh })),
    generate: useMutation(trpc.models.generateNow.mutationOptions()),
  };
}

export function ModelCard({ model }: { model: ModelOverview }) {
  const canPromote = useCan('model.promote');
  const canRollback = useCan('model.rollback');
  const canRun = useCan('model.run');
  const { promote, rollback, generate } = useModelMutations();
  const [reason, setReason] = useState('');
  const byId = new Map<string, ModelVersion>(model.versions.map((v) => [v.id, v]));
  const error = promote.error ?? rollback.error ?? generate.error;
  return (
    <section className="panel" data-testid="model-card" data-model-name={model.name}>
      <div className="card-head">
        <h2 style={{ margin: 0 }}>{model.name}</h2>
        {canRun ? (
          <button
            type="button"
            className="primary"
            disabled={generate.isPending}
            onClick={() => generate.mutate({ modelName: model.name })}
            data-testid="model-generate-now"
          >
            {generate.isPending ? 'Requesting…' : 'Generate signal now'}
          </button>
        ) : null}
      </div>
      {generate.isSuccess ? (
        <div className="alert ok" data-testid="model-generate-success">
          Requested: the champion of {generate.data.modelName} runs on {generate.data.symbol} now; its signal
          will appear under Signals.
        </div>
      ) : null}
      {canPromote || canRollback ? (
        <div className="actions">
          <input
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            placeholder="Reason (required to promote or roll back)"
            style={{ minWidth: 360 }}
            data-testid="model-reason"
          />
          {canRollback ? (
            <button
              type="button"
              className="danger"
              disabled={rollback.isPending}
              onClick={() => rollback.mutate({ name: model.name, reason })}
              data-testid="model-rollback"
            >
              Roll back champion
            </button>
          ) : null}
        </div>
      ) : null}
      {error ? (
        <div className="alert error" role="alert" data-testid="model-error">
          {errorMessage(error)}
        </div>
      ) : null}
      <table data-testid="model-versions" style={{ marginTop: '0.75rem' }}>
        <thead>
          <tr>
            <th className="num">Version</th>
            <th>Kind</th>
            <th>Aliases</th>
            <th>Metrics</th>
            <th>Trained on</th>
            <th>sha256</th>
            <th>Parent</th>
            <th>Created</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {model.versions.map((v) => {
            const isChampion = v.aliases.includes('champion');
            const parent = v.parentId ? byId.get(v.parentId) : undefined;
            return (
              <tr
                key={v.id}
                data-testid="model-version-row"
                data-version={v.version}
                data-aliases={v.aliases.join(',')}
              >
                <td className="num">v{v.version}</td>
                <td>
                  {v.kind}
                  {v.kind === 'RULE' ? (
                    <>
                      {' '}
                      <span className="badge rule">baseline rule (not a learned model)</span>
                    </>
                  ) : null}
                </td>
                <td>
                  {v.aliases.map((a) => (
                    <span
                      key={a}
                      className={`badge ${a}`}
                      style={{ marginRight: 4 }}
                      data-testid={`model-alias-${a}`}
                    >
                      {a}
                    </span>
                  ))}
                </td>
                <td style={{ whiteSpace: 'normal' }}>
                  <Metrics metrics={v.metrics} />
                </td>
                <td data-testid="model-training-window">
                  {v.trainedFrom && v.trainedTo
                    ? `${v.trainedFrom.toISOString().slice(0, 10)} → ${v.trainedTo.toISOString().slice(0, 10)}`
                    : '—'}
                </td>
                <td className="mono" title={v.sha256}>
                  {v.sha256.slice(0, 12)}…
                </td>
                <td>{parent ? `v${parent.version}` : v.parentId ? v.parentId.slice(0, 8) : '—'}</td>
                <td>{dateTime(v.createdAt)}</td>
                <td>
                  {canPromote && !isChampion ? (
                    <button
                      type="button"
                      disabled={promote.isPending}
                      onClick={() => promote.mutate({ name: model.name, versionId: v.id, reason })}
                      data-testid="model-promote"
                    >
                      Promote to champion
                    </button>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <h3 style={{ marginTop: '1rem' }}>Alias history</h3>
      <table data-testid="model-alias-history">
        <thead>
          <tr>
            <th>When</th>
            <th>Alias</th>
            <th>Action</th>
            <th>From → to</th>
            <th>Who</th>
            <th>Why</th>
          </tr>
        </thead>
        <tbody>
          {model.history.map((e) => (
            <tr key={e.id} data-testid="model-alias-event" data-action={e.action}>
              <td>{dateTime(e.at)}</td>
              <td>{e.alias}</td>
              <td>{e.action}</td>
              <td>
                {e.fromVersion === null ? '—' : `v${e.fromVersion}`} → v{e.toVersion}
              </td>
              <td>{e.actorEmail ?? 'system'}</td>
              <td style={{ whiteSpace: 'normal' }}>{e.reason}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
