import onnxProto from 'onnx-proto';
import { describe, expect, it } from 'vitest';
import { encodeModel, float } from './model.ts';
import { createSession, f32 } from './session.ts';

describe('encodeModel + createSession', () => {
  it('runs a Gemm with an initializer and a float attribute in onnxruntime', async () => {
    const bytes = encodeModel({
      graphName: 'affine',
      nodes: [
        { op: 'Gemm', inputs: ['x', 'W', 'b'], outputs: ['y'], attrs: { alpha: float(0.5), transB: 1 } },
      ],
      inputs: [{ name: 'x', type: 'float32', dims: ['batch', 2] }],
      outputs: [{ name: 'y', type: 'float32', dims: ['batch', 3] }],
      initializers: [
        { name: 'W', type: 'float32', dims: [3, 2], data: [1, 2, 3, 4, 5, 6] },
        { name: 'b', type: 'float32', dims: [3], data: [0.5, -1, 2] },
      ],
    });
    const s = await createSession(bytes);
    const out = await s.run({ x: f32([1, 1, 2, -1], [2, 2]) });
    // y = 0.5·x·Wᵀ + b, worked by hand.
    expect(Array.from(out.y?.data as Float32Array)).toEqual([2, 2.5, 7.5, 0.5, 0, 4]);
  });

  it('rejects a tensor whose data does not fill its dims', () => {
    expect(() =>
      encodeModel({
        graphName: 'bad',
        nodes: [],
        inputs: [],
        outputs: [],
        initializers: [{ name: 'W', type: 'float32', dims: [2, 2], data: [1, 2, 3] }],
      }),
    ).toThrow(/3 values for dims \[2, 2\]/);
  });

  it('refuses a non-integer number as an INT attribute', () => {
    expect(() =>
      encodeModel({
        graphName: 'bad',
        nodes: [{ op: 'LeakyRelu', inputs: ['x'], outputs: ['y'], attrs: { alpha: 0.1 } }],
        inputs: [],
        outputs: [],
      }),
    ).toThrow(/use float\(\)/);
  });

  it('writes metadata_props that read back by key', () => {
    const bytes = encodeModel({
      graphName: 'meta',
      nodes: [{ op: 'Identity', inputs: ['x'], outputs: ['y'] }],
      inputs: [{ name: 'x', type: 'float32', dims: [1] }],
      outputs: [{ name: 'y', type: 'float32', dims: [1] }],
      metadata: { 'zomma.features': '["a","b"]', 'zomma.format': 'test/1' },
    });
    const props = onnxProto.onnx.ModelProto.decode(bytes).metadataProps.map((p) => [p.key, p.value]);
    expect(props).toEqual([
      ['zomma.features', '["a","b"]'],
      ['zomma.format', 'test/1'],
    ]);
  });
});
