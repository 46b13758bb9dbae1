import { Position } from '@zomma/contracts';
import { z } from 'zod';
import { authorized } from '../../trpc.ts';
import { NoInput } from '../web.schema.ts';

export const listPositionsProcedure = authorized('position.read')
  .input(NoInput)
  .output(z.array(Position))
  .query(({ ctx }) => ctx.repos.positions.list());
