import { TRPCClientError } from '@trpc/client';
import type { RiskCheck } from '@zomma/contracts';
import type { AppRouter } from '../server/routers/index.ts';

export type AppClientError = TRPCClientError<AppRouter>;

export function isClientError(error: unknown): error is AppClientError {
  return error instanceof TRPCClientError;
}

function isRiskCheck(value: unknown): value is RiskCheck {
  return (
    typeof value === 'object' && value !== null && 'name' in value && 'excess' in value && 'status' in value
  );
}

/** The failing checks of a RISK_LIMIT_BREACH refusal (from `details.verdict`), if any. */
export function breachedChecks(error: unknown): RiskCheck[] {
  if (!isClientError(error) || error.data?.appCode !== 'RISK_LIMIT_BREACH') return [];
  const verdict = error.data.details?.verdict;
  if (typeof verdict !== 'object' || verdict === null || !('checks' in verdict)) return [];
  const checks = verdict.checks;
  return Array.isArray(checks) ? checks.filter(isRiskCheck).filter((c) => c.status === 'fail') : [];
}

/** A message for the user: the server's own text, plus field errors of a rejected input. */
export function errorMessage(error: unknown): string {
  if (!isClientError(error)) return error instanceof Error ? error.message : 'Something went wrong';
  const fieldErrors = error.data?.zodError?.fieldErrors ?? {};
  const fields = Object.entries(fieldErrors)
    .map(([field, messages]) => `${field}: ${(messages ?? []).join(', ')}`)
    .join('; ');
  return fields ? `${error.message} (${fields})` : error.message;
}
