import type { TRPCError } from '@trpc/server';
import { type ErrorCode, isAppError } from '@zomma/contracts';
import { z } from 'zod';

/**
 * The stable application code a client switches on, for AppErrors and tRPC's own errors alike.
 * A request the client got wrong (wrong method or content type, too large, unparsable) is
 * BAD_INPUT, not retryable: sending it again cannot succeed. Codes not listed are INTERNAL.
 */
const TRPC_TO_APP: Partial<Record<TRPCError['code'], ErrorCode>> = {
  BAD_REQUEST: 'BAD_INPUT',
  PARSE_ERROR: 'BAD_INPUT',
  METHOD_NOT_SUPPORTED: 'BAD_INPUT',
  UNSUPPORTED_MEDIA_TYPE: 'BAD_INPUT',
  PAYLOAD_TOO_LARGE: 'BAD_INPUT',
  UNPROCESSABLE_CONTENT: 'BAD_INPUT',
  PRECONDITION_REQUIRED: 'BAD_INPUT',
  NOT_IMPLEMENTED: 'BAD_INPUT',
  UNAUTHORIZED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
};

export interface AppErrorData {
  appCode: ErrorCode;
  /** zod field errors of a rejected input. */
  zodError: { formErrors: string[]; fieldErrors: Record<string, string[] | undefined> } | null;
  /** AppError details the client may show (e.g. the RISK_LIMIT_BREACH verdict). */
  details: Record<string, unknown> | null;
}

export const INTERNAL_MESSAGE = 'Internal server error';

export function isInternal(error: TRPCError): boolean {
  return error.code === 'INTERNAL_SERVER_ERROR';
}

export function appErrorData(error: TRPCError): AppErrorData {
  const cause = error.cause;
  if (isAppError(cause)) {
    const internal = cause.trpcCode === 'INTERNAL_SERVER_ERROR';
    return { appCode: cause.code, zodError: null, details: internal ? null : (cause.details ?? null) };
  }
  if (cause instanceof z.ZodError) {
    return { appCode: 'BAD_INPUT', zodError: z.flattenError(cause), details: null };
  }
  return { appCode: TRPC_TO_APP[error.code] ?? 'INTERNAL', zodError: null, details: null };
}
