import type { HandlerMap } from '../job-runner.ts';
import { executeOrder } from './execute-order.handler.ts';
import { expireSignals } from './expire-signals.handler.ts';
import { generateSignals } from './generate-signals.handler.ts';
import { markPositions } from './mark-positions.handler.ts';
import { marketTick } from './market-tick.handler.ts';
import { reconcileOrders } from './reconcile-orders.handler.ts';

export const HANDLERS: HandlerMap = {
  'market.tick': marketTick,
  'signals.generate': generateSignals,
  'signals.expire': expireSignals,
  'orders.execute': executeOrder,
  'orders.reconcile': reconcileOrders,
  'positions.mark': markPositions,
};
