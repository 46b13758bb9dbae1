import { register } from 'node:module';
const hook = `
export async function resolve(specifier, context, next) {
  try { return await next(specifier, context); }
  catch (e) {
    const p = context.parentURL ?? '';
    if (p.includes('/@tensorflow/') && (specifier.startsWith('./') || specifier.startsWith('../')) && !specifier.endsWith('.js')) {
      return next(specifier + '.js', context);
    }
    throw e;
  }
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
const tf = await import('@tensorflow/tfjs-core');
await import('@tensorflow/tfjs-core/dist/register_all_gradients');
await import('@tensorflow/tfjs-backend-wasm');
await tf.setBackend('wasm'); await tf.ready();
const x = tf.tensor2d([[1,2],[3,4]]);
const w = tf.variable(tf.tensor2d([[0.5,0.1],[0.2,0.3]]));
const {value, grads} = tf.variableGrads(() => tf.sum(tf.tanh(tf.matMul(x, w))));
console.log(tf.getBackend(), value.dataSync(), grads[w.name]?.dataSync());
