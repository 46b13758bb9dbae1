'use client';

import { useQuery } from '@tanstack/react-query';
import { errorMessage } from '../../../trpc/errors.ts';
import { useTRPC } from '../../../trpc/react.tsx';
import { ModelCard } from './model-card.tsx';

export function ModelsView() {
  const trpc = useTRPC();
  const overview = useQuery(trpc.models.overview.queryOptions());
  return (
    <>
      <h1>Models</h1>
      {overview.error ? <div className="alert error">{errorMessage(overview.error)}</div> : null}
      {overview.isPending ? <p className="muted">Loading models…</p> : null}
      {overview.data?.map((model) => (
        <ModelCard key={model.name} model={model} />
      ))}
    </>
  );
}
