/**
 * How a snapped point joins the graph: the nodes at the ends of its piece, with the seconds between
 * them and the point (the walk to the road included). Leaving the point, the piece may always be driven
 * along its geometry to its target node, and back to its source only if it is two-way; arriving at it,
 * the reverse. Each end is labelled 0 (the piece's source) or 1 (its target) so a route knows which
 * part of the piece it used.
 */
import type { RoadGraph } from './graph.ts';
import type { Snap } from './snap.ts';

export interface End {
  node: number;
  cost: number;
  /** 0: the piece's source node; 1: its target node. */
  side: 0 | 1;
}

export function leaving(graph: RoadGraph, s: Snap): End[] {
  const ends: End[] = [{ node: graph.pieceTarget[s.piece], cost: s.walkS + s.toTargetS, side: 1 }];
  if (!graph.pieceOneway[s.piece])
    ends.push({ node: graph.pieceSource[s.piece], cost: s.walkS + s.toSourceS, side: 0 });
  return ends;
}

export function arriving(graph: RoadGraph, s: Snap): End[] {
  const ends: End[] = [{ node: graph.pieceSource[s.piece], cost: s.walkS + s.toSourceS, side: 0 }];
  if (!graph.pieceOneway[s.piece])
    ends.push({ node: graph.pieceTarget[s.piece], cost: s.walkS + s.toTargetS, side: 1 });
  return ends;
}

/** Seconds from `from` to `to` when both lie on one piece, without leaving it; Infinity when one-way forbids. */
export function alongPiece(graph: RoadGraph, from: Snap, to: Snap): number {
  if (from.piece !== to.piece) return Number.POSITIVE_INFINITY;
  if (to.t < from.t && graph.pieceOneway[from.piece]) return Number.POSITIVE_INFINITY;
  return from.walkS + Math.abs(to.t - from.t) * graph.pieceCost[from.piece] + to.walkS;
}
