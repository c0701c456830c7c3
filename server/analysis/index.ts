/**
 * The analyses, one module per job (Turf style): pure functions from layers (GeoJSON) and the district
 * profile to figures and GeoJSON. No SQL, no HTTP, no files: routes fetch the layers and pass them in.
 */
export { type AroundLayers, type AroundResult, around } from './around.ts';
export { type BroadcastCoverage, broadcastCoverage } from './coverage-broadcast.ts';
export { type CameraCoverage, type CameraOptions, cameraCoverage, cameraScenarios } from './coverage-cameras.ts';
export { type FireCoverage, fireCoverage } from './coverage-fire.ts';
export { type ShelterCoverage, shelterCapacity, shelterCoverage } from './coverage-shelters.ts';
export { type ExposureResult, exposure } from './exposure.ts';
export { featuresOf } from './geometry.ts';
export { fits, leftOut, unknownOf } from './misfit.ts';
export { nearest, nearestEach, type PointIndex, pointIndex } from './nearest.ts';
export { knownItems, matchStock, nearestDepots } from './nearest-depots.ts';
export { shelterFits, shelterMisfit } from './nearest-shelters.ts';
export { knownSpecialties, teamFits, teamMisfit } from './nearest-teams.ts';
export { asBuilt, built, counted, existingOnly, hasPlanned, plannedOnly } from './planned.ts';
export { scorecard } from './scorecard.ts';
export { viewSector } from './sectors.ts';
export { candidateGrid, type Siting, siteBroadcast, siteShelters } from './siting.ts';
export { type CameraSiting, cameraCandidates, candidateCameras, siteCameras } from './siting-cameras.ts';
export type * from './types.ts';
export { delta, type WhatIf, whatIf, withProposed } from './what-if.ts';
