/**
 * Typed ONNX graph building and reverse-mode differentiation, for training models in TypeScript
 * with onnxruntime-node (which has no training API): forward, loss, backward and the optimizer
 * update are all plain ONNX graphs of standard ops, with weights fed in and read out each step.
 *
 * Build:
 *   const g = new Graph({ dtype: 'float32' });          // or 'float64' (gradient checks)
 *   const x = g.input('x', ['batch', 32]);               // symbolic or static dims
 *   const w = g.param('w', [32, 8]);                     // a weight: a graph INPUT, fed every run
 *   const b = g.param('b', [8]);
 *   const y = g.tanh(g.add(g.matmul(x, w), b));          // shapes inferred: ['batch', 8]
 *   const loss = g.reduceMean(g.mul(y, y));              // a float scalar
 *   const [dw, db] = gradients(g, loss, [w, b]);         // backward nodes appended to g
 *   const next = g.sub(w, g.mul(dw, 0.01));              // e.g. an SGD step, in-graph
 *   const runner = await createRunner(compileGraph(g, { outputs: { loss, 'w.next': next, db } }));
 *   const out = await runner.run({ x: xs, w: wData, b: bData }); // out['w.next'].data: Float32Array
 *
 * Output names must differ from every tensor name in the graph (ONNX names are single-assignment),
 * so an updated weight cannot be called 'w'; graph inputs are the declared inputs and params the
 * outputs need, in declaration order (unused feeds are ignored by the runner).
 *
 * Tensors: name, dtype ('float32' | 'float64' for values — one float type per graph; 'int64' for
 * indices; 'bool' for masks), shape of numbers and symbols. A symbol (e.g. 'batch') is one size
 * throughout a graph and never broadcasts; Reshape with -1 derives products such as '32*batch'.
 * Every op checks dtypes and shapes when called and throws naming the op and the shapes.
 * Numbers passed where a tensor is expected become scalar constants. Identical nodes are merged.
 *
 * Ops (Graph methods): add sub mul div max min addN neg exp log sqrt abs sign tanh sigmoid relu
 * leakyRelu pow(x, constant) identity stopGradient where greater less equal cast; matmul (rank ≥ 2,
 * numpy batching) gemm(a, b, c?, {transA, transB, alpha, beta}); softmax/logSoftmax(x, axis = -1);
 * reduceSum/reduceMean/reduceMax(x, axes?, keepdims = false); transpose reshape (0 = copy, -1 =
 * infer) reshapeLike unsqueeze squeeze expand expandAs concat split unstack slice (static, step 1)
 * gather (axis 0 is differentiable: embeddings); helpers shapeOf zerosLike pad scatterAddRows
 * sizeRatio; constants via constant/scalar/constantInt64; any other ONNX op via addNode.
 *
 * Gradients: `gradients(g, loss, wrt)` differentiates only nodes between wrt and loss, sums the
 * contributions of a tensor used several times (shared weights across unrolled steps) with one
 * Sum node, reuses forward outputs (sigmoid, tanh, exp, softmax…), and throws naming any op on the
 * path without a registered gradient (add one with `registerGradient`, or cut with stopGradient).
 * Differentiable: all ops above except greater/less/equal/cast/sign/reduceMax (no gradient path).
 * For time unrolling prefer `unstack(x, 1)` (its gradient is one Concat); per-step `slice`s are
 * also merged into one Concat by autodiff.
 *
 * float64: every op above (and every op its gradient emits) has a float64 CPU kernel in
 * onnxruntime 1.30, checked by gradients.test.ts. Not available in float64: Erf, Softplus (use
 * tanh-based GELU, log(1 + exp(x)) compositions instead).
 *
 * Checking: `checkGradients(g, loss, wrt, feeds)` compares with central finite differences (float64).
 */
export { type GradientOptions, gradients } from './autodiff.ts';
export { type GemmOptions, Graph, type SliceSpec, Tensor, type TensorLike } from './builder.ts';
export { type CompiledGraph, type CompileSpec, compileGraph } from './compile.ts';
export type { AddNodeOptions, DType, FloatType, Node, NodeMeta, OutputSpec, TensorKind } from './core.ts';
export { type Dim, evalDim, type Shape, shapeEq, shapeStr } from './dims.ts';
export {
  checkGradients,
  type GradCheckEntry,
  type GradCheckOptions,
  type GradCheckResult,
} from './gradcheck.ts';
export {
  type GradContext,
  type GradFn,
  registeredGradientOps,
  registerGradient,
  sumToShape,
} from './gradients/index.ts';
export {
  createRunner,
  type Feed,
  type FeedArray,
  type GraphRunner,
  type RunOptions,
  type RunOutput,
} from './runner.ts';
