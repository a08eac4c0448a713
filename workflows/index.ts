// Every workflow the worker registers. Each job lives in its own module.
export * from './read-tools';
export * from './onboard-user';
export * from './bulk-onboard';
export * from './offboard-user';
export * from './archive-stale-content';
export * from './restore-archived-content';
export * from './rescue-orphaned-schedules';
export * from './setup-kpi-monitoring';
export * from './query-to-dashboard';
export * from './render-dashboard';
export * from './audit-content-access';
export * from './stored-files';
export * from './run-script';
export * from './prune-job-files';
export * from './run-look';
export * from './find-field-usages';
export * from './save-script';
