/**
 * What a DEM or a viewshed can run into, in terrain's words; the HTTP layer turns them into statuses.
 * `field` names what the client sent that caused it, so the edge can point at it.
 */

/** The DEM file cannot be used: not a GeoTIFF, no georeferencing, too big, in the wrong place. */
export class DemRefused extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** No DEM has been imported, so nothing can be computed on terrain. */
export class NoDem extends Error {
  constructor() {
    super('No elevation model (DEM) has been imported.');
  }
}

/** The observer stands where the DEM cannot place it: outside the grid or on a cell without a height. */
export class ObserverOffDem extends Error {
  constructor(readonly why: 'outside' | 'nodata') {
    super(
      why === 'outside'
        ? 'The observer is outside the elevation model.'
        : 'The observer stands on a cell of the elevation model without a height.',
    );
  }
}

/** A camera whose record does not say enough to compute what it sees (no range, no mast height). */
export class CameraUnfit extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}
