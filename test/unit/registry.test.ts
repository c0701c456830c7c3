import { describe, expect, it } from 'vitest';
import { allFields, INTERNAL_NAMES, layers, withoutInternal } from '../../server/layers/registry.ts';

describe('the layer registry', () => {
  it('never calls a field public in one layer and internal in another', () => {
    const publicNames = new Set(
      layers.flatMap((l) =>
        allFields(l)
          .filter((f) => f.visibility === 'public')
          .map((f) => f.name),
      ),
    );
    expect([...INTERNAL_NAMES].filter((name) => publicNames.has(name))).toEqual([]);
  });

  it('labels every field and every enumerated value in Chinese and English', () => {
    for (const layer of layers) {
      for (const field of allFields(layer)) {
        expect(field.label.zh, `${layer.id}.${field.name}`).toMatch(/[\u4e00-\u9fff]/);
        expect(field.label.en, `${layer.id}.${field.name}`).toMatch(/^[A-Z]/);
        for (const [value, label] of Object.entries(field.values ?? {})) {
          expect(label.zh, `${layer.id}.${field.name}=${value}`).toMatch(/[\u4e00-\u9fff]/);
          expect(label.en, `${layer.id}.${field.name}=${value}`).not.toBe('');
        }
      }
    }
  });

  const writableIntegers = layers.flatMap((layer) =>
    allFields(layer)
      .filter((f) => f.type === 'integer' && !f.managed)
      .map((f) => [`${layer.id}.${f.name}`, f] as const),
  );

  it.each(writableIntegers)('bounds %s within PostgreSQL integer (int4)', (_name, field) => {
    expect(field.min).toBeGreaterThanOrEqual(-(2 ** 31));
    expect(field.max).toBeLessThanOrEqual(2 ** 31 - 1);
  });

  it('bounds a field only by another numeric field of the same layer', () => {
    for (const layer of layers) {
      const fields = allFields(layer);
      for (const field of fields.filter((f) => f.atMost)) {
        const bound = fields.find((f) => f.name === field.atMost);
        expect(bound?.type, `${layer.id}.${field.name}`).toMatch(/^(integer|number)$/);
      }
    }
  });

  it('strips internal properties from features however deeply they are nested', () => {
    const nested = {
      results: [{ feature: { type: 'Feature', geometry: null, properties: { name: '库', phone: '1', stock: [] } } }],
      phone: 'kept: not a feature property',
    };
    expect(withoutInternal(nested)).toEqual({
      results: [{ feature: { type: 'Feature', geometry: null, properties: { name: '库' } } }],
      phone: 'kept: not a feature property',
    });
  });
});
