import { rmSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { findLayer } from '../../server/layers/registry.ts';
import { openStore } from '../../server/store/index.ts';
import { embeddedCopy } from '../support/backends.ts';

describe('the embedded store across a restart', () => {
  const dir = embeddedCopy();
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps what was written and does not migrate twice', async () => {
    const shelters = findLayer('shelters')!;
    const first = await openStore({ dataDir: dir });
    const before = await first.summarize(shelters);
    const [id] = await first.insertFeatures(
      shelters,
      [
        {
          geometry: { type: 'Point', coordinates: [119.1, 25.5] },
          properties: { name: '重启测试避难场所' },
        },
      ],
      { user: 'test' },
    );
    await first.close();

    const second = await openStore({ dataDir: dir });
    try {
      expect((await second.summarize(shelters)).count).toBe(before.count + 1);
      const kept = await second.getItem(shelters, id, 'public');
      expect(kept?.properties?.name).toBe('重启测试避难场所');
      expect(kept?.geometry).toEqual({ type: 'Point', coordinates: [119.1, 25.5] });
      expect(await second.getMeta('dataset')).toMatchObject({ demo: true });
    } finally {
      await second.close();
    }
  });
});
