/** The workflow bundle's entry: one file per process, re-exported here. */
export * from './service-case';
export * from './care-episode';
