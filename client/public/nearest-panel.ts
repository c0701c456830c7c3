import type { Coordinate } from 'ol/coordinate.js';
import Feature from 'ol/Feature.js';
import LineString from 'ol/geom/LineString.js';
import Point from 'ol/geom/Point.js';
import { fromLonLat, toLonLat } from 'ol/proj.js';
import type VectorSource from 'ol/source/Vector.js';
import { chinaMinute } from '../../catalog/china-time.ts';
import { navigationLinks } from '../../catalog/navigation.ts';
import { formatDistance } from '../panels/form.ts';
import { fetchWalk, type Walk } from './api.ts';
import { button, h } from './dom.ts';
import { formatPeople } from './format.ts';
import { type Nearest, nearestOpenShelters, type ShelterPoint } from './nearest.ts';
import type { Sheet } from './sheet.ts';
import { t } from './strings.ts';

export interface NearestDeps {
  sheet: Sheet;
  shelters: VectorSource;
  marks: VectorSource;
  /** Reads the live status again, so the answer is about now and not about when the page loaded. */
  refreshLive(): Promise<void>;
  /** Brings places into view, clear of the sheet. */
  reveal(coordinates: Coordinate[]): void;
}

function shelterPoints(shelters: VectorSource): ShelterPoint[] {
  return shelters.getFeatures().map((feature) => ({
    id: String(feature.getId()),
    at: toLonLat((feature.getGeometry() as Point).getCoordinates()) as [number, number],
    status: feature.get('status'),
    free_places: feature.get('free_places'),
  }));
}

/**
 * The open shelters, nearest in a straight line first, among which the walk along the roads chooses:
 * the tenth nearest as the crow flies being the soonest reached on foot would take a river or a
 * motorway between a person and the nine before it.
 */
const WALK_CANDIDATES = 10;

/**
 * "最近的开放避难场所": from the phone's location or a place tapped on the map, the nearest open
 * shelter with free places among the published ones — the soonest reached on foot when the district
 * has roads, else the nearest in a straight line — the way there, and how far and how full it is.
 */
export function nearestPanel({ sheet, shelters, marks, refreshLive, reveal }: NearestDeps) {
  let picking = false;
  const message = h('p', { class: 'message', role: 'status' });
  const result = h('div', { class: 'nearest-result' });

  const say = (text: string, kind: 'info' | 'error' = 'info') => {
    message.textContent = text;
    message.className = `message ${kind}`;
  };

  function draw(from: Coordinate, found: Nearest | undefined) {
    marks.clear();
    marks.addFeature(new Feature({ geometry: new Point(from), mark: 'here' }));
    if (!found) {
      reveal([from]);
      return;
    }
    const to = fromLonLat(found.shelter.at);
    marks.addFeatures([
      new Feature({ geometry: new LineString([from, to]), mark: 'route' }),
      new Feature({ geometry: new Point(to), mark: 'target' }),
    ]);
    reveal([from, to]);
  }

  function describe(found: Nearest | undefined) {
    if (!found) {
      result.replaceChildren();
      delete result.dataset.shelterId;
      say(t('nearest.none'), 'error');
      return;
    }
    const feature = shelters.getFeatureById(found.shelter.id);
    const p = feature?.getProperties() ?? {};
    result.dataset.shelterId = found.shelter.id;
    const fact = (label: string, value: string, name: string) =>
      h('div', { class: 'row' }, h('dt', {}, label), h('dd', { 'data-field': name }, value));
    result.replaceChildren(
      h('h3', { class: 'name' }, String(p.name ?? found.shelter.id)),
      h(
        'dl',
        { class: 'facts' },
        fact(t('nearest.distance'), formatDistance(found.km * 1000), 'distance'),
        fact(t('nearest.free'), formatPeople(found.shelter.free_places ?? 0), 'free_places'),
        ...(p.address ? [fact(t('shelter.address'), String(p.address), 'address')] : []),
      ),
      ...(p.updated_at
        ? [h('p', { class: 'updated' }, t('shelter.updated', { time: chinaMinute(p.updated_at) }))]
        : []),
    );
    say(t('nearest.hint'));
  }

  /** The way there on foot along the roads, drawn over the straight line, with its minutes and links to a map app. */
  function walked(from: [number, number], found: Nearest, walk: Walk) {
    const facts = result.querySelector('.facts');
    const name = String(shelters.getFeatureById(found.shelter.id)?.get('name') ?? found.shelter.id);
    const route = marks.getFeatures().find((f) => f.get('mark') === 'route');
    const way = walk.nearest;
    const time =
      walk.method !== 'road'
        ? undefined
        : way?.route && way.duration_s !== undefined
          ? t('nearest.walkTime', {
              n: Math.max(1, Math.round(way.duration_s / 60)),
              distance: formatDistance(way.walked_m ?? 0),
            })
          : t('nearest.noWalk');
    if (time)
      facts?.prepend(
        h('div', { class: 'row' }, h('dt', {}, t('nearest.walk')), h('dd', { 'data-field': 'walk' }, time)),
      );
    if (walk.method === 'road' && way?.route && route) {
      route.setGeometry(new LineString(way.route.coordinates.map((p) => fromLonLat(p))));
      route.set('walked', true);
      say(t('nearest.walkHint'));
    }
    const links = navigationLinks({ at: from, name: t('nearest.here') }, { at: found.shelter.at, name }, 'walk');
    result.append(
      h(
        'p',
        { class: 'navigation' },
        h('a', { href: links.amap, target: '_blank', rel: 'noopener', 'data-app': 'amap' }, t('nearest.amap')),
        h('a', { href: links.baidu, 'data-app': 'baidu' }, t('nearest.baidu')),
      ),
    );
  }

  /** Only the latest place asked may answer: a walk can arrive after the next tap. */
  let asked = 0;

  /** The walk to the nearest few in a straight line, or undefined when it cannot be had (offline, say). */
  const walkTo = (here: [number, number], near: Nearest[]) =>
    near.length > 0
      ? fetchWalk(
          here,
          near.map((n) => n.shelter.at),
        ).catch(() => undefined)
      : undefined;

  async function findFrom(from: Coordinate) {
    picking = false;
    const ticket = ++asked;
    await refreshLive();
    const here = toLonLat(from) as [number, number];
    const near = nearestOpenShelters(here, shelterPoints(shelters), WALK_CANDIDATES);
    const walk = await walkTo(here, near);
    if (ticket !== asked) return;
    // Soonest reached on foot when the roads say so; else the nearest in a straight line.
    const found = walk?.method === 'road' && walk.nearest ? near[walk.nearest.index] : near[0];
    describe(found);
    draw(from, found);
    if (found && walk) walked(here, found, walk);
  }

  function locate() {
    picking = false;
    if (!('geolocation' in navigator)) {
      say(t('nearest.unavailable'), 'error');
      return;
    }
    say(t('nearest.locating'));
    navigator.geolocation.getCurrentPosition(
      (position) => void findFrom(fromLonLat([position.coords.longitude, position.coords.latitude])),
      (error) => say(t(error.code === error.PERMISSION_DENIED ? 'nearest.denied' : 'nearest.unavailable'), 'error'),
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  }

  function pick() {
    picking = true;
    say(t('nearest.picking'));
  }

  return {
    open() {
      const actions = h(
        'div',
        { class: 'actions' },
        button(t('nearest.locate'), locate, 'action primary locate'),
        button(t('nearest.pick'), pick, 'action pick'),
      );
      say('');
      result.replaceChildren();
      delete result.dataset.shelterId;
      sheet.show('nearest', t('nearest.open'), [actions, message, result], () => {
        picking = false;
      });
    },
    /** A tap on the map while picking: the place to measure from. Says whether it took the tap. */
    tap(coordinate: Coordinate): boolean {
      if (!picking) return false;
      void findFrom(coordinate);
      return true;
    },
  };
}
