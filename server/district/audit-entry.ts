import type { SecurityEventInput } from '../accounts/security-events.ts';
import type { DistrictReport } from './set-up.ts';

/**
 * A set-up as the security audit records it, whichever door it came in by: an import into the
 * admin areas (the rows it wrote) that also names the district set up, what it replaced (the
 * previous district and how many admin areas) and the profile its analyses now use.
 */
export function auditEntry(
  report: DistrictReport,
  clearDemo: boolean,
): Omit<SecurityEventInput, 'username' | 'client'> {
  const { district, counts, previous } = report;
  const written = counts.district + counts.township + counts.village;
  return {
    event: 'import',
    details: {
      layer: 'admin_areas',
      file: report.files.map((f) => f.filename).join(', '),
      rows: written,
      created: written,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      district: { name: district.name, code: district.code },
      replaced: { district: previous, areas: report.replaced },
      profile: report.profile.code,
      clear_demo: clearDemo,
    },
  };
}
