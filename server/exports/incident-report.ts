import type { FeatureCollection, Geometry, Position } from 'geojson';
import { chinaMinute } from '../../catalog/china-time.ts';
import { CONTACT_PERSON_FIELDS, CONTACT_PHONE_FIELDS, firstValue } from '../../catalog/contacts.ts';
import { INCIDENT_KINDS, INCIDENT_LEVELS, STAGE_LABELS } from '../../catalog/incidents.ts';
import { AROUND_GROUPS } from '../analysis/around.ts';
import { labelledValue } from '../formats/value-labels.ts';
import { findLayer } from '../layers/registry.ts';
import type { Incident } from '../store/incidents.ts';
import type { AroundSeen, NearestSeen, SeenItem } from './report-inputs.ts';

/**
 * The 周边分析报告 as plain data: the words and tables a responder hands on, composed once so the PDF
 * and the printable page show the same thing. Tables hold strings already written the way the bureau
 * reads them (names, distances, contacts, China time); the renderers only lay them out.
 */

interface ReportColumn {
  label: string;
  /** A share of the table's width. */
  width: number;
  align?: 'left' | 'right';
}

export interface ReportTable {
  title: string;
  columns: ReportColumn[];
  rows: string[][];
  /** Said under the table: rows left out, a total, where the figures come from. */
  note?: string;
}

/** Where a listed thing sits on the map, and in which of the report's groups. */
export interface ReportMark {
  at: Position;
  group: 'risks' | 'resources' | 'protected' | 'villages';
}

export interface IncidentReport {
  title: string;
  issuer: string;
  demo: boolean;
  facts: string[];
  printedAt: string;
  /** How the around lists were taken: the radius, and when (as seen by the responder, or at printing). */
  aroundNote: string;
  map: {
    at: Position;
    radiusM: number;
    marks: ReportMark[];
    background: {
      riskZones: FeatureCollection<Geometry>;
      shelters: FeatureCollection<Geometry>;
      adminAreas: FeatureCollection<Geometry>;
    };
  };
  tables: ReportTable[];
}

/** A table lists at most this many rows; the note says how many more there are. */
const MAX_ROWS = 40;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/** 850 米, 1.24 公里, or 区内 when the incident lies inside the area. */
function distanceText(metres: number, inside = false): string {
  if (inside) return '区内';
  return metres < 1000 ? `${Math.round(metres)} 米` : `${(metres / 1000).toFixed(2)} 公里`;
}

/** A field's value in the bureau's words, by the layer's own field list. */
function fieldText(layerId: string, name: string, props: Record<string, unknown>): string {
  const field = findLayer(layerId)?.fields.find((f) => f.name === name);
  return field ? labelledValue(field, props[name]) : '';
}

const layerTitle = (layerId: string) => findLayer(layerId)?.title.zh ?? layerId;

/** What a listed thing is: its kind, and its level where the layer grades by one. */
function whatItIs(layerId: string, props: Record<string, unknown>): string {
  return [fieldText(layerId, 'kind', props), fieldText(layerId, 'level', props)].filter(Boolean).join(' · ');
}

function capped(rows: string[][], total: number): { rows: string[][]; note?: string } {
  const shown = rows.slice(0, MAX_ROWS);
  const more = total - shown.length;
  return { rows: shown, note: more > 0 ? `另有 ${more} 项未列出(共 ${total} 项)。` : undefined };
}

/** Every listed item of some layers of a group, nearest first, with the layer it came from. */
function itemsOf(seen: AroundSeen, group: string, layerIds: readonly string[]) {
  const found = layerIds.flatMap((layerId) => {
    const listed = seen.groups[group]?.[layerId];
    return (listed?.items ?? []).map((item) => ({ layerId, item }));
  });
  const total = layerIds.reduce((sum, id) => sum + (seen.groups[group]?.[id]?.count ?? 0), 0);
  return { found: found.sort((a, b) => a.item.distanceM - b.item.distanceM), total };
}

const propsOf = (item: SeenItem) => (item.feature.properties ?? {}) as Record<string, unknown>;

/** The risks or the resources around, each with what it is, how far, and whom to call. */
function kindsTable(
  seen: AroundSeen,
  group: 'risks' | 'resources',
  title: string,
  headings: { kind: string; person: string },
): ReportTable {
  const { found, total } = itemsOf(seen, group, [...AROUND_GROUPS[group]]);
  const rows = found.map(({ layerId, item }, i) => {
    const p = propsOf(item);
    return [
      String(i + 1),
      text(p.name),
      layerTitle(layerId),
      whatItIs(layerId, p),
      distanceText(item.distanceM, item.inside),
      firstValue(p, CONTACT_PERSON_FIELDS),
      firstValue(p, CONTACT_PHONE_FIELDS),
    ];
  });
  return {
    title,
    columns: [
      { label: '序号', width: 0.6 },
      { label: '名称', width: 3.2 },
      { label: '类别', width: 1.5 },
      { label: headings.kind, width: 1.9 },
      { label: '距离', width: 1.2, align: 'right' },
      { label: headings.person, width: 1.6 },
      { label: '联系电话', width: 1.8 },
    ],
    ...capped(rows, total),
  };
}

function protectedTable(seen: AroundSeen): ReportTable {
  const { found, total } = itemsOf(seen, 'protected', ['protected_targets']);
  const rows = found.map(({ layerId, item }, i) => {
    const p = propsOf(item);
    return [
      String(i + 1),
      text(p.name),
      fieldText(layerId, 'kind', p),
      text(p.people),
      distanceText(item.distanceM, item.inside),
      firstValue(p, CONTACT_PERSON_FIELDS),
      firstValue(p, CONTACT_PHONE_FIELDS),
    ];
  });
  return {
    title: '重点保护目标',
    columns: [
      { label: '序号', width: 0.6 },
      { label: '名称', width: 3.4 },
      { label: '类型', width: 1.4 },
      { label: '人数', width: 1.1, align: 'right' },
      { label: '距离', width: 1.2, align: 'right' },
      { label: '负责人', width: 1.6 },
      { label: '联系电话', width: 1.8 },
    ],
    ...capped(rows, total),
  };
}

/** The villages (population points) within the radius: whom to warn and move, and how many. */
function villagesTable(seen: AroundSeen): ReportTable {
  const { found, total } = itemsOf(seen, 'protected', ['population']);
  const rows = found.map(({ item }, i) => {
    const p = propsOf(item);
    return [String(i + 1), text(p.name), text(p.township), text(p.residents), distanceText(item.distanceM)];
  });
  const residents = found.reduce((sum, { item }) => sum + (Number(propsOf(item).residents) || 0), 0);
  const listed = capped(rows, total);
  const sum = `合计常住人口 ${seen.residents ?? residents} 人。`;
  return {
    title: '范围内需预警转移的村(社区)与人口',
    columns: [
      { label: '序号', width: 0.6 },
      { label: '村(社区)', width: 3.4 },
      { label: '乡镇(街道)', width: 2.4 },
      { label: '常住人口', width: 1.6, align: 'right' },
      { label: '距离', width: 1.4, align: 'right' },
    ],
    rows: listed.rows,
    note: listed.note ? `${listed.note}${sum}` : sum,
  };
}

/** What a nearest-resource request asked for, in words: 帐篷 ≥ 500, 水域救援, 空余 ≥ 200 人. */
function needText(seen: NearestSeen): string {
  const asked = seen.request;
  const items = (asked.items ?? []).map((i) => `${i.item} ≥ ${i.quantity}`);
  const specialties = (asked.specialties ?? []).map((s) => fieldText('teams', 'specialties', { specialties: [s] }));
  const places = asked.free_places ? [`空余 ≥ ${asked.free_places} 人`] : [];
  const all = [...items, ...specialties, ...places];
  return all.length > 0 ? all.join('、') : '不限';
}

/** Minutes on the roads as the incident tool says them: at least 1. */
const minutesText = (seconds: number) => `${Math.max(1, Math.round(seconds / 60))} 分钟`;

/**
 * The resources a nearest answer ranked, as the officer saw them: by road with the minutes and the
 * distance along the roads, and those no open road reaches after them; else in a straight line.
 */
function nearestTable(seen: NearestSeen): ReportTable {
  const road = seen.method === 'road';
  const rows = seen.results.map((r, i) => {
    const p = (r.feature?.properties ?? {}) as Record<string, unknown>;
    const lacking = (r.lacking ?? []).map((l) => `${l.item}缺 ${l.short}`).join('、');
    const time = road ? [r.duration_s === undefined ? '' : minutesText(r.duration_s)] : [];
    return [
      String(i + 1),
      text(r.name),
      text(r.township),
      ...time,
      distanceText(r.distance_m),
      firstValue(p, CONTACT_PERSON_FIELDS),
      firstValue(p, CONTACT_PHONE_FIELDS),
      lacking,
    ];
  });
  const cut = seen.unreachable.map((u, i) => {
    const p = (u.feature?.properties ?? {}) as Record<string, unknown>;
    return [
      String(rows.length + i + 1),
      text(u.name),
      text(u.township),
      '道路不通',
      `直线 ${distanceText(u.straight_m)}`,
      firstValue(p, CONTACT_PERSON_FIELDS),
      firstValue(p, CONTACT_PHONE_FIELDS),
      '',
    ];
  });
  const closed = seen.closed > 0 ? `假设封闭 ${seen.closed} 条路段(未写入),` : '';
  return {
    title: `最近的${layerTitle(seen.layer)} · 需求:${needText(seen)}`,
    columns: [
      { label: '序号', width: 0.6 },
      { label: '名称', width: road ? 2.6 : 3 },
      { label: '乡镇(街道)', width: 1.6 },
      ...(road ? [{ label: '行程时间', width: 1.1, align: 'right' as const }] : []),
      { label: road ? '道路距离' : '直线距离', width: road ? 1.2 : 1.3, align: 'right' },
      { label: '联系人', width: 1.4 },
      { label: '联系电话', width: 1.8 },
      { label: '缺口', width: road ? 1.3 : 1.6 },
    ],
    rows: road ? [...rows, ...cut] : rows,
    note: `研判时所见(${chinaMinute(seen.writtenAt)} ${seen.writtenBy}),${road ? `${closed}按道路行程排序。` : '直线距离。'}`,
  };
}

/** One line per entry: when, the stage, the words with what was sent and reported, who wrote it. */
function timelineTable(incident: Incident): ReportTable {
  const rows = incident.entries.map((entry) => {
    const parts = [entry.text];
    if (entry.level) parts.push(`定级 ${INCIDENT_LEVELS[entry.level as 1].zh}`);
    if (entry.dispatched) {
      const sent = entry.dispatched;
      parts.push(`调派 ${layerTitle(sent.layer)} ${sent.name ?? ''}(${distanceText(sent.distance_m)})`);
    }
    if (entry.report) parts.push(entry.report === 'phone' ? '已电话报告上级' : '已书面报告上级');
    if (entry.attachment) parts.push(entry.attachment.kind === 'around' ? '附周边分析' : '附最近资源');
    return [
      chinaMinute(entry.written_at),
      STAGE_LABELS[entry.stage].zh,
      parts.filter(Boolean).join(';'),
      entry.written_by,
    ];
  });
  return {
    title: '事件时间线',
    columns: [
      { label: '时间', width: 1.8 },
      { label: '环节', width: 0.8 },
      { label: '内容', width: 6.2 },
      { label: '填报人', width: 1.4 },
    ],
    rows,
    note: rows.length === 0 ? '尚无记录。' : undefined,
  };
}

function marksOf(seen: AroundSeen): ReportMark[] {
  const marks: ReportMark[] = [];
  const groups: [string, readonly string[], ReportMark['group']][] = [
    ['risks', ['hazards', 'enterprise_risks'], 'risks'],
    ['resources', ['depots', 'teams', 'fire_stations', 'shelters'], 'resources'],
    ['protected', ['protected_targets'], 'protected'],
    ['protected', ['population'], 'villages'],
  ];
  for (const [group, layerIds, mark] of groups) {
    for (const { item } of itemsOf(seen, group, layerIds).found) {
      const g = item.feature.geometry as Geometry | null;
      if (g?.type === 'Point') marks.push({ at: g.coordinates, group: mark });
    }
  }
  return marks;
}

interface ReportInputs {
  incident: Incident;
  issuer: { name: string; source: string; demo: boolean };
  around: AroundSeen;
  nearest: NearestSeen[];
  background: IncidentReport['map']['background'];
  now: Date;
}

/** The report of an incident from what it holds, what is around it and the map behind it. */
export function incidentReport({ incident, issuer, around, nearest, background, now }: ReportInputs): IncidentReport {
  const [lon, lat] = incident.geometry.coordinates;
  const km = Number((around.radiusM / 1000).toFixed(2));
  return {
    title: `${incident.title} 周边分析报告`,
    issuer: issuer.source,
    demo: issuer.demo,
    facts: [
      `事件类型:${INCIDENT_KINDS[incident.kind as keyof typeof INCIDENT_KINDS]?.zh ?? incident.kind}    事件等级:${INCIDENT_LEVELS[incident.level as 1].zh}    状态:${incident.status === 'open' ? '处置中' : '已结束'}`,
      `接报时间:${chinaMinute(incident.reported_at)}    报告人:${incident.reporter}`,
      `位置:东经 ${lon.toFixed(5)}°,北纬 ${lat.toFixed(5)}°`,
    ],
    printedAt: chinaMinute(now),
    aroundNote: around.seenAt
      ? `周边 ${km} 公里范围,研判时所见(${chinaMinute(around.seenAt)});距离为直线距离。`
      : `周边 ${km} 公里范围,打印时的当前数据;距离为直线距离。`,
    map: { at: incident.geometry.coordinates, radiusM: around.radiusM, marks: marksOf(around), background },
    tables: [
      kindsTable(around, 'risks', '周边风险', { kind: '类型 · 等级', person: '责任人' }),
      kindsTable(around, 'resources', '周边应急资源', { kind: '类型 · 级别', person: '联系人' }),
      protectedTable(around),
      villagesTable(around),
      ...nearest.map(nearestTable),
      timelineTable(incident),
    ],
  };
}
