import { initTRPC, TRPCError } from '@trpc/server';
import { can, isAppError, type Permission } from '@zomma/contracts';
import superjson from 'superjson';
import { z } from 'zod';
import { actorOf, type Context } from './context.ts';
import { appErrorData, INTERNAL_MESSAGE, isInternal } from './error-format.ts';
import { getMetrics } from './metrics.ts';

const t = initTRPC.context<Context>().create({
  transformer: superjson,
  errorFormatter({ shape, error }) {
    const data = appErrorData(error);
    if (isInternal(error)) {
      // Never leak internals (SQL, stack traces, output-validation dumps) to the client.
      const { stack: _stack, ...rest } = shape.data;
      return { ...shape, message: INTERNAL_MESSAGE, data: { ...rest, ...data, details: null } };
    }
    const { stack: _stack, ...rest } = shape.data;
    // A rejected input: a short message; the field errors travel in data.zodError.
    const message = error.cause instanceof z.ZodError ? 'Invalid input' : shape.message;
    return { ...shape, message, data: { ...rest, ...data } };
  },
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * Maps AppError → TRPCError with the code from ERROR_CODES (keeping it as `cause`), logs
 * failures and counts every call. `next()` never throws: the outcome is in `result.ok`.
 */
const observed = t.middleware(async ({ ctx, path, type, next }) => {
  const startedAt = performance.now();
  const result = await next();
  const metrics = getMetrics();
  metrics.trpcDuration.observe({ path, type }, (performance.now() - startedAt) / 1000);
  if (result.ok) {
    metrics.trpcRequests.inc({ path, type, code: 'OK' });
    return result;
  }
  let error = result.error;
  const cause = error.cause;
  if (isAppError(cause) && error.code !== cause.trpcCode) {
    error = new TRPCError({ code: cause.trpcCode, message: cause.message, cause });
  }
  metrics.trpcRequests.inc({ path, type, code: error.code });
  if (isInternal(error)) {
    ctx.log.error({ err: error.cause ?? error, path, type }, 'procedure failed');
  } else {
    ctx.log.info(
      { path, type, code: error.code, appCode: isAppError(cause) ? cause.code : undefined },
      error.message,
    );
  }
  return error === result.error ? result : { ...result, error };
});

/** Anyone, signed in or not (nothing uses it directly but the auth factories). */
export const publicProcedure = t.procedure.use(observed);

/** Any signed-in user, whatever the role. */
export const signedInProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { ...ctx, user: ctx.user, actor: actorOf(ctx.user) } });
});

/**
 * A procedure that requires `permission`. Fails closed: no session → UNAUTHORIZED, a role
 * without the permission (or an unknown role) → FORBIDDEN, before the input is even parsed.
 */
export function authorized(permission: Permission) {
  return signedInProcedure.use(({ ctx, next }) => {
    if (!can(ctx.user.role, permission)) {
      throw new TRPCError({
        code: 'FORBIDDEN',
        message: `role ${ctx.user.role} does not have permission ${permission}`,
      });
    }
    return next({ ctx });
  });
}
