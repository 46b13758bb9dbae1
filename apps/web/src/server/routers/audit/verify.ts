import { AuditVerifyResult } from '@zomma/contracts';
import { authorized } from '../../trpc.ts';
import { NoInput } from '../web.schema.ts';

export const verifyAuditProcedure = authorized('audit.read')
  .input(NoInput)
  .output(AuditVerifyResult)
  .query(({ ctx }) => ctx.repos.audit.verify());
