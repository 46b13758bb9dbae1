import { DecimalString } from '@zomma/contracts';
import { describe, expect, it } from 'vitest';
import { Decimal, decimalString, round6 } from './decimal.ts';

describe('decimalString', () => {
  it.each([
    ['12.500000', '12.5'],
    ['5000.000000', '5000'],
    ['-0.000000', '0'],
    ['0.000001', '0.000001'],
    ['-12.345678', '-12.345678'],
    ['999999999999.999999', '999999999999.999999'],
    ['100', '100'],
    ['-3.10', '-3.1'],
  ])('%s → %s', (input, expected) => {
    const out = decimalString(new Decimal(input));
    expect(out).toBe(expected);
    expect(DecimalString.safeParse(out).success).toBe(true);
  });

  it('rounds beyond 6 decimals half away from zero, like Postgres numeric', () => {
    expect(decimalString('1.0000005')).toBe('1.000001');
    expect(decimalString('-1.0000005')).toBe('-1.000001');
    expect(round6(new Decimal('2.4999995')).toString()).toBe('2.5');
  });
});
