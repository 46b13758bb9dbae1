/**
 * ONNX export: one ai.onnx.ml TreeEnsembleRegressor (v3) with a target per output (SUM of the
 * trees plus base_values) gives the margins; classification adds Sigmoid (binary) or Softmax over
 * the classes (multiclass). We use the regressor for every objective rather than
 * TreeEnsembleClassifier: one code path, the margins are exposed (they are what TreeSHAP explains),
 * and the classifier's binary output layout ([−s, s] before the transform) is an implementation
 * detail we would have to mirror. Splits are BRANCH_LT on float32 thresholds (go to the true node,
 * our left, when x < threshold); nodes_missing_value_tracks_true sends NaN to the learned side.
 *
 * Graph: input `x` float32 [batch, nFeatures]; outputs `margin` float32 [batch, nOutputs] and, for
 * classification, `probability` float32 [batch, nOutputs] (binary: P(y = 1)).
 */
import { encodeModel, floats, ints, type NodeSpec, strings, type ValueSpec } from '../onnx/model.ts';
import type { GbdtModel } from './types.ts';

export const ONNX_INPUT = 'x';
export const ONNX_MARGIN = 'margin';
export const ONNX_PROBABILITY = 'probability';

/**
 * `extra`: metadata_props for the artifact and a note appended to its doc string (e.g. the signal
 * model's serving metadata).
 */
export function exportOnnx(
  model: GbdtModel,
  extra: { metadata?: Readonly<Record<string, string>>; docNote?: string } = {},
): Uint8Array {
  const K = model.nOutputs;
  const nodeTree: number[] = [];
  const nodeId: number[] = [];
  const nodeFeature: number[] = [];
  const nodeMode: string[] = [];
  const nodeValue: number[] = [];
  const nodeTrue: number[] = [];
  const nodeFalse: number[] = [];
  const nodeMissingTrue: number[] = [];
  const targetTree: number[] = [];
  const targetNode: number[] = [];
  const targetId: number[] = [];
  const targetWeight: number[] = [];
  model.trees.forEach((tree, t) => {
    for (let j = 0; j < tree.feature.length; j++) {
      const f = tree.feature[j] as number;
      nodeTree.push(t);
      nodeId.push(j);
      if (f >= 0) {
        nodeFeature.push(f);
        nodeMode.push('BRANCH_LT');
        nodeValue.push(tree.threshold[j] as number);
        nodeTrue.push(tree.left[j] as number);
        nodeFalse.push(tree.right[j] as number);
        nodeMissingTrue.push(tree.defaultLeft[j] as number);
      } else {
        nodeFeature.push(0);
        nodeMode.push('LEAF');
        nodeValue.push(0);
        nodeTrue.push(0);
        nodeFalse.push(0);
        nodeMissingTrue.push(0);
        targetTree.push(t);
        targetNode.push(j);
        targetId.push(t % K);
        targetWeight.push(tree.value[j] as number);
      }
    }
  });
  if (model.trees.length === 0) {
    // TreeEnsembleRegressor needs a tree: a single leaf worth 0.
    nodeTree.push(0);
    nodeId.push(0);
    nodeFeature.push(0);
    nodeMode.push('LEAF');
    nodeValue.push(0);
    nodeTrue.push(0);
    nodeFalse.push(0);
    nodeMissingTrue.push(0);
    targetTree.push(0);
    targetNode.push(0);
    targetId.push(0);
    targetWeight.push(0);
  }
  const nodes: NodeSpec[] = [
    {
      op: 'TreeEnsembleRegressor',
      domain: 'ai.onnx.ml',
      inputs: [ONNX_INPUT],
      outputs: [ONNX_MARGIN],
      attrs: {
        n_targets: K,
        aggregate_function: 'SUM',
        post_transform: 'NONE',
        base_values: floats([...model.baseScore]),
        nodes_treeids: ints(nodeTree),
        nodes_nodeids: ints(nodeId),
        nodes_featureids: ints(nodeFeature),
        nodes_modes: strings(nodeMode),
        nodes_values: floats(nodeValue),
        nodes_truenodeids: ints(nodeTrue),
        nodes_falsenodeids: ints(nodeFalse),
        nodes_missing_value_tracks_true: ints(nodeMissingTrue),
        target_treeids: ints(targetTree),
        target_nodeids: ints(targetNode),
        target_ids: ints(targetId),
        target_weights: floats(targetWeight),
      },
    },
  ];
  const outputs: ValueSpec[] = [{ name: ONNX_MARGIN, type: 'float32', dims: ['batch', K] }];
  if (model.objective === 'binary') {
    nodes.push({ op: 'Sigmoid', inputs: [ONNX_MARGIN], outputs: [ONNX_PROBABILITY] });
  } else if (model.objective === 'multiclass') {
    nodes.push({ op: 'Softmax', inputs: [ONNX_MARGIN], outputs: [ONNX_PROBABILITY], attrs: { axis: 1 } });
  }
  if (model.objective !== 'regression')
    outputs.push({ name: ONNX_PROBABILITY, type: 'float32', dims: ['batch', K] });
  return encodeModel({
    graphName: `gbdt_${model.objective}`,
    nodes,
    inputs: [{ name: ONNX_INPUT, type: 'float32', dims: ['batch', model.nFeatures] }],
    outputs,
    producerName: 'zomma-ml-gbdt',
    docString: `GBDT ${model.objective}: ${model.trees.length / K} rounds × ${K} trees, ${model.nFeatures} features${extra.docNote === undefined ? '' : `; ${extra.docNote}`}`,
    ...(extra.metadata === undefined ? {} : { metadata: extra.metadata }),
  });
}
