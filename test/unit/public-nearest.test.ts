import { describe, expect, it } from 'vitest';
import { nearestOpenShelter, nearestOpenShelters, type ShelterPoint } from '../../client/public/nearest.ts';

const shelter = (id: string, at: [number, number], status: ShelterPoint['status'], free_places: number | null) => ({
  id,
  at,
  status,
  free_places,
});

describe('the nearest open shelter on the public map', () => {
  const from: [number, number] = [119.1, 25.5];

  it('skips closed shelters, full ones and those without a status, however near', () => {
    const shelters = [
      shelter('closed', [119.1001, 25.5], 'closed', 500),
      shelter('full', [119.1002, 25.5], 'open', 0),
      shelter('unknown', [119.1003, 25.5], null, null),
      shelter('far', [119.2, 25.5], 'open', 1),
    ];
    const found = nearestOpenShelter(from, shelters);
    expect(found?.shelter.id).toBe('far');
    // 0.1° of longitude at 25.5°N on Turf's sphere.
    expect(found?.km).toBeCloseTo(10.04, 2);
  });

  it('breaks a tie by id, so every reader gets the same answer', () => {
    // Two shelters on one site (a school's hall and its playground, say).
    const second = shelter('b', [119.11, 25.5], 'open', 10);
    const first = shelter('a', [119.11, 25.5], 'open', 10);
    expect(nearestOpenShelter(from, [second, first])?.shelter.id).toBe('a');
    expect(nearestOpenShelter(from, [first, second])?.shelter.id).toBe('a');
  });

  it('lists the n nearest that take people for a walk to choose among, nearest first, ties by id', () => {
    const shelters = [
      shelter('far', [119.13, 25.5], 'open', 5),
      shelter('closed', [119.1001, 25.5], 'closed', 500),
      shelter('b', [119.11, 25.5], 'open', 10),
      shelter('a', [119.11, 25.5], 'open', 10),
      shelter('farther', [119.2, 25.5], 'open', 5),
    ];
    expect(nearestOpenShelters(from, shelters, 3).map((n) => n.shelter.id)).toEqual(['a', 'b', 'far']);
    expect(nearestOpenShelters(from, shelters, 10)).toHaveLength(4);
  });

  it('finds none when no shelter takes people', () => {
    expect(nearestOpenShelter(from, [shelter('x', [119.1, 25.5], 'closed', 10)])).toBeUndefined();
    expect(nearestOpenShelter(from, [])).toBeUndefined();
  });
});
