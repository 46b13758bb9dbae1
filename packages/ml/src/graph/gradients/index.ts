/** Registers the built-in gradients (imported once by autodiff.ts). */
import { elementwiseGradients } from './elementwise.ts';
import { linalgGradients } from './linalg.ts';
import { registerGradient } from './registry.ts';
import { shapeGradients } from './shape.ts';

for (const table of [elementwiseGradients, linalgGradients, shapeGradients]) {
  for (const [op, fn] of Object.entries(table)) registerGradient(op, fn);
}

export {
  type GradContext,
  type GradFn,
  gradientOf,
  registeredGradientOps,
  registerGradient,
} from './registry.ts';
export { sumToShape } from './util.ts';
