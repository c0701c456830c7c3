import type { Feature as GeoFeature } from 'geojson';
import type OlMap from 'ol/Map.js';
import { RISK_COLOURS } from '../../catalog/palette.ts';
import { RISK_LABELS, type RiskLevel } from '../../catalog/risk-levels.ts';
import { getJson } from '../api.ts';
import { language, type MessageKey, t } from '../i18n/index.ts';
import type { Overlay } from '../map/overlay.ts';
import { zoomToFeature } from '../map/zoom-to.ts';
import type { Tool } from './tools.ts';

interface ZoneRef {
  id: string;
  name: string;
  level: number;
  hazard_type: string | null;
}

interface LevelFigures {
  level: RiskLevel;
  residents: number;
  shelters: number;
  protectedTargets: { total: number; people: number };
  hazards: { total: number };
}

interface Exposed {
  feature: GeoFeature;
  zones: ZoneRef[];
  reasons: ('red_orange' | 'geohazard')[];
}

interface Understated {
  zone: ZoneRef;
  storedLevel: RiskLevel;
  impliedLevel: RiskLevel;
  points: { id: string; name: string; level: number }[];
}

interface ExposureAnswer {
  levels: LevelFigures[];
  exposedShelters: Exposed[];
  exposedTargets: Exposed[];
  understatedZones: Understated[];
}

const el = <K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string) => {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
};

const levelName = (level: number) => RISK_LABELS[level as RiskLevel]?.[language()] ?? String(level);

/** A level as the map draws it: its colour beside its name, so colour is never the only cue. */
function levelCell(level: number): HTMLElement {
  const cell = el('td', undefined, 'level');
  const swatch = el('span', undefined, 'swatch');
  swatch.style.background = RISK_COLOURS[level as RiskLevel];
  cell.append(swatch, `${level} ${levelName(level)}`);
  return cell;
}

/** What lies in each risk level: residents, shelters, protected targets (their people) and hazards. */
function levelTable(levels: LevelFigures[]): HTMLTableElement {
  const table = el('table', undefined, 'exposure-levels');
  const head = el('tr');
  for (const key of ['level', 'residents', 'shelters', 'targets', 'hazards'])
    head.append(el('th', t(`exposure.${key}` as MessageKey)));
  table.append(head);
  for (const l of levels) {
    const row = el('tr');
    row.append(
      levelCell(l.level),
      el('td', l.residents.toLocaleString()),
      el('td', String(l.shelters)),
      el('td', `${l.protectedTargets.total}(${l.protectedTargets.people.toLocaleString()} ${t('exposure.people')})`),
      el('td', String(l.hazards.total)),
    );
    table.append(row);
  }
  return table;
}

/**
 * The planner's question before a flood season: who lives in the red zones, and which shelters and
 * protected targets stand where the plan says none may (red/orange or geohazard zones), each named
 * with the zones it stands in and brought into view on a click; and the zones stored at a lower level
 * than the enterprise risks inside them.
 */
export function exposureTool({ map, overlay }: { map: OlMap; overlay: Overlay }): Tool {
  const status = el('p', undefined, 'tool-status');
  const body = el('div');
  let answer: ExposureAnswer | undefined;

  const exposedItem = (e: Exposed, layer: 'shelters' | 'targets') => {
    const item = el('li');
    const go = el('button', String(e.feature.properties?.name ?? e.feature.id), 'link');
    go.type = 'button';
    go.addEventListener('click', () => zoomToFeature(map, e.feature));
    const zones = e.zones.map((z) => `${z.name}(${levelName(z.level)})`).join('、');
    const why = e.reasons.map((r) => t(`exposure.reason.${r}`)).join('、');
    item.append(go, el('span', ` ${t(`exposure.kind.${layer}`)} · ${why} · ${zones}`, 'note'));
    return item;
  };

  const show = () => {
    if (!answer) return;
    const exposed = [
      ...answer.exposedShelters.map((e) => exposedItem(e, 'shelters')),
      ...answer.exposedTargets.map((e) => exposedItem(e, 'targets')),
    ];
    const exposedList = el('ul', undefined, 'exposure-list');
    exposedList.append(...(exposed.length ? exposed : [el('li', t('exposure.noneExposed'))]));
    const understated = el('ul', undefined, 'exposure-list');
    understated.append(
      ...(answer.understatedZones.length
        ? answer.understatedZones.map((u) => {
            const points = u.points.map((p) => `${p.name}(${levelName(p.level)})`).join('、');
            return el(
              'li',
              `${u.zone.name}:${t('exposure.stored')} ${levelName(u.storedLevel)} → ${t('exposure.implied')} ${levelName(u.impliedLevel)}(${points})`,
            );
          })
        : [el('li', t('exposure.noneUnderstated'))]),
    );
    const count = answer.exposedShelters.length + answer.exposedTargets.length;
    body.replaceChildren(
      el('h3', t('exposure.byLevel')),
      levelTable(answer.levels),
      el('h3', t('exposure.exposed').replace('{n}', String(count))),
      exposedList,
      el('h3', t('exposure.understated').replace('{n}', String(answer.understatedZones.length))),
      understated,
    );
    overlay.replace(
      {
        type: 'FeatureCollection',
        features: [...answer.exposedShelters, ...answer.exposedTargets].map((e) => e.feature),
      },
      'exposed',
    );
  };

  const run = async () => {
    status.textContent = t('tool.working');
    try {
      answer = await getJson<ExposureAnswer>('/analysis/exposure');
      status.textContent = '';
      show();
    } catch (error) {
      status.textContent = (error as Error).message;
    }
  };

  return {
    id: 'exposure',
    render(container) {
      container.append(el('p', t('exposure.intro'), 'tool-intro'), status, body);
      void run();
    },
    open: () => void run(),
    close: () => overlay.replace({ type: 'FeatureCollection', features: [] }, 'exposed'),
  };
}
