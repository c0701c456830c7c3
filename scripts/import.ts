/**
 * `npm run import -- FILE --layer shelters [--crs EPSG:4549] [--gcj02|--bd09] [--map 名称=name,...]
 * [--dry-run] [--skip-bad] [--source NAME] [--allow-outside-district] [--json] [--progress]`
 *
 * Imports a file into the store that DATABASE_URL or ONEMAP_DATA_DIR names, printing the report.
 * Exit status: 0 written (or a clean dry run), 1 refused or rows with problems, 2 a usage error.
 */
import { readFileSync, statSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { configFromEnv } from '../server/config.ts';
import {
  flagOf,
  formatReport,
  ImportError,
  importFile,
  isOption,
  LIMITS,
  type Progress,
} from '../server/import/index.ts';
import { openStore } from '../server/store/index.ts';
import { commandLine } from './command-line.ts';

const USAGE = `usage: npm run import -- FILE --layer LAYER [--crs EPSG:4549] [--gcj02|--bd09] [--map 列=字段,...]
                          [--dry-run] [--skip-bad] [--source NAME] [--allow-outside-district] [--json] [--progress]`;

const STAGES: Record<Progress['stage'], string> = {
  read: 'reading',
  check: 'checking',
  write: 'writing',
  done: 'done',
};

/** A bar on stderr, redrawn in place; only for a terminal (or when asked), so logs and pipes stay clean. */
function progressBar(enabled: boolean) {
  if (!enabled) return undefined;
  let last = '';
  return (p: Progress) => {
    const width = 30;
    const share = p.stage === 'check' && p.total > 0 ? p.done / p.total : p.stage === 'done' ? 1 : 0;
    const filled = Math.round(share * width);
    const counts =
      p.stage === 'check'
        ? ` ${p.done}/${p.total}`
        : p.stage === 'write'
          ? ` ${p.total} features in one transaction`
          : '';
    const line = `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${STAGES[p.stage]}${counts}`;
    if (line === last) return;
    last = line;
    process.stderr.write(line.padEnd(80));
    if (p.stage === 'done') process.stderr.write('\n');
  };
}

const { values, positionals, usage } = commandLine(USAGE, {
  layer: { type: 'string' },
  crs: { type: 'string' },
  gcj02: { type: 'boolean' },
  bd09: { type: 'boolean' },
  map: { type: 'string' },
  'dry-run': { type: 'boolean' },
  'skip-bad': { type: 'boolean' },
  source: { type: 'string' },
  'allow-outside-district': { type: 'boolean' },
  json: { type: 'boolean' },
  progress: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) usage('name exactly one file to import');
if (values.gcj02 && values.bd09) usage('--gcj02 and --bd09 exclude each other');
const file = positionals[0];
function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return usage(`cannot read ${path}`);
  }
}
const size = sizeOf(file);
if (size > LIMITS.fileBytes) usage(`${file} is larger than ${LIMITS.fileBytes} bytes`);

const store = await openStore(configFromEnv().store);
let status = 0;
try {
  const report = await importFile(store, readFileSync(file), {
    filename: basename(file),
    layer: values.layer,
    crs: values.crs,
    offset: values.gcj02 ? 'gcj02' : values.bd09 ? 'bd09' : undefined,
    map: values.map,
    dryRun: values['dry-run'],
    skipBad: values['skip-bad'],
    source: values.source,
    allowOutsideDistrict: values['allow-outside-district'],
    user: `cli:${userInfo().username}`,
    onProgress: progressBar(Boolean(values.progress || process.stderr.isTTY)),
  });
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(report));
  const clean = report.result.written || (report.result.dryRun && report.rows.withProblems === 0);
  status = clean ? 0 : 1;
} catch (error) {
  if (!(error instanceof ImportError)) throw error;
  const part = isOption(error.part) ? flagOf(error.part) : error.part;
  console.error(`cannot import ${basename(file)}: ${part}: ${error.reason}`);
  status = 1;
} finally {
  await store.close();
}
process.exitCode = status;
