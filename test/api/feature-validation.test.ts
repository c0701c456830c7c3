/**
 * Validation refuses features in the domain's words (`InvalidFeatures`), whoever asks — the editing
 * API, a scenario, the import — and only the HTTP edge makes a 400 problem of it. Each stage (shape,
 * PostGIS validity, the district's extent) names the field by its place in what was sent.
 */
import type { Request, Response } from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InvalidFeatures } from '../../server/features/errors.ts';
import { validateFeatures } from '../../server/features/validate-features.ts';
import { problemHandler } from '../../server/http/problem.ts';
import { applyPlan } from '../../server/import/write.ts';
import { findLayer } from '../../server/layers/registry.ts';
import type { Store } from '../../server/store/index.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';

const shelters = findLayer('shelters')!;
const zones = findLayer('risk_zones')!;
const SEAT = [119.12, 25.46];

const shelter = (coordinates: number[], properties: Record<string, unknown> = {}) => ({
  type: 'Feature',
  geometry: { type: 'Point', coordinates },
  properties: { name: '校验测试', grade: 'B', kind: 'emergency', capacity: 300, status: 'open', ...properties },
});

/** A bow tie: its ring crosses itself, which PostGIS calls a self-intersection. */
const bowTie = {
  type: 'Feature',
  geometry: {
    type: 'Polygon',
    coordinates: [
      [
        [119.1, 25.45],
        [119.12, 25.47],
        [119.12, 25.45],
        [119.1, 25.47],
        [119.1, 25.45],
      ],
    ],
  },
  properties: { name: '测试风险区', level: 2, hazard_type: 'flood' },
};

async function refusal(work: () => Promise<unknown>): Promise<InvalidFeatures> {
  const error = await work().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InvalidFeatures);
  return error as InvalidFeatures;
}

describe.each(backends())('validating features on the $name backend', (backend) => {
  let store: Store;
  beforeAll(async () => {
    store = await backend.open();
  });
  afterAll(() => store?.close());

  const options = { allowOutsideDistrict: false };

  it.each([
    {
      stage: 'not an object',
      layer: shelters,
      value: 5 as unknown,
      prefix: '',
      name: 'body',
      reason: /^must be a GeoJSON Feature \(or, to create several, a FeatureCollection\)$/,
    },
    {
      stage: 'not an object, inside a collection',
      layer: shelters,
      value: null as unknown,
      prefix: 'features[2]',
      name: 'features[2]',
      reason: /^must be a GeoJSON Feature/,
    },
    {
      stage: 'a field the layer does not have',
      layer: shelters,
      value: shelter(SEAT, { colour: 'red' }),
      prefix: 'proposed.shelters.features[0]',
      name: 'proposed.shelters.features[0].properties.colour',
      reason: /^is not a known field$/,
    },
    {
      stage: 'a ring that crosses itself',
      layer: zones,
      value: bowTie,
      prefix: '',
      name: 'geometry',
      reason: /^is not valid: /,
    },
    {
      stage: 'a point far outside the district',
      layer: shelters,
      value: shelter([100, 30]),
      prefix: 'features[0]',
      name: 'features[0].geometry',
      reason: /^position 100, 30 is far outside the district;.*allow_outside_district=true$/,
    },
  ])('refuses $stage as InvalidFeatures naming $name', async ({ layer, value, prefix, name, reason }) => {
    const error = await refusal(() => validateFeatures(store, layer, [{ value, prefix }], options));
    expect(error.problems).toHaveLength(1);
    expect(error.problems[0].name).toBe(name);
    expect(error.problems[0].reason).toMatch(reason);
    expect(error.message).toBe(`${error.problems[0].name}: ${error.problems[0].reason}`);
  });

  it('names every problem of a stage at once, and passes what it is told is meant', async () => {
    const far = shelter([100, 30]);
    const error = await refusal(() =>
      validateFeatures(
        store,
        shelters,
        [
          { value: far, prefix: 'features[0]' },
          { value: shelter(SEAT), prefix: 'features[1]' },
          { value: shelter([101, 31]), prefix: 'features[2]' },
        ],
        options,
      ),
    );
    expect(error.problems.map((p) => p.name)).toEqual(['features[0].geometry', 'features[2].geometry']);
    const [kept] = await validateFeatures(store, shelters, [{ value: far, prefix: '' }], {
      allowOutsideDistrict: true,
    });
    expect(kept.geometry).toEqual(far.geometry);
  });

  it('refuses an import in the same words, and writes nothing of it', async () => {
    const before = await storeDigest(store);
    const plan = {
      features: [shelter(SEAT), shelter([100, 30])].map(({ geometry, properties }) => ({ geometry, properties })),
      created: 2,
      updated: 0,
      unchanged: 0,
      statusGiven: null,
    } as Parameters<typeof applyPlan>[2];
    const error = await refusal(() => applyPlan(store, shelters, plan, { user: 'test', allowOutsideDistrict: false }));
    expect(error.problems.map((p) => p.name)).toEqual(['features[1].geometry']);
    expect(await storeDigest(store)).toEqual(before);
  });
});

describe('the HTTP edge', () => {
  it('sends a refusal as the 400 problem the editing API has always sent, at most 50 fields named', () => {
    const problems = Array.from({ length: 60 }, (_, i) => ({
      name: `features[${i}].geometry`,
      reason: 'is not valid',
    }));
    const sent: { status?: number; type?: string; body?: Record<string, unknown> } = {};
    const res = {
      status(code: number) {
        sent.status = code;
        return this;
      },
      type(type: string) {
        sent.type = type;
        return this;
      },
      json(body: Record<string, unknown>) {
        sent.body = body;
        return this;
      },
      set() {
        return this;
      },
    } as unknown as Response;
    problemHandler(
      new InvalidFeatures(problems),
      // No Accept-Language: Express then accepts the first language offered, English.
      { originalUrl: '/collections/shelters/items', acceptsLanguages: (...offered: string[]) => offered[0] } as Request,
      res,
      () => {},
    );
    expect(sent.status).toBe(400);
    expect(sent.type).toBe('application/problem+json');
    expect(sent.body).toMatchObject({ title: 'Invalid request', status: 400, instance: '/collections/shelters/items' });
    expect(sent.body?.['invalid-params']).toEqual(problems.slice(0, 50));
    expect(sent.body?.detail).toBe(
      problems
        .slice(0, 50)
        .map((p) => `${p.name}: ${p.reason}`)
        .join('; '),
    );
  });
});
