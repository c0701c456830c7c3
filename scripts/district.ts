/**
 * `npm run district -- BOUNDARY [--townships FILE] [--villages FILE] [--name 平阳县] [--code 330326]
 * [--profile 330326|PATH] [--crs gcj02|bd09|wgs84] [--clear-demo]`
 *
 * Sets up the store that DATABASE_URL or ONEMAP_DATA_DIR names for a bureau's own district, printing
 * the report in Chinese and English and recording it in the security audit as `cli:<system user>`. Exit status: 0 set up, 1 refused (the store unchanged), 2 a usage error.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { configFromEnv } from '../server/config.ts';
import {
  auditEntry,
  type CrsOption,
  DistrictRefused,
  formatDistrictReport,
  setUpDistrict,
} from '../server/district/index.ts';
import { LIMITS } from '../server/import/index.ts';
import { openStore } from '../server/store/index.ts';
import { commandLine } from './command-line.ts';

const USAGE = `usage: npm run district -- BOUNDARY [--townships FILE] [--villages FILE] [--name 平阳县] [--code 330326]
                            [--profile 330326|PATH] [--crs gcj02|bd09|wgs84] [--clear-demo]`;
const CRS: CrsOption[] = ['gcj02', 'bd09', 'wgs84'];

function file(path: string | undefined) {
  if (path === undefined) return undefined;
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    return usage(`cannot read ${path}`);
  }
  if (bytes.length > LIMITS.fileBytes) usage(`${path} is larger than ${LIMITS.fileBytes} bytes`);
  return { bytes, filename: basename(path) };
}

const { values, positionals, usage } = commandLine(USAGE, {
  townships: { type: 'string' },
  villages: { type: 'string' },
  name: { type: 'string' },
  code: { type: 'string' },
  profile: { type: 'string' },
  crs: { type: 'string' },
  'clear-demo': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (positionals.length !== 1) usage('name exactly one boundary file');
if (values.crs !== undefined && !CRS.includes(values.crs as CrsOption)) usage(`--crs must be one of ${CRS.join(', ')}`);

const input = {
  boundary: file(positionals[0]) as NonNullable<ReturnType<typeof file>>,
  townships: file(values.townships),
  villages: file(values.villages),
  name: values.name,
  code: values.code,
  profile: values.profile,
  crs: values.crs as CrsOption | undefined,
  clearDemo: values['clear-demo'],
  user: `cli:${userInfo().username}`,
};
const store = await openStore(configFromEnv().store);
try {
  const report = await setUpDistrict(store, input);
  await store.securityLog.record({
    ...auditEntry(report, input.clearDemo ?? false),
    username: input.user,
    client: null,
  });
  console.log(formatDistrictReport(report));
} catch (error) {
  if (!(error instanceof DistrictRefused)) throw error;
  console.error(
    `无法设置区县 / Cannot set up the district (${error.part}):\n  ${error.reason.zh}\n  ${error.reason.en}`,
  );
  process.exitCode = 1;
} finally {
  await store.close();
}
