/**
 * Roads the routing graph cannot be built from, in the domain's words. They are features refused
 * before any answer is given, each named by its place in the input and its id, so the edge turns them
 * into the same 400 problem as any other refused feature (server/http/problem.ts) without knowing
 * about routing.
 */
import { InvalidFeatures } from '../features/errors.ts';
import type { NamedProblem } from '../input/named-issues.ts';

export class InvalidRoads extends InvalidFeatures {
  constructor(problems: NamedProblem[]) {
    super(problems);
    this.name = 'InvalidRoads';
  }
}
