import { describe, expect, it } from 'vitest';
import { exportCsv } from '../../server/formats/layer-csv.ts';
import { importFile } from '../../server/import/index.ts';
import { findLayer } from '../../server/layers/registry.ts';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';

const embedded = backends().find((b) => b.name === 'embedded')!;

describe('what OneMap exports imports back unchanged', () => {
  const served = servedStore(() => embedded.open());

  /** The items endpoint as staff read it: the GeoJSON export. */
  const items = async (layer: string) => {
    const reply = await served.api.get(`/collections/${layer}/items?limit=10000`, staff);
    expect(reply.status).toBe(200);
    return reply.body;
  };

  it('shelters as CSV with Chinese headers and value labels', async () => {
    const layer = findLayer('shelters')!;
    const { features } = await items('shelters');
    const csv = exportCsv(layer, features);
    expect(csv.split('\r\n')[0]).toMatch(/^\uFEFF名称,记录状态,外部编号,数据来源,原始坐标系,等级,.*,经度,纬度$/);
    expect(csv).toContain('中心避难场所');
    const before = await storeDigest(served.store);
    const report = await importFile(served.store, Buffer.from(csv), {
      filename: 'shelters-export.csv',
      layer: 'shelters',
      user: 'test',
    });
    expect(report.rows).toEqual({ total: features.length, ok: features.length, withProblems: 0 });
    expect(report.result).toMatchObject({ written: true, created: 0, updated: 0, unchanged: features.length });
    expect(report.ignoredColumns).toEqual([]);
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  it.each(['shelters', 'depots', 'risk_zones'])('%s as GeoJSON from the items endpoint', async (id) => {
    const collection = await items(id);
    const before = await storeDigest(served.store);
    const report = await importFile(served.store, Buffer.from(JSON.stringify(collection)), {
      filename: `${id}.geojson`,
      layer: id,
      user: 'test',
    });
    expect(report.rows.withProblems).toBe(0);
    expect(report.result).toMatchObject({ created: 0, updated: 0, unchanged: collection.features.length });
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
  });

  it('and a change made in the exported sheet comes back as that one change', async () => {
    const layer = findLayer('shelters')!;
    const { features } = await items('shelters');
    const csv = exportCsv(layer, features).replace('涵江区人民公园,在用', '涵江区人民公园(东门),在用');
    const report = await importFile(served.store, Buffer.from(csv), {
      filename: 'edited.csv',
      layer: 'shelters',
      user: 'test',
    });
    expect(report.result).toMatchObject({ created: 0, updated: 1, unchanged: features.length - 1 });
    const { body } = await served.api.get(
      '/collections/shelters/items?name=%E6%B6%B5%E6%B1%9F%E5%8C%BA%E4%BA%BA%E6%B0%91%E5%85%AC%E5%9B%AD(%E4%B8%9C%E9%97%A8)',
      staff,
    );
    expect(body.features).toHaveLength(1);
    expect(body.features[0].properties).toMatchObject({ revision: 2, updated_by: 'test', grade: 'A', source: 'demo' });
  });
});
