import { describe, expect, it } from 'vitest';
import { type Dim, encodeModel, type ValueSpec } from '../onnx/model.ts';
import { createSession } from '../onnx/session.ts';
import { servingSignature } from './serving-signature.ts';

/** A real session of an Identity (or Cast) model with the given input and output. */
async function sessionOf(input: ValueSpec, output: ValueSpec, extraInputs: ValueSpec[] = []) {
  const cast = input.type !== output.type;
  return createSession(
    encodeModel({
      graphName: 'sig',
      nodes: [
        cast
          ? { op: 'Cast', inputs: [input.name], outputs: [output.name], attrs: { to: castTo(output.type) } }
          : { op: 'Identity', inputs: [input.name], outputs: [output.name] },
      ],
      inputs: [input, ...extraInputs],
      outputs: [output],
    }),
  );
}
const castTo = (t: string) => ({ float32: 1, int64: 7, float64: 11 })[t] ?? 1;
const f32 = (name: string, dims: Dim[]): ValueSpec => ({ name, type: 'float32', dims });

describe('servingSignature', () => {
  it('accepts [batch, F] float32 and [batch, T, F] float64 inputs; width is the row size', async () => {
    const mlp = servingSignature(await sessionOf(f32('x', ['batch', 7]), f32('y', ['batch', 7])));
    expect(mlp).toEqual({
      ok: true,
      signature: {
        input: { name: 'x', dtype: 'float32', rowShape: [7], width: 7 },
        outputs: [{ name: 'y', dtype: 'float32' }],
      },
    });
    const seq = servingSignature(
      await sessionOf(
        { name: 'x', type: 'float64', dims: ['n', 3, 2] },
        { name: 'y', type: 'int64', dims: ['n', 3, 2] },
      ),
    );
    expect(seq.ok && seq.signature.input).toEqual({
      name: 'x',
      dtype: 'float64',
      rowShape: [3, 2],
      width: 6,
    });
    expect(seq.ok && seq.signature.outputs).toEqual([{ name: 'y', dtype: 'int64' }]);
  });

  it('refuses what cannot be batched or fed with numbers', async () => {
    const cases: [Promise<Parameters<typeof servingSignature>[0]>, RegExp][] = [
      [sessionOf(f32('x', [1, 4]), f32('y', [1, 4])), /first dimension must be symbolic/],
      [sessionOf(f32('x', ['batch', 'f']), f32('y', ['batch', 'f'])), /must be fixed/],
      [sessionOf(f32('x', ['batch']), f32('y', ['batch'])), /no feature dimension/],
      [sessionOf(f32('x', ['b', 2]), f32('y', ['b', 2]), [f32('x2', ['b', 2])]), /exactly one input/],
      [
        sessionOf({ name: 'x', type: 'int64', dims: ['b', 2] }, { name: 'y', type: 'int64', dims: ['b', 2] }),
        /int64; float32 or float64 expected/,
      ],
    ];
    for (const [session, reason] of cases) {
      const r = servingSignature(await session);
      expect(r.ok).toBe(false);
      expect(!r.ok && r.reason).toMatch(reason);
    }
  });
});
