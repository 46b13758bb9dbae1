import { AuditEvent, ListAuditInput } from '@zomma/contracts';
import { z } from 'zod';
import { authorized } from '../../trpc.ts';

export const listAuditProcedure = authorized('audit.read')
  .input(ListAuditInput)
  .output(z.array(AuditEvent))
  .query(({ ctx, input }) => ctx.repos.audit.list(input));
