/**
 * Navigation links for 高德 and 百度. The GCJ-02 offset is held to the `gcoord` package (the converter
 * the import already trusts) over the five plan districts and China's corners; the links carry 高德
 * the offset position and 百度 the true one with `coord_type=wgs84`.
 */
import gcoordModule from 'gcoord';
import { describe, expect, it } from 'vitest';
import { wgs84ToGcj02 } from '../../catalog/gcj02.ts';
import { navigationLinks } from '../../catalog/navigation.ts';

type Gcoord = typeof gcoordModule.default;
const gcoord: Gcoord = (gcoordModule as unknown as { default?: Gcoord }).default ?? (gcoordModule as unknown as Gcoord);

describe('GCJ-02 offset', () => {
  it.each([
    ['涵江', [119.12, 25.46]],
    ['昌邑', [126.57, 43.88]],
    ['马尾', [119.45, 26.0]],
    ['平阳', [120.56, 27.66]],
    ['武江', [113.57, 24.8]],
    ['漠河', [122.53, 52.97]],
    ['喀什', [75.99, 39.47]],
    ['三亚', [109.51, 18.25]],
  ])('gives gcoord’s GCJ-02 position at %s', (_name, at) => {
    const theirs = gcoord.transform(at as [number, number], gcoord.WGS84, gcoord.GCJ02) as number[];
    const ours = wgs84ToGcj02(at);
    expect(Math.abs(ours[0] - theirs[0])).toBeLessThan(1e-7);
    expect(Math.abs(ours[1] - theirs[1])).toBeLessThan(1e-7);
    // And it is an offset worth making: hundreds of metres, not a rounding.
    expect(Math.hypot(ours[0] - at[0], ours[1] - at[1])).toBeGreaterThan(0.001);
  });

  it('leaves a place outside China as it is', () => {
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
  });
});

describe('navigation links', () => {
  const team = { at: [119.1, 25.45], name: '涵江蓝天救援队' };
  const incident = { at: [119.12, 25.46], name: '事发点' };

  it('hands 高德 the GCJ-02 positions, by car', () => {
    const url = new URL(navigationLinks(team, incident, 'car').amap);
    expect(url.origin + url.pathname).toBe('https://uri.amap.com/navigation');
    const [lon, lat, name] = String(url.searchParams.get('to')).split(',');
    const [gLon, gLat] = gcoord.transform([119.12, 25.46], gcoord.WGS84, gcoord.GCJ02) as number[];
    expect(Number(lon)).toBeCloseTo(gLon, 6);
    expect(Number(lat)).toBeCloseTo(gLat, 6);
    expect(name).toBe('事发点');
    expect(url.searchParams.get('mode')).toBe('car');
    expect(url.searchParams.get('coordinate')).toBe('gaode');
  });

  it('hands 百度 the true positions, latitude first, said to be WGS 84, on foot', () => {
    const links = navigationLinks(incident, team, 'walk');
    for (const link of [links.baidu, links.baiduWeb]) {
      const params = new URL(link).searchParams;
      expect(params.get('coord_type')).toBe('wgs84');
      expect(params.get('mode')).toBe('walking');
      expect(params.get('origin')).toBe('name:事发点|latlng:25.460000,119.120000');
      expect(params.get('destination')).toBe('name:涵江蓝天救援队|latlng:25.450000,119.100000');
    }
    expect(links.baidu.startsWith('baidumap://map/direction?')).toBe(true);
    expect(links.baiduWeb.startsWith('https://api.map.baidu.com/direction?')).toBe(true);
  });

  it.each([["涵江 (北) 救援队 & 'A'~*"], ['100% 安全!'], ['a+b=c']])(
    'writes the query of a name like %s as URLSearchParams does',
    (name) => {
      const link = navigationLinks({ at: [119.1, 25.45], name }, incident, 'car').amap;
      const query = link.slice(link.indexOf('?') + 1);
      const [lon, lat] = (new URL(link).searchParams.get('from') ?? '').split(',');
      const expected = new URLSearchParams({
        from: `${lon},${lat},${name}`,
        to: new URL(link).searchParams.get('to') ?? '',
        mode: 'car',
        coordinate: 'gaode',
        callnative: '1',
      });
      expect(query).toBe(expected.toString());
    },
  );
});
