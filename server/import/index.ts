export { ImportError, ImportTooLarge, ImportUnavailable } from './errors.ts';
export { LIMITS } from './limits.ts';
export { flagOf, isOption } from './options.ts';
export { DEFAULT_IMPORT_WORKERS, type ImportWorkers, workerParser } from './parse-pool.ts';
export { type ImportOptions, importFile, mappingKey, type Progress } from './pipeline.ts';
export { formatReport, type ImportReport } from './report.ts';
