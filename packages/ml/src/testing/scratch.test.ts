import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-wasm';
import { it } from 'vitest';
it('tf', async () => {
await tf.setBackend('wasm'); await tf.ready();
const x = tf.tensor2d([[1,2],[3,4]]);
const w = tf.variable(tf.tensor2d([[0.5,0.1],[0.2,0.3]]));
const {value, grads} = tf.variableGrads(() => tf.sum(tf.tanh(tf.matMul(x, w))));
console.log(tf.getBackend(), value.dataSync(), grads[w.name]?.dataSync());
});
