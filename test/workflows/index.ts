// What test workers register: every production workflow plus test-only workflows.
export * from '../../workflows';
export * from './harness-workflows';
export * from './activities-workflows';
