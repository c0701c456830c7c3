import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../../server/http/problem.ts';
import { findLayer } from '../../server/layers/registry.ts';
import { PAGING, parseBbox, parseItemsQuery } from '../../server/routes/items-query.ts';

const shelters = findLayer('shelters')!;
const depots = findLayer('depots')!;

function problemOf(run: () => unknown): HttpProblem {
  try {
    run();
  } catch (error) {
    if (error instanceof HttpProblem) return error;
    throw error;
  }
  throw new Error('expected a problem');
}

describe('parseItemsQuery', () => {
  it('defaults to the first page of the default size', () => {
    const q = parseItemsQuery(shelters, {}, 'public');
    expect(q).toMatchObject({ limit: PAGING.defaultLimit, offset: 0, filters: [], bbox: undefined });
  });

  it('caps the limit at the maximum instead of refusing it', () => {
    expect(parseItemsQuery(shelters, { limit: '1000000' }, 'public').limit).toBe(PAGING.maxLimit);
  });

  it('parses enum lists, booleans and integers into typed values', () => {
    const q = parseItemsQuery(shelters, { grade: 'A,B', standardised: 'false' }, 'public');
    expect(q.filters.map((f) => [f.field.name, f.values])).toEqual([
      ['grade', ['A', 'B']],
      ['standardised', [false]],
    ]);
    const zones = parseItemsQuery(findLayer('risk_zones')!, { level: ['1', '2'] }, 'public');
    expect(zones.filters[0].values).toEqual([1, 2]);
  });

  it('keeps commas inside free-text values', () => {
    const q = parseItemsQuery(shelters, { name: '甲,乙广场' }, 'public');
    expect(q.filters[0].values).toEqual(['甲,乙广场']);
  });

  it('lets staff, and only staff, filter by internal fields', () => {
    expect(parseItemsQuery(depots, { item: '帐篷' }, 'internal').filters[0].values).toEqual(['帐篷']);
    expect(problemOf(() => parseItemsQuery(depots, { item: '帐篷' }, 'public')).status).toBe(401);
  });

  it('names the parameter it refuses', () => {
    const p = problemOf(() => parseItemsQuery(shelters, { grade: 'D' }, 'public'));
    expect(p.status).toBe(400);
    expect(p.invalidParams).toEqual([{ name: 'grade', reason: expect.stringContaining('A, B, C') }]);
  });
});

describe('parseBbox', () => {
  it('reads four numbers, or six with heights', () => {
    expect(parseBbox('118.9,25.4,119.2,25.7')).toEqual([118.9, 25.4, 119.2, 25.7]);
    expect(parseBbox('118.9,25.4,0,119.2,25.7,100')).toEqual([118.9, 25.4, 119.2, 25.7]);
  });

  it('explains a box given latitude first', () => {
    const p = problemOf(() => parseBbox('25.4,118.9,25.7,119.2'));
    expect(p.message).toMatch(/latitude 118.9 is outside/);
    expect(p.message).toMatch(/minLon,minLat,maxLon,maxLat/);
  });

  it.each(['1,2,3', '1,2,3,4,5', 'a,b,c,d', '1,2,3,', '0x10,1,2,3', 'Infinity,1,2,3'])('refuses %s', (raw) => {
    expect(problemOf(() => parseBbox(raw)).invalidParams[0].name).toBe('bbox');
  });
});
