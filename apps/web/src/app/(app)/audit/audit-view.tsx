'use client';

import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { dateTime } from '../../../components/format.ts';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';

interface Filters {
  action?: string;
  actorEmail?: string;
  entityType?: string;
}

function clean(value: FormDataEntryValue | null): string | undefined {
  const s = typeof value === 'string' ? value.trim() : '';
  return s === '' ? undefined : s;
}

const DATA_PREVIEW_CHARS = 90;

/** Short JSON preview; the whole payload on demand. */
function AuditData({ data }: { data: unknown }) {
  const text = JSON.stringify(data) ?? 'null';
  if (text.length <= DATA_PREVIEW_CHARS) return <>{text}</>;
  return (
    <details>
      <summary>{text.slice(0, DATA_PREVIEW_CHARS)}…</summary>
      <pre style={{ whiteSpace: 'pre-wrap', margin: '0.4rem 0 0' }}>{JSON.stringify(data, null, 2)}</pre>
    </details>
  );
}

function ChainBanner() {
  const trpc = useTRPC();
  const verify = useQuery(trpc.audit.verify.queryOptions());
  if (verify.error) return <div className="alert error">{errorMessage(verify.error)}</div>;
  if (!verify.data) return <div className="alert info">Verifying the audit chain…</div>;
  const v = verify.data;
  return v.intact ? (
    <div className="alert ok" data-testid="audit-chain-banner" data-intact="true">
      Chain intact: {v.count} events
    </div>
  ) : (
    <div className="alert error" data-testid="audit-chain-banner" data-intact="false">
      Chain BROKEN at seq {v.brokenAtSeq ?? '?'}
      {v.reason ? `: ${v.reason}` : ''} ({v.count} events checked)
    </div>
  );
}

export function AuditView() {
  const trpc = useTRPC();
  const [filters, setFilters] = useState<Filters>({});
  const events = useQuery(trpc.audit.list.queryOptions({ ...filters, limit: 200 }));

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setFilters({
      action: clean(form.get('action')),
      actorEmail: clean(form.get('actorEmail')),
      entityType: clean(form.get('entityType')),
    });
  }

  return (
    <>
      <h1>Audit trail</h1>
      <ChainBanner />
      <form className="toolbar panel" onSubmit={onSubmit} data-testid="audit-filters">
        <label>
          Action
          <input name="action" placeholder="e.g. signal.approve" data-testid="audit-filter-action" />
        </label>
        <label>
          Actor email
          <input name="actorEmail" placeholder="e.g. trader@zomma.dev" data-testid="audit-filter-actor" />
        </label>
        <label>
          Entity type
          <input name="entityType" placeholder="e.g. Signal" data-testid="audit-filter-entity" />
        </label>
        <button
          type="submit"
          className="primary"
          style={{ alignSelf: 'flex-end' }}
          data-testid="audit-filter-apply"
        >
          Filter
        </button>
      </form>
      {events.error ? <div className="alert error">{errorMessage(events.error)}</div> : null}
      <div className="panel">
        <table data-testid="audit-table">
          <thead>
            <tr>
              <th className="num">Seq</th>
              <th>When</th>
              <th>Actor</th>
              <th>Role</th>
              <th>Action</th>
              <th>Entity</th>
              <th>Data</th>
            </tr>
          </thead>
          <tbody>
            {events.data?.map((e) => (
              <tr key={e.seq} data-testid="audit-row" data-action={e.action}>
                <td className="num">{e.seq}</td>
                <td>{dateTime(e.at)}</td>
                <td>{e.actorEmail ?? 'system'}</td>
                <td>{e.actorRole ?? '—'}</td>
                <td>{e.action}</td>
                <td>
                  {e.entityType} <span className="mono muted">{e.entityId.slice(0, 8)}</span>
                </td>
                <td
                  className="mono"
                  style={{ whiteSpace: 'normal', maxWidth: 420, overflowWrap: 'anywhere' }}
                >
                  <AuditData data={e.data} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {events.data?.length === 0 ? (
          <p className="muted" data-testid="audit-empty">
            No events match.
          </p>
        ) : null}
      </div>
    </>
  );
}
