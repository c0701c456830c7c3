import { describe, expect, it } from 'vitest';
import { fitFrame } from '../../server/exports/mercator.ts';
import { formatDistance, scaleBarLength } from '../../server/exports/scale-bar.ts';
import { guardFormula, unguardFormula } from '../../server/formats/spreadsheet-cell.ts';

describe('the scale bar', () => {
  it('takes the longest 1, 2 or 5 × 10ⁿ metres that fits', () => {
    expect(scaleBarLength(100, 154)).toEqual({ metres: 10_000, units: 100 }); // 15.4 km fit
    expect(scaleBarLength(100, 99)).toEqual({ metres: 5000, units: 50 });
    expect(scaleBarLength(10, 30)).toEqual({ metres: 200, units: 20 });
    expect(scaleBarLength(1, 19.9).metres).toBe(10);
  });

  it('is true to the ground at the map’s latitude', () => {
    // 1° of longitude at 25.6°N is 111.32 km × cos(25.6°) ≈ 100.4 km.
    const frame = fitFrame([119, 25.5, 120, 25.7], { x: 0, y: 0, width: 1000, height: 1000 }, 0);
    const units = frame.toPage([120, 25.6])[0] - frame.toPage([119, 25.6])[0];
    expect((units * frame.groundPerUnit) / 1000).toBeCloseTo(100.4, 0);
  });

  it('labels distances in 米 and 公里', () => {
    expect(formatDistance(500)).toBe('500 米');
    expect(formatDistance(2000)).toBe('2 公里');
    expect(formatDistance(2500)).toBe('2.5 公里');
  });
});

describe('the spreadsheet formula guard', () => {
  it('puts an apostrophe before what a spreadsheet would run', () => {
    expect(guardFormula('=SUM(A1:A9)')).toBe("'=SUM(A1:A9)");
    expect(guardFormula('@cmd')).toBe("'@cmd");
    expect(guardFormula('涵江区人民公园')).toBe('涵江区人民公园');
  });

  it.each(['=1+2', '+86 0594', '-5', '@x', '\tx', "'=x", "''-x", "'plain", 'plain', ''])(
    'takes exactly that apostrophe off again: %j',
    (text) => {
      expect(unguardFormula(guardFormula(text))).toBe(text);
    },
  );
});
