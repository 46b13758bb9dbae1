import { TRPCError } from '@trpc/server';
import { expect } from 'vitest';

/** Awaits `promise`, expects a TRPCError with `code`, and returns it for further checks. */
export async function expectTrpcError(
  promise: Promise<unknown>,
  code: TRPCError['code'],
): Promise<TRPCError> {
  let caught: unknown;
  try {
    await promise;
  } catch (error) {
    caught = error;
  }
  expect(caught, `expected ${code}, got success`).toBeInstanceOf(TRPCError);
  const error = caught as TRPCError;
  expect(error.code, error.message).toBe(code);
  return error;
}
