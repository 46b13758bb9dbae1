/** @zomma/engine/portfolio: instruments, signed position legs, full revaluation under scenarios. */
export {
  BASE_SCENARIO,
  contractMultiplier,
  type Instrument,
  legValue,
  MS_PER_YEAR,
  type PositionLeg,
  type PriceOption,
  positionValue,
  type Scenario,
  type UnderlyingMarket,
  VOL_FLOOR,
  type VolOf,
} from './position.ts';
