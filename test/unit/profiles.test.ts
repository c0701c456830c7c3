/**
 * The district profiles (data/profiles): every target is an indicator the scorecard measures or is
 * listed as unmeasured, every citation quotes words its plan holds on the lines it names (the oracle is
 * the plan's text, read here line by line), targets a plan does not set say so, and the codes are
 * those of the README's table. A profile is chosen by code or by path; a broken one is refused naming
 * the field.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_ROAD_SPEEDS_KMH, DEFAULT_WALK_KMH, ROAD_CLASSES } from '../../catalog/road-classes.ts';
import { INDICATORS } from '../../server/analysis/scorecard-indicators.ts';
import { configFromEnv } from '../../server/config.ts';
import { loadProfile, profileMismatch, shippedProfiles } from '../../server/profile.ts';

const MEASURED = new Set(INDICATORS.map((i) => i.id));

interface Cited {
  value: number | null;
  source?: string;
  quote?: string;
  standard?: string;
  note?: string;
}

const shipped = shippedProfiles().map(({ path, profile }) => ({
  file: path.slice(path.lastIndexOf('/') + 1),
  name: profile.name.zh,
  profile,
}));
/** One row per profile, named by its district, for it.each. */
const byDistrict = shipped.map((s) => [s.name, s] as const);
const CITATION = /^(\d{3}_[0-9a-f]{16}\.txt):(\d+)(?:-(\d+))?$/;
const planLines = (file: string) =>
  readFileSync(new URL(`../../data/profiles/plans/${file}`, import.meta.url), 'utf8').split('\n');

/** The README's table of profiles: code, profile file and plan file of each district. */
function readmeTable(): { code: string; file: string; plan: string }[] {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  const row = /^\| [^|]+ \| `(\d{6})` \| `data\/profiles\/([a-z]+\.json)` \| `(\d{3}_[0-9a-f]{16}\.txt)` \|/;
  return readme
    .split('\n')
    .map((line) => row.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([, code, file, plan]) => ({ code, file, plan }));
}

const targets = shipped.flatMap(({ name, profile }) =>
  Object.entries(profile.targets).map(
    ([id, target]) => [`${name} ${id}`, { id, profile, target: target as Cited }] as const,
  ),
);

describe('the five profiles', () => {
  it('are the five districts whose plans data/profiles/plans holds', () => {
    expect(shipped.map((s) => s.profile.code).sort()).toEqual(['220202', '330326', '350105', '350303', '440203']);
  });

  it.each(byDistrict)("%s's code and files are the README table's", (_name, { file, profile }) => {
    const table = readmeTable();
    expect(table).toHaveLength(shipped.length);
    expect(table.find((r) => r.code === profile.code)).toEqual({ code: profile.code, file, plan: profile.plan?.file });
  });

  it.each(byDistrict)('%s sets a target, a standard or "none" for every indicator', (_name, { profile }) => {
    for (const id of MEASURED) expect(profile.targets[id], id).toBeDefined();
  });

  it.each(byDistrict)("%s's thresholds agree with its targets and say where they come from", (_name, { profile }) => {
    for (const key of ['shelter', 'fire', 'relief']) expect(profile.basis?.[key], key).toMatch(/规划|标准|假设/);
    expect(profile.relief.limit_hours).toBe(profile.targets.relief_hours.value);
    expect(profile.fire.response_minutes).toBe(profile.targets.fire_response.value);
  });

  it.each(byDistrict)("%s's unmeasured targets are targets the scorecard does not know", (_name, { profile }) => {
    const unmeasured = Object.keys(profile.unmeasured);
    expect(unmeasured.length).toBeGreaterThan(0);
    for (const id of unmeasured) {
      expect(profile.targets[id], id).toBeDefined();
      expect(MEASURED.has(id), id).toBe(false);
    }
  });
});

describe('each target', () => {
  it.each(targets)('%s is a known indicator or listed as unmeasured', (_name, { id, profile }) => {
    expect(MEASURED.has(id), id).not.toBe(id in profile.unmeasured);
  });

  it.each(targets)(
    '%s cites its plan, a national standard, or says the plan sets none',
    (_name, { profile, target }) => {
      if (target.source !== undefined) {
        const cited = CITATION.exec(target.source);
        expect(cited, target.source).not.toBeNull();
        const [, file, from, to = from] = cited as RegExpExecArray;
        expect(file).toBe(profile.plan?.file);
        const lines = planLines(file);
        expect(Number(from)).toBeGreaterThanOrEqual(1);
        expect(Number(to)).toBeLessThanOrEqual(lines.length);
        expect(Number(to) - Number(from)).toBeGreaterThanOrEqual(0);
        expect(Number(to) - Number(from)).toBeLessThanOrEqual(8);
        const text = lines.slice(Number(from) - 1, Number(to)).join('\n');
        expect(target.quote?.trim()).toBeTruthy();
        for (const words of (target.quote as string).split(' … ')) expect(text).toContain(words);
      } else if (target.standard !== undefined) {
        expect(target.standard).toMatch(/GB|建标/);
        expect(target.value).not.toBeNull();
        expect(target.note).toMatch(/规划未设/);
      } else {
        expect(target.value).toBeNull();
        expect(target.note).toMatch(/规划未设/);
      }
    },
  );
});

describe('choosing a profile', () => {
  it.each(byDistrict)('ONEMAP_PROFILE chooses %s by its code or its path', (_name, { file, profile }) => {
    expect(configFromEnv({ ONEMAP_PROFILE: profile.code }).app.profile).toEqual(profile);
    expect(configFromEnv({ ONEMAP_PROFILE: `data/profiles/${file}` }).profile).toEqual(profile);
  });

  it('is left to the store’s district when none is chosen, the demo district’s by default', () => {
    expect(configFromEnv({}).profile).toBeUndefined();
    expect(loadProfile().code).toBe('350303');
  });

  it('refuses a code no profile has, naming the codes there are', () => {
    expect(() => loadProfile('110101')).toThrow(/110101.*350303 \(涵江区\).*440203 \(武江区\)/);
  });

  const dir = mkdtempSync(join(tmpdir(), 'onemap-profile-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const hanjiang = JSON.parse(readFileSync(new URL('../../data/profiles/hanjiang.json', import.meta.url), 'utf8'));
  it.each([
    ['code', { ...hanjiang, code: '3503' }],
    [
      'targets.broadcast_coverage.comparison',
      { ...hanjiang, targets: { broadcast_coverage: { value: 90, unit: '%', comparison: '≥' } } },
    ],
    ['relief.limit_hours', { ...hanjiang, relief: { limit_hours: 0, speed_kmh: 40 } }],
    ['unmeasured.x', { ...hanjiang, unmeasured: { x: '' } }],
    [
      'roads.speeds_kmh.village',
      { ...hanjiang, roads: { ...hanjiang.roads, speeds_kmh: { ...hanjiang.roads.speeds_kmh, village: 0 } } },
    ],
    [
      'roads.speeds_kmh.county',
      { ...hanjiang, roads: { ...hanjiang.roads, speeds_kmh: { ...hanjiang.roads.speeds_kmh, county: 500 } } },
    ],
    ['roads.speeds_kmh.expressway', { ...hanjiang, roads: { ...hanjiang.roads, speeds_kmh: { village: 20 } } }],
    [
      'roads.speeds_kmh',
      { ...hanjiang, roads: { ...hanjiang.roads, speeds_kmh: { ...hanjiang.roads.speeds_kmh, motorway: 100 } } },
    ],
    ['roads.walk_kmh', { ...hanjiang, roads: { ...hanjiang.roads, walk_kmh: -1 } }],
  ])('refuses a profile whose %s is wrong, naming it', (field, broken) => {
    const path = join(dir, `${field}.json`);
    writeFileSync(path, JSON.stringify(broken));
    expect(() => loadProfile(path)).toThrow(`"${field}"`);
  });
});

describe('travel on roads', () => {
  it.each(byDistrict)(
    '%s sets a speed for every road class and says where the speeds come from',
    (_name, { profile }) => {
      expect(Object.keys(profile.roads.speeds_kmh).sort()).toEqual([...ROAD_CLASSES].sort());
      expect(profile.roads.walk_kmh).toBeGreaterThan(0);
      expect(profile.basis?.roads).toMatch(/JTG B01-2014.*假设/);
    },
  );

  it('loads a profile written before roads, with the default speeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'onemap-profile-roads-'));
    try {
      const { roads: _, ...older } = JSON.parse(
        readFileSync(new URL('../../data/profiles/hanjiang.json', import.meta.url), 'utf8'),
      );
      writeFileSync(join(dir, 'older.json'), JSON.stringify(older));
      expect(loadProfile(join(dir, 'older.json')).roads).toEqual({
        speeds_kmh: DEFAULT_ROAD_SPEEDS_KMH,
        walk_kmh: DEFAULT_WALK_KMH,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a profile and the stored district', () => {
  it('says when the store holds no district yet, naming the profile', async () => {
    const empty = { listItems: async () => ({ features: [], numberMatched: 0 }) };
    expect(await profileMismatch(empty, loadProfile('330326'))).toMatch(/no district.*平阳县 \(330326\)/);
  });
});
