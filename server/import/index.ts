export { ImportError } from './errors.ts';
export { exportCsv } from './export-csv.ts';
export { LIMITS } from './limits.ts';
export { type ImportOptions, importFile, mappingKey, type Progress } from './pipeline.ts';
export { formatReport, type ImportReport } from './report.ts';
