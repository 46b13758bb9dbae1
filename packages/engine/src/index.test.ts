import { describe, expect, it } from 'vitest';
import * as engine from './index.ts';

describe('@zomma/engine public API', () => {
  it('exports exactly the pricing API (types aside); everything else lives under subpaths', () => {
    expect(Object.keys(engine).sort()).toEqual(
      [
        'greeksBatch',
        'greeksEuropean',
        'impliedVol',
        'impliedVolBatch',
        'priceAmerican',
        'priceEuropean',
      ].sort(),
    );
  });
});
