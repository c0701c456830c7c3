import { layerInfo } from '../../catalog/layers.ts';
import { ROAD_CLASS_VALUES } from '../../catalog/road-classes.ts';
import { boolean, live, number, oneOf, text } from './field.ts';
import type { LayerDef } from './types.ts';

/**
 * The road network the travel-time analyses route on. `class` sets a segment's speed from the
 * profile unless `speed_kmh` gives its own; `status` is live, so a responder on duty can close a
 * road cut by a landslide or a flood and every route and reach leaves it out at once. A segment
 * without `oneway`, `bridge`, `tunnel` or `status` is two-way, on the ground and open.
 */
export const roads: LayerDef = {
  ...layerInfo('roads'),
  fields: [
    oneOf('class', '道路等级', 'Road class', ROAD_CLASS_VALUES, { required: true }),
    text('ref', '路线编码', 'Route code', { queryable: true }),
    oneOf('tech_grade', '技术等级', 'Technical grade', {
      expressway: { zh: '高速公路', en: 'Expressway' },
      class1: { zh: '一级公路', en: 'Class I' },
      class2: { zh: '二级公路', en: 'Class II' },
      class3: { zh: '三级公路', en: 'Class III' },
      class4: { zh: '四级公路', en: 'Class IV' },
      substandard: { zh: '等外公路', en: 'Substandard' },
    }),
    number('speed_kmh', '通行速度', 'Speed', { min: 1, max: 200, unit: 'km/h' }),
    boolean('oneway', '单向通行', 'One-way', { queryable: true }),
    boolean('bridge', '桥梁', 'Bridge', { queryable: true }),
    boolean('tunnel', '隧道', 'Tunnel', { queryable: true }),
    oneOf(
      'status',
      '通行状态',
      'Status',
      { open: { zh: '通行', en: 'Open' }, closed: { zh: '中断(封闭)', en: 'Closed' } },
      live,
    ),
    text('closure_note', '中断原因', 'Why closed', live),
  ],
};
