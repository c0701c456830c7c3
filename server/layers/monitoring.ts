import { layerInfo } from '../../catalog/layers.ts';
import { integer, internal, number, oneOf, plannedStatus, text } from './field.ts';
import type { LayerDef } from './types.ts';

export const cameras: LayerDef = {
  ...layerInfo('cameras'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      visible: { zh: '可见光', en: 'Visible light' },
      thermal_dual: { zh: '热成像双光谱', en: 'Thermal dual-spectrum' },
    }),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    number('mast_height_m', '塔杆高度', 'Mast height', { min: 0, max: 200, unit: 'm' }),
    number('range_m', '监测半径', 'Range', { min: 0, max: 50000, unit: 'm' }),
    number('heading_deg', '朝向', 'Heading', { min: 0, max: 360, unit: '°' }),
    number('fov_deg', '视场角', 'Field of view', { min: 0, max: 360, unit: '°' }),
  ],
};

export const broadcastTerminals: LayerDef = {
  ...layerInfo('broadcast_terminals'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      loudspeaker: { zh: '大喇叭', en: 'Loudspeaker' },
      siren: { zh: '警报器', en: 'Siren' },
      screen: { zh: '显示屏', en: 'Screen' },
    }),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    number('range_m', '覆盖半径', 'Range', { min: 0, max: 10000, unit: 'm' }),
  ],
};

export const weatherStations: LayerDef = {
  ...layerInfo('weather_stations'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      automatic: { zh: '自动气象站', en: 'Automatic weather station' },
      rain_gauge: { zh: '雨量站', en: 'Rain gauge' },
      hydrological: { zh: '水文站', en: 'Hydrological station' },
    }),
    oneOf('status', '建设状态', 'Status', plannedStatus),
    text('operator', '管理单位', 'Operator'),
    integer('elevation_m', '海拔', 'Elevation', { min: -100, max: 9000, unit: 'm' }),
    text('phone', '联系电话', 'Phone', internal),
  ],
};
