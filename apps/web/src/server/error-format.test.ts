import { TRPCError } from '@trpc/server';
import { AppError, ERROR_CODES } from '@zomma/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { appErrorData } from './error-format.ts';

const trpc = (code: TRPCError['code']) => new TRPCError({ code, message: 'x' });

describe('appErrorData', () => {
  it.each([
    'BAD_REQUEST',
    'PARSE_ERROR',
    'METHOD_NOT_SUPPORTED',
    'UNSUPPORTED_MEDIA_TYPE',
    'PAYLOAD_TOO_LARGE',
    'UNPROCESSABLE_CONTENT',
    'PRECONDITION_REQUIRED',
    'NOT_IMPLEMENTED',
  ] as const)('maps a request the client got wrong (%s) to BAD_INPUT, not retryable', (code) => {
    const { appCode } = appErrorData(trpc(code));
    expect(appCode).toBe('BAD_INPUT');
    expect(ERROR_CODES[appCode].retryable).toBe(false);
  });

  it.each([
    ['UNAUTHORIZED', 'UNAUTHENTICATED'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['NOT_FOUND', 'NOT_FOUND'],
    ['CONFLICT', 'CONFLICT'],
    ['INTERNAL_SERVER_ERROR', 'INTERNAL'],
    ['TIMEOUT', 'INTERNAL'],
  ] as const)('maps %s to %s', (code, appCode) => {
    expect(appErrorData(trpc(code)).appCode).toBe(appCode);
  });

  it('keeps the code and details of an AppError cause, hiding details of internal ones', () => {
    const breach = new AppError('RISK_LIMIT_BREACH', 'too big', { verdict: { ok: false } });
    const data = appErrorData(new TRPCError({ code: 'PRECONDITION_FAILED', cause: breach }));
    expect(data).toEqual({
      appCode: 'RISK_LIMIT_BREACH',
      zodError: null,
      details: { verdict: { ok: false } },
    });
    const internal = new AppError('INTERNAL', 'boom', { sql: 'select secret' });
    expect(
      appErrorData(new TRPCError({ code: 'INTERNAL_SERVER_ERROR', cause: internal })).details,
    ).toBeNull();
  });

  it('adds zod field errors for a rejected input', () => {
    const zodError = z.object({ a: z.string() }).safeParse({ a: 1 }).error;
    const data = appErrorData(new TRPCError({ code: 'BAD_REQUEST', cause: zodError }));
    expect(data.appCode).toBe('BAD_INPUT');
    expect(data.zodError?.fieldErrors.a?.length).toBe(1);
  });
});
