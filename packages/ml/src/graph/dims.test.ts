import { describe, expect, it } from 'vitest';
import {
  broadcastShapes,
  checkDim,
  dimDiv,
  dimEq,
  dimMul,
  evalDim,
  shapeProduct,
  soleSymbol,
} from './dims.ts';

describe('symbolic dims', () => {
  it('multiplies and divides monomials canonically', () => {
    expect(dimMul('batch', 32)).toBe('32*batch');
    expect(dimMul(2, dimMul('time', 'batch'))).toBe('2*batch*time');
    expect(dimEq('time*batch', 'batch*time')).toBe(true);
    expect(dimDiv('32*batch', 32)).toBe('batch');
    expect(dimDiv('64*batch*time', '2*time')).toBe('32*batch');
    expect(dimDiv('batch', 'time')).toBeUndefined();
    expect(dimDiv('3*batch', 2)).toBeUndefined();
    expect(dimDiv(12, 4)).toBe(3);
    expect(shapeProduct(['batch', 4, 8])).toBe('32*batch');
    expect(shapeProduct([])).toBe(1);
  });

  it('evaluates with bindings and recognises single symbols', () => {
    expect(evalDim('32*batch', { batch: 3 })).toBe(96);
    expect(evalDim('batch*time', { batch: 3 })).toBeUndefined();
    expect(soleSymbol('batch')).toBe('batch');
    expect(soleSymbol('2*batch')).toBeUndefined();
    expect(() => checkDim('batch-1')).toThrow(/bad dimension/);
    expect(() => checkDim(-1)).toThrow(/bad dimension/);
  });

  it('broadcasts numpy-style and refuses to broadcast symbols against sizes', () => {
    expect(broadcastShapes([['batch', 1, 3], [4, 1], []], 't')).toEqual(['batch', 4, 3]);
    expect(broadcastShapes([[1], ['n']], 't')).toEqual(['n']);
    expect(() => broadcastShapes([['n'], [2]], 't')).toThrow(/t: cannot broadcast \[n\] with \[2\]/);
    expect(() => broadcastShapes([[3], [2]], 't')).toThrow(/cannot broadcast/);
  });
});
