/**
 * The situation (态势) a duty officer opens on: key figures by category and the alerts that need
 * someone to act, each naming its feature's layer, id and place so a screen can open it on the map.
 * Alerts come from what the layers hold on a given day (`asOf`, a China calendar day): listed hazards
 * past their rectification deadline (挂牌督办 overdue), open shelters more than 90% full, depot stock
 * expired or expiring within 30 days, risk zones stored below their risk points' level, and planned
 * cameras whose plan year has ended. Pure: layers in, figures out.
 */
import * as turf from '@turf/turf';
import type { Geometry } from 'geojson';
import { exposure } from './exposure.ts';
import { featuresOf } from './geometry.ts';
import type { AnyFeature, Layers, LonLat } from './types.ts';

/** A shelter this full (people in ÷ capacity) needs people sent elsewhere. */
const SHELTER_FULL_SHARE = 0.9;
/** Stock expiring within this many days is to be rotated now. */
const EXPIRY_WARNING_DAYS = 30;

type AlertKind =
  | 'hazard_overdue'
  | 'shelter_full'
  | 'stock_expired'
  | 'stock_expiring'
  | 'zone_understated'
  | 'camera_overdue';

interface Alert {
  kind: AlertKind;
  layer: string;
  id: string;
  name: string | null;
  township: string | null;
  /** Where to open it: the point, or a point on the line or area. */
  position: LonLat;
  /** What makes it an alert, in numbers and dates; the words are the reader's screen's. */
  detail: Record<string, unknown>;
}

interface SituationFigures {
  risks: {
    zones_by_level: Record<string, number>;
    enterprise_points_by_level: Record<string, number>;
    /** Hazards not closed (销号), by stage. */
    hazards_by_stage: Record<string, number>;
  };
  resources: { depots: number; teams: number; fire_stations: number; stock_items: number };
  shelters: { open: number; closed: number; capacity: number; free_places: number };
  teams: { on_duty: number; off_duty: number; members_on_duty: number };
}

interface Situation {
  as_of: string;
  figures: SituationFigures;
  alerts: Alert[];
}

interface SituationOptions {
  /** The China calendar day the alerts are judged on, YYYY-MM-DD. */
  asOf: string;
  /** The year the plan's forest cameras are due by (the forest video target's year), if it sets one. */
  camerasDueYear?: number;
}

const props = (f: AnyFeature) => f.properties ?? {};
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const built = (f: AnyFeature) => props(f).status !== 'planned';

function positionOf(geometry: Geometry | null): LonLat {
  if (geometry?.type === 'Point') return geometry.coordinates;
  return turf.pointOnFeature(turf.feature(geometry as Geometry)).geometry.coordinates;
}

function alert(kind: AlertKind, layer: string, f: AnyFeature, detail: Record<string, unknown>): Alert {
  return {
    kind,
    layer,
    id: String(f.id),
    name: str(props(f).name),
    township: str(props(f).township),
    position: positionOf(f.geometry),
    detail,
  };
}

function tally(features: AnyFeature[], key: (f: AnyFeature) => unknown): Record<string, number> {
  const out: Record<string, number> = {};
  for (const f of features) {
    const k = key(f);
    if (k === null || k === undefined) continue;
    out[String(k)] = (out[String(k)] ?? 0) + 1;
  }
  return out;
}

const sum = (features: AnyFeature[], field: string) =>
  features.reduce((total, f) => total + (Number(props(f)[field]) || 0), 0);

function figuresOf(input: Layers): SituationFigures {
  const all = (id: keyof Layers) => featuresOf(input[id] ?? []) as AnyFeature[];
  const shelters = all('shelters').filter(built);
  const open = shelters.filter((f) => props(f).status === 'open');
  const teams = all('teams').filter(built);
  const onDuty = teams.filter((f) => props(f).on_duty === true);
  const depots = all('depots').filter(built);
  return {
    risks: {
      zones_by_level: tally(all('risk_zones'), (f) => props(f).level),
      enterprise_points_by_level: tally(all('enterprise_risks'), (f) => props(f).level),
      hazards_by_stage: tally(
        all('hazards').filter((f) => props(f).stage !== 'closed'),
        (f) => props(f).stage ?? 'unknown',
      ),
    },
    resources: {
      depots: depots.length,
      teams: teams.length,
      fire_stations: all('fire_stations').filter(built).length,
      stock_items: depots.reduce((n, f) => n + ((props(f).stock as unknown[] | undefined)?.length ?? 0), 0),
    },
    shelters: {
      open: open.length,
      closed: shelters.length - open.length,
      capacity: sum(open, 'capacity'),
      free_places: sum(open, 'free_places'),
    },
    teams: { on_duty: onDuty.length, off_duty: teams.length - onDuty.length, members_on_duty: sum(onDuty, 'members') },
  };
}

const DAY_MS = 86_400_000;
const daysFrom = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS);

function hazardAlerts(hazards: AnyFeature[], asOf: string): Alert[] {
  return hazards
    .filter((f) => {
      const { stage, rectify_by } = props(f);
      return (stage === 'listed' || stage === 'rectifying') && typeof rectify_by === 'string' && rectify_by < asOf;
    })
    .map((f) => {
      const due = props(f).rectify_by as string;
      return alert('hazard_overdue', 'hazards', f, {
        stage: props(f).stage,
        rectify_by: due,
        days_overdue: daysFrom(due, asOf),
        threatened_people: props(f).threatened_people ?? null,
      });
    })
    .sort((a, b) => (b.detail.days_overdue as number) - (a.detail.days_overdue as number));
}

function shelterAlerts(shelters: AnyFeature[]): Alert[] {
  return shelters
    .filter((f) => props(f).status === 'open')
    .flatMap((f) => {
      const capacity = Number(props(f).capacity);
      const free = props(f).free_places;
      if (!(capacity > 0) || typeof free !== 'number') return [];
      const share = (capacity - free) / capacity;
      if (share <= SHELTER_FULL_SHARE) return [];
      return [alert('shelter_full', 'shelters', f, { capacity, free_places: free, load_pct: Math.round(share * 100) })];
    })
    .sort((a, b) => (b.detail.load_pct as number) - (a.detail.load_pct as number));
}

interface StockRow {
  item: string;
  quantity: number;
  unit: string;
  expires_on?: string | null;
}

function stockAlerts(depots: AnyFeature[], asOf: string): Alert[] {
  const soon = new Date(Date.parse(asOf) + EXPIRY_WARNING_DAYS * DAY_MS).toISOString().slice(0, 10);
  const out: Alert[] = [];
  for (const f of depots) {
    for (const row of (props(f).stock as StockRow[] | undefined) ?? []) {
      if (!row.expires_on || row.expires_on > soon) continue;
      const expired = row.expires_on < asOf;
      out.push(
        alert(expired ? 'stock_expired' : 'stock_expiring', 'depots', f, {
          item: row.item,
          quantity: row.quantity,
          unit: row.unit,
          expires_on: row.expires_on,
        }),
      );
    }
  }
  return out.sort((a, b) => String(a.detail.expires_on).localeCompare(String(b.detail.expires_on)));
}

function zoneAlerts(input: Layers): Alert[] {
  const zones = new Map((featuresOf(input.risk_zones ?? []) as AnyFeature[]).map((z) => [String(z.id), z]));
  const { understatedZones } = exposure({ risk_zones: input.risk_zones, enterprise_risks: input.enterprise_risks });
  return understatedZones.flatMap((u) => {
    const zone = zones.get(u.zone.id);
    if (!zone) return [];
    return [
      alert('zone_understated', 'risk_zones', zone, {
        stored_level: u.storedLevel,
        implied_level: u.impliedLevel,
        points: u.points.length,
      }),
    ];
  });
}

function cameraAlerts(cameras: AnyFeature[], asOf: string, dueYear?: number): Alert[] {
  if (dueYear === undefined || asOf <= `${dueYear}-12-31`) return [];
  return cameras.filter((f) => !built(f)).map((f) => alert('camera_overdue', 'cameras', f, { due_year: dueYear }));
}

/** The figures and the alerts of the day, alerts grouped by kind in the order a duty officer acts. */
export function situation(input: Layers, options: SituationOptions): Situation {
  const all = (id: keyof Layers) => featuresOf(input[id] ?? []) as AnyFeature[];
  const { asOf } = options;
  return {
    as_of: asOf,
    figures: figuresOf(input),
    alerts: [
      ...shelterAlerts(all('shelters')),
      ...hazardAlerts(all('hazards'), asOf),
      ...stockAlerts(all('depots').filter(built), asOf),
      ...zoneAlerts(input),
      ...cameraAlerts(all('cameras'), asOf, options.camerasDueYear),
    ],
  };
}
