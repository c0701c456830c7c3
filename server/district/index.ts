export { auditEntry } from './audit-entry.ts';
export { DistrictRefused, type Words } from './errors.ts';
export { profileResolver } from './profiles.ts';
export type { CrsOption } from './read-areas.ts';
export { formatDistrictReport } from './report.ts';
export { type DistrictInput, type DistrictReport, setUpDistrict } from './set-up.ts';
