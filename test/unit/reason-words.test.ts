/**
 * Every refusal the server words in English has its Chinese: the table's rows are checked one by one,
 * sentences a planner meets are put into Chinese as a reader would expect, zod's unworded checks say
 * the product's plain phrases, and the server's sources are walked for every reason, title and detail
 * written there, each of which must find a row. A new English message without its Chinese fails here.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ENGLISH_SHAPES, inChinese } from '../../server/http/reason-words.ts';
import { namedIssues } from '../../server/input/named-issues.ts';

const HAN = /\p{Script=Han}/u;

describe('the table', () => {
  it.each(ENGLISH_SHAPES.map((shape) => [shape]))('%s has Chinese with its variable parts', (shape) => {
    const sample = shape.replaceAll('{}', '7');
    const zh = inChinese(sample);
    expect(zh).not.toBe(sample);
    expect(zh).toMatch(HAN);
  });
});

describe('sentences a reader meets', () => {
  it.each([
    ['must be at least 0', '不得小于 0'],
    ['must be true or false', '须为 true 或 false'],
    ['must be one of open, closed, planned', '须为以下之一:open, closed, planned'],
    ['must be json or csv', '须为 json 或 csv'],
    [
      'must be application/json or application/merge-patch+json',
      '须为 application/json 或 application/merge-patch+json',
    ],
    ['every import worker is busy; try again in 3 s', '所有导入进程都在忙;请 3 秒后再试'],
    ['is not valid: Self-intersection[119.11 25.46]', '无效:自相交[119.11 25.46]'],
    ['There is no feature 8d3c in shelters.', 'shelters 中没有要素 8d3c。'],
    ['needs more memory to read than an import has', '读取所需的内存超出导入的限额'],
  ])('%s → %s', (english, zh) => {
    expect(inChinese(english)).toBe(zh);
  });

  it('leaves what no row says as it is', () => {
    expect(inChinese('a sentence nobody wrote')).toBe('a sentence nobody wrote');
    expect(inChinese('已是中文')).toBe('已是中文');
  });
});

describe("zod's unworded checks", () => {
  const schema = z.strictObject({
    capacity: z.number().min(0),
    name: z.string().min(1).max(3),
    kind: z.enum(['emergency', 'fixed']),
    id: z.uuid(),
    count: z.int(),
  });
  const reasons = () =>
    Object.fromEntries(
      namedIssues(
        '',
        schema.safeParse({ capacity: -1, name: 'abcd', kind: 'x', id: 'no', count: 1.5, extra: 1 }).error?.issues ?? [],
      ).map((p) => [p.name, p.reason]),
    );

  it('say the plain phrases, each of which has its Chinese', () => {
    const said = reasons();
    expect(said).toEqual({
      capacity: 'must be at least 0',
      name: 'must have at most 3 characters',
      kind: 'must be one of emergency, fixed',
      id: 'must be a UUID',
      count: 'must be a whole number',
      extra: 'is not a known field',
    });
    for (const reason of Object.values(said)) expect(inChinese(reason)).toMatch(HAN);
  });

  it('say "is required" for a missing field', () => {
    const issues = schema.safeParse({}).error?.issues ?? [];
    expect(namedIssues('', issues).find((p) => p.name === 'capacity')?.reason).toBe('is required');
  });
});

/** A string literal, quoted any of the three ways, as it is written in the source. */
const STRING = String.raw`('(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|\`(?:[^\`\\]|\\.)*\`)`;

/** Where the server writes a reason, a title or a detail. */
const PLACES = [
  `reason: ${STRING}`,
  `message(?::| =) ${STRING}`,
  String.raw`invalidParam\([^,()]+,\s*${STRING}`,
  `error: ${STRING}`,
  String.raw`\.(?:min|max|int|positive|nonnegative|regex|refine|length)\((?:[^'"\`\n]*?,\s*)?${STRING}\s*\)`,
  String.raw`new HttpProblem\(\s*\d+,\s*${STRING},\s*${STRING}`,
  String.raw`new (?:DemRefused|CameraUnfit|ImportUnavailable)\((?:[^,]+,\s*)?${STRING}`,
  String.raw`super\(\s*${STRING}`,
  String.raw`notFound\(${STRING}`,
  String.raw`unauthorized\(res, ${STRING}`,
  String.raw`\?\s*${STRING}\s*:\s*${STRING}\s*,?\s*\)`,
  `const NAME_RULE = ${STRING}`,
].map((p) => new RegExp(p, 'g'));

/** Files whose job is to word why something is refused: every string they return is a reason. */
const WORDING = ['server/input/plain-text.ts', 'server/incidents/timeline.ts', 'server/routing/road-input.ts'];
const RETURNED = new RegExp(`return ${STRING}`, 'g');

/**
 * Literals found in those places that are not sentences: the edge's own joins of a field and its
 * reason (said again from the table's rows), content types, and the words the scorecard and the
 * district report already keep in both languages.
 */
const NOT_SENTENCES = new Set([
  '7: 7',
  'body: 7',
  'body: is larger than the server accepts',
  'body: must be UTF-8 JSON',
  'body: must be multipart/form-data',
  'application/pdf',
  'image/png',
  'text/html; charset=utf-8',
  'late',
  'met',
  '"7-public"',
  ' (comma-separated).',
  ' Signed-in users only.',
  'No demo data is left',
  'dry run: rolled back',
  'code from 7',
  'name from 7',
  'Note: 7',
  ' (7 more planned)',
  ', 7 in the target',
  ', 7 now',
  'the area is smaller than the grid can measure',
  '7; try again in 7 s',
  ' with 7',
  // Codes, not sentences: the edge words them from their own tables.
  'all_roads_closed',
  'sectors',
  'dem7',
  'no_roads',
  'from',
  'to',
  ', 7% of residents within 7 hours',
]);

function* sources(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sources(path);
    else if (path.endsWith('.ts')) yield path;
  }
}

/** The literal as the sentence it makes, its `${…}` parts as a sample value. */
function sentenceOf(literal: string): string {
  const body = literal.slice(1, -1).replace(/\$\{(?:[^{}]|\{[^{}]*\})*\}/g, '7');
  return literal.startsWith('`') ? body : body.replace(/\\(.)/g, '$1');
}

function writtenMessages(): [string, string][] {
  const found = new Map<string, string>();
  // The import words its own sentences in both languages where it makes them (server/import/said.ts).
  for (const file of sources('server')) {
    if (file.startsWith(join('server', 'import'))) continue;
    const text = readFileSync(file, 'utf8');
    const places = WORDING.includes(file) ? [...PLACES, RETURNED] : PLACES;
    for (const re of places)
      for (const m of text.matchAll(re))
        for (const literal of m.slice(1)) {
          const sentence = literal && sentenceOf(literal);
          if (sentence && /[A-Za-z]{2}/.test(sentence) && !HAN.test(sentence) && !NOT_SENTENCES.has(sentence))
            found.set(literal, file);
        }
  }
  return [...found].sort();
}

describe('the server sources', () => {
  const written = writtenMessages();

  it('are found to word many refusals', () => {
    expect(written.length).toBeGreaterThan(150);
  });

  it.each(written)('%s (%s) is said in Chinese', (literal) => {
    expect(inChinese(sentenceOf(literal))).toMatch(HAN);
  });
});
