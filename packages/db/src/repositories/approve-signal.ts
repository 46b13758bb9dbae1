import {
  AppError,
  type AuditActor,
  type DecimalString,
  type PortfolioRisk,
  type RiskLimits,
  type RiskVerdict,
  type Signal,
} from '@zomma/contracts';
import { type Db, inTransaction } from '../client.ts';
import { Decimal, decimalString } from '../decimal.ts';
import { LOCKS, lockForTransaction } from '../locks.ts';
import type { AuditRepository } from './audit-repository.ts';
import { currentLimits } from './limits-repository.ts';
import { portfolioRisk } from './portfolio.ts';
import { loadSignal, lockSignal } from './signal-mapper.ts';

export interface ApproveContext {
  signal: Signal;
  limits: RiskLimits;
  portfolio: PortfolioRisk;
}

export interface ApproveSignalArgs {
  signalId: string;
  actor: AuditActor;
  now: Date;
  /** Adapter name the order goes to, e.g. 'sim'. */
  broker: string;
  /** The pre-trade risk check (pure), run inside the transaction on a locked signal. */
  evaluate: (ctx: ApproveContext) => RiskVerdict;
}

export interface ApproveSignalResult {
  signal: Signal;
  order: { id: string; clientOrderId: string };
  verdict: RiskVerdict;
}

/** `zm-` + the signal id without dashes: the broker sees one client order id per signal, ever. */
export function clientOrderIdFor(signalId: string): string {
  return `zm-${signalId.replaceAll('-', '')}`;
}

export function breachMessage(verdict: RiskVerdict): string {
  const failed = verdict.checks.filter((c) => c.status === 'fail');
  const parts = failed.map(
    (c) => `${c.label} (${c.name}): ${c.value} ${c.unit} against limit ${c.limit} (excess ${c.excess})`,
  );
  return `risk limits breached (limits v${verdict.limitsVersion}): ${parts.join('; ') || 'verdict not ok'}`;
}

/**
 * The natural net price of one strategy unit, per share: Σ ask × ratio over BUY legs − Σ bid ×
 * ratio over SELL legs (positive = debit paid, negative = credit received). What crossing the
 * spread on every leg costs at the signal's quotes; exact in decimal.
 */
export function naturalNetPrice(
  legs: readonly { side: 'BUY' | 'SELL'; ratio: number; bid: string; ask: string }[],
): DecimalString {
  let net = new Decimal(0);
  for (const leg of legs) {
    net =
      leg.side === 'BUY'
        ? net.plus(new Decimal(leg.ask).times(leg.ratio))
        : net.minus(new Decimal(leg.bid).times(leg.ratio));
  }
  return decimalString(net);
}

type Outcome = { kind: 'approved'; result: ApproveSignalResult } | { kind: 'refused'; verdict: RiskVerdict };

/**
 * One transaction: take the risk-book lock, lock the signal, check PENDING and not expired,
 * evaluate against the limits and the portfolio as of now (positions and orders in flight),
 * then either record the refusal (committed, then RISK_LIMIT_BREACH is thrown) or approve and
 * create the order with its legs, limited at the signal's natural net price (naturalNetPrice). The risk-book lock is held to commit, so two approvals of
 * different signals run one after the other and the second sees the first one's order: they
 * cannot both pass the portfolio-delta check on the same stale book.
 */
export async function approveSignal(
  db: Db,
  audit: AuditRepository,
  args: ApproveSignalArgs,
): Promise<ApproveSignalResult> {
  const outcome = await inTransaction(db.prisma, async (tx): Promise<Outcome> => {
    await lockForTransaction(tx, LOCKS.riskBook);
    const locked = await lockSignal(tx, args.signalId);
    if (locked.status !== 'PENDING') {
      throw new AppError('SIGNAL_NOT_PENDING', `signal is ${locked.status}, not PENDING`, {
        signalId: args.signalId,
        status: locked.status,
      });
    }
    if (!(locked.expiresAt.getTime() > args.now.getTime())) {
      throw new AppError('SIGNAL_EXPIRED', `signal expired at ${locked.expiresAt.toISOString()}`, {
        signalId: args.signalId,
        expiresAt: locked.expiresAt.toISOString(),
      });
    }
    const signal = await loadSignal(tx, args.signalId);
    const limits = await currentLimits(tx);
    const portfolio = await portfolioRisk(tx);
    const verdict = args.evaluate({ signal, limits, portfolio });
    if (!verdict.ok) {
      await audit.append(tx, args.actor, {
        action: 'signal.approve_refused',
        entityType: 'Signal',
        entityId: signal.id,
        data: verdict,
      });
      return { kind: 'refused', verdict };
    }
    const clientOrderId = clientOrderIdFor(signal.id);
    await tx.signal.update({
      where: { id: signal.id },
      data: { status: 'APPROVED', decidedById: args.actor.id, decidedAt: args.now, riskVerdict: verdict },
    });
    const order = await tx.order.create({
      data: {
        clientOrderId,
        signalId: signal.id,
        status: 'NEW',
        quantity: signal.quantity,
        // The natural price the trader saw as the cost to trade now, not the mid (a fill that
        // crosses the spread is always worse than mid, so a mid limit would never fill).
        limitPrice: naturalNetPrice(signal.legs),
        broker: args.broker,
        legs: {
          create: signal.legs.map((l) => ({
            idx: l.idx,
            symbol: l.symbol,
            right: l.right,
            side: l.side,
            ratio: l.ratio,
            strike: l.strike,
            expiry: l.expiry,
          })),
        },
      },
      select: { id: true, clientOrderId: true },
    });
    await audit.append(tx, args.actor, {
      action: 'signal.approve',
      entityType: 'Signal',
      entityId: signal.id,
      data: { verdict, orderId: order.id, clientOrderId },
    });
    return { kind: 'approved', result: { signal: await loadSignal(tx, signal.id), order, verdict } };
  });
  if (outcome.kind === 'refused') {
    throw new AppError('RISK_LIMIT_BREACH', breachMessage(outcome.verdict), { verdict: outcome.verdict });
  }
  return outcome.result;
}
