export * from './model-registry.schema.ts';
