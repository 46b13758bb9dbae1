/**
 * One error type for the whole platform. Every code is declared once here with the
 * tRPC code it maps to and whether a job that hit it should be retried.
 */
export const ERROR_CODES = {
  UNAUTHENTICATED: { trpc: 'UNAUTHORIZED', retryable: false },
  FORBIDDEN: { trpc: 'FORBIDDEN', retryable: false },
  BAD_INPUT: { trpc: 'BAD_REQUEST', retryable: false },
  INVALID_JOB_PAYLOAD: { trpc: 'BAD_REQUEST', retryable: false },
  NOT_FOUND: { trpc: 'NOT_FOUND', retryable: false },
  CONFLICT: { trpc: 'CONFLICT', retryable: false },
  SIGNAL_NOT_PENDING: { trpc: 'CONFLICT', retryable: false },
  SIGNAL_EXPIRED: { trpc: 'CONFLICT', retryable: false },
  RISK_LIMIT_BREACH: { trpc: 'PRECONDITION_FAILED', retryable: false },
  NO_MARKET_DATA: { trpc: 'PRECONDITION_FAILED', retryable: true },
  MODEL_NOT_FOUND: { trpc: 'NOT_FOUND', retryable: false },
  NOTHING_TO_ROLL_BACK: { trpc: 'PRECONDITION_FAILED', retryable: false },
  BROKER_REJECTED: { trpc: 'UNPROCESSABLE_CONTENT', retryable: false },
  BROKER_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', retryable: true },
  QUEUE_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', retryable: true },
  DB_UNAVAILABLE: { trpc: 'SERVICE_UNAVAILABLE', retryable: true },
  /** Data from an outside system (a broker's fills) that contradicts our records: never retried. */
  CORRUPT_DATA: { trpc: 'INTERNAL_SERVER_ERROR', retryable: false },
  INTERNAL: { trpc: 'INTERNAL_SERVER_ERROR', retryable: true },
} as const satisfies Record<string, { trpc: TrpcCode; retryable: boolean }>;

type TrpcCode =
  | 'BAD_REQUEST'
  | 'UNAUTHORIZED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'PRECONDITION_FAILED'
  | 'UNPROCESSABLE_CONTENT'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

export type ErrorCode = keyof typeof ERROR_CODES;
export type ErrorDetails = Record<string, unknown>;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details: ErrorDetails | undefined;

  constructor(code: ErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.details = details;
  }

  get retryable(): boolean {
    return ERROR_CODES[this.code].retryable;
  }

  get trpcCode(): TrpcCode {
    return ERROR_CODES[this.code].trpc;
  }
}

export function isAppError(e: unknown): e is AppError {
  return e instanceof AppError;
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && Object.hasOwn(ERROR_CODES, value);
}
