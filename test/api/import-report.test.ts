import { describe, expect, it } from 'vitest';
import { backends } from '../support/backends.ts';
import { storeDigest } from '../support/checksum.ts';
import { servedStore, staff } from '../support/http.ts';

/**
 * What the web import panel reads from `POST /import/{layer}`: the file's columns with sample values
 * and every field a column can fill, rows outside the district marked in the preview and written
 * when allowed, a mapping the server refuses named at `map`, and every refusal and row problem in
 * the language the client asks for (English unless it asks for Chinese).
 */

/** A bureau's sheet with traditional headers: two rows in 涵江, one that is not a number, one far east of it. */
const SHEET = [
  '名稱,經度,緯度,容納人數,備註',
  '報告測試甲避難場所,119.1302,25.4671,3200,新建',
  '報告測試乙避難場所,119.0801,25.4905,abc,',
  '報告測試丙避難場所,119.9000,25.4500,900,位置待核',
].join('\n');
const WITHOUT_BAD_ROW = SHEET.split('\n')
  .filter((line) => !line.includes('abc'))
  .join('\n');

/** Neither a zip nor a workbook: a PNG's first bytes under a spreadsheet's name. */
const PICTURE = Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex');

describe.each(backends())('the import report for the web panel, on the $name backend', (backend) => {
  const served = servedStore(() => backend.open());

  async function upload(query: string, body: string | Buffer, language?: string) {
    const headers: Record<string, string> = { 'content-type': 'application/octet-stream', ...staff };
    if (language) headers['accept-language'] = language;
    const response = await fetch(`${served.api.url}/import/shelters?${query}`, {
      method: 'POST',
      headers,
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    return { status: response.status, body: await response.json() };
  }

  async function unchanged<T>(work: () => Promise<T>): Promise<T> {
    const before = await storeDigest(served.store);
    const result = await work();
    expect((await storeDigest(served.store)).digest).toBe(before.digest);
    return result;
  }

  it('lists every column with sample values, every field a column can fill, and what each column fills', async () => {
    const reply = await upload('filename=sheet.csv&dry_run=true&allow_outside_district=true', WITHOUT_BAD_ROW);
    expect(reply.status).toBe(200);
    expect(reply.body.columns).toEqual([
      { name: '名稱', samples: ['報告測試甲避難場所', '報告測試丙避難場所'] },
      { name: '經度', samples: ['119.1302', '119.9000'] },
      { name: '緯度', samples: ['25.4671', '25.4500'] },
      { name: '容納人數', samples: ['3200', '900'] },
      { name: '備註', samples: ['新建', '位置待核'] },
    ]);
    expect(reply.body.mapping).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ column: '名稱', target: 'name' }),
        expect.objectContaining({ column: '容納人數', target: 'capacity' }),
      ]),
    );
    expect(reply.body.targets).toContainEqual({ name: 'name', label: { zh: '名称', en: 'Name' }, required: true });
    expect(reply.body.targets).toContainEqual({
      name: 'address',
      label: { zh: '地址', en: 'Address' },
      required: false,
    });
    // What the server keeps is not offered: a column cannot fill the revision or the township.
    const names = reply.body.targets.map((t: { name: string }) => t.name);
    expect(names).not.toContain('revision');
    expect(names).not.toContain('township');
  });

  it('marks the rows outside the district in the preview, and writes them when allowed, the warning kept', async () => {
    const refused = await unchanged(() => upload('filename=sheet.csv', WITHOUT_BAD_ROW));
    expect(refused.status).toBe(422);
    expect(refused.body.report.problems).toEqual([
      {
        row: 3,
        column: '經度/緯度',
        reason: expect.stringMatching(/outside the district.*allow_outside_district=true/),
      },
    ]);
    const outside = (report: { preview: { features: Array<{ properties: { row: number; outside: boolean } }> } }) =>
      report.preview.features.filter((f) => f.properties.outside).map((f) => f.properties.row);
    expect(outside(refused.body.report)).toEqual([3]);

    const written = await upload('filename=sheet.csv&allow_outside_district=true', WITHOUT_BAD_ROW);
    expect(written.status).toBe(200);
    expect(written.body.result).toMatchObject({ written: true, created: 2 });
    expect(written.body.warnings).toContainEqual(
      expect.stringMatching(/1 rows lie outside the district's bounds \(rows 3\)/),
    );
    expect(outside(written.body)).toEqual([3]);
    const stored = await served.api.get(`/collections/shelters/items?name=${encodeURIComponent('報告測試丙避難場所')}`);
    expect(stored.body.features[0].geometry.coordinates).toEqual([119.9, 25.45]);
  });

  it.each([
    [
      'no Accept-Language',
      undefined,
      /^file: is not a zip archive, as a \.xlsx file must be$/,
      'Cannot import this file',
    ],
    ['English', 'en', /^file: is not a zip archive, as a \.xlsx file must be$/, 'Cannot import this file'],
    ['Chinese', 'zh-CN,zh;q=0.9,en;q=0.5', /^file: 不是 zip 压缩包,而 \.xlsx 文件必须是$/, '无法导入此文件'],
  ])('refuses a file that is not a spreadsheet in the language asked (%s)', async (_, language, detail, title) => {
    const reply = await unchanged(() => upload('filename=避难场所.xlsx', PICTURE, language));
    expect(reply.status).toBe(400);
    expect(reply.body.title).toBe(title);
    expect(reply.body.detail).toMatch(detail);
    expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: reply.body.detail.slice('file: '.length) }]);
  });

  it.each([
    [
      'en',
      /^row 3: 容納人數$/,
      '"abc" is not a number',
      /position 119\.9, 25\.45 is more than 0\.2° outside/,
      /^2 rows have problems/,
    ],
    ['zh', /^row 3: 容納人數$/, '“abc”不是数字', /位置 119\.9, 25\.45 在辖区外超过 0\.2°/, /^2 行有问题/],
  ])(
    'names each row problem in the language asked (%s), and writes nothing',
    async (language, name, reason, outside, why) => {
      const reply = await unchanged(() => upload('filename=sheet.csv', SHEET, language));
      expect(reply.status).toBe(422);
      expect(reply.body['invalid-params']).toContainEqual({ name: expect.stringMatching(name), reason });
      expect(reply.body['invalid-params']).toContainEqual({
        name: 'row 4: 經度/緯度',
        reason: expect.stringMatching(outside),
      });
      expect(reply.body.detail).toMatch(why);
      expect(reply.body.title).toBe(language === 'zh' ? '导入被拒绝' : 'Import refused');
      // The report's decisions are said in the same language.
      expect(reply.body.report.decisions).toContainEqual(
        language === 'zh'
          ? expect.stringMatching(/^经度取自 經度 列/)
          : expect.stringMatching(/^longitude from column 經度/),
      );
    },
  );

  it.each([
    ['en', /^columns 名稱 and 備註 both name name; a field takes one column$/],
    ['zh', /^列 名稱 和 備註 都对应到 name;一个字段只能取一列$/],
  ])('refuses two columns mapped to one field, naming map (%s)', async (language, reason) => {
    const map = encodeURIComponent('名稱=name,備註=name');
    const reply = await unchanged(() => upload(`filename=sheet.csv&dry_run=true&map=${map}`, SHEET, language));
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params']).toEqual([{ name: 'map', reason: expect.stringMatching(reason) }]);
  });

  it.each([
    ['en', /^"notes" is not a field of shelters \(fields: name, /],
    ['zh', /^“notes”不是 shelters 的字段\(字段:name, /],
  ])('refuses a mapping to a field the layer does not have, naming map (%s)', async (language, reason) => {
    const map = encodeURIComponent('備註=notes');
    const reply = await unchanged(() => upload(`filename=sheet.csv&dry_run=true&map=${map}`, SHEET, language));
    expect(reply.status).toBe(400);
    expect(reply.body['invalid-params']).toEqual([{ name: 'map', reason: expect.stringMatching(reason) }]);
  });

  it('refuses a file over a limit with 413 in the language asked', async () => {
    const header = Array.from({ length: 600 }, (_, i) => `c${i}`).join(',');
    const reply = await unchanged(() => upload('filename=wide.csv', `${header}\n${'1,'.repeat(599)}1\n`, 'zh'));
    expect(reply.status).toBe(413);
    expect(reply.body.title).toBe('文件太大,无法导入');
    expect(reply.body['invalid-params']).toEqual([{ name: 'file', reason: '第 1 行有 600 列;最多读取 500 列' }]);
  });
});
