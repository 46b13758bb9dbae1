/**
 * Loading TensorFlow.js (tfjs-core + the wasm backend, both dev dependencies) as an independent
 * reference for tests and benchmarks.
 *
 * tfjs-core's gradient registrations exist only in its unbundled ESM build (dist/*.js), whose
 * relative imports omit the '.js' extension: Vitest resolves them, plain Node (tsx, the benches)
 * does not. `loadTfjs` therefore registers a tiny resolve hook that retries such a specifier
 * with '.js' (only for importers inside @tensorflow/), then imports tfjs-core, every gradient and
 * the wasm backend, and selects it. The hook changes nothing else.
 */
import { register } from 'node:module';

export type Tf = typeof import('@tensorflow/tfjs-core');

const HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (e) {
    const parent = context.parentURL ?? '';
    const relative = specifier.startsWith('./') || specifier.startsWith('../');
    if (parent.includes('/@tensorflow/') && relative && !specifier.endsWith('.js')) {
      return next(specifier + '.js', context);
    }
    throw e;
  }
}`;

let loading: Promise<Tf> | undefined;

async function load(): Promise<Tf> {
  register(`data:text/javascript,${encodeURIComponent(HOOK)}`);
  const tf = await import('@tensorflow/tfjs-core');
  await import('@tensorflow/tfjs-core/dist/register_all_gradients');
  await import('@tensorflow/tfjs-backend-wasm');
  if (!(await tf.setBackend('wasm'))) throw new Error('tfjs: the wasm backend failed to initialise');
  await tf.ready();
  return tf;
}

/** tfjs-core with all gradients and the wasm backend selected (loaded once per process). */
export function loadTfjs(): Promise<Tf> {
  loading ??= load();
  return loading;
}
