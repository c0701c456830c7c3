import { layerInfo } from '../../catalog/layers.ts';
import { integer, internal, number, oneOf, text } from './field.ts';
import type { LayerDef } from './types.ts';

export const adminAreas: LayerDef = {
  ...layerInfo('admin_areas'),
  fields: [
    oneOf(
      'level',
      '层级',
      'Level',
      {
        district: { zh: '区县', en: 'District' },
        township: { zh: '乡镇(街道)', en: 'Township' },
        village: { zh: '村(社区)', en: 'Village' },
      },
      { required: true },
    ),
    text('code', '行政区划代码', 'Code', { queryable: true }),
    integer('population', '常住人口', 'Population', { min: 0, unit: '人' }),
    number('area_km2', '面积', 'Area', { min: 0, unit: 'km²' }),
  ],
};

export const population: LayerDef = {
  ...layerInfo('population'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      village: { zh: '村(社区)', en: 'Village' },
      grid: { zh: '格网', en: 'Grid cell' },
    }),
    integer('residents', '常住人口', 'Residents', { min: 0, unit: '人', required: true }),
    text('village_code', '村(社区)代码', 'Village code', { queryable: true }),
  ],
};

export const forestAreas: LayerDef = {
  ...layerInfo('forest_areas'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      forest: { zh: '林区', en: 'Forest' },
      key_fire_area: { zh: '森林防火重点区域', en: 'Key fire-prevention area' },
      scenic: { zh: '景区', en: 'Scenic area' },
      industrial_park: { zh: '工业园区', en: 'Industrial park' },
    }),
    number('area_km2', '面积', 'Area', { min: 0, unit: 'km²' }),
  ],
};

export const protectedTargets: LayerDef = {
  ...layerInfo('protected_targets'),
  fields: [
    oneOf('kind', '类型', 'Kind', {
      school: { zh: '学校', en: 'School' },
      kindergarten: { zh: '幼儿园', en: 'Kindergarten' },
      hospital: { zh: '医院', en: 'Hospital' },
      nursing_home: { zh: '养老院', en: 'Nursing home' },
      prison: { zh: '监所', en: 'Prison' },
      stadium: { zh: '体育场馆', en: 'Stadium' },
    }),
    integer('people', '人数(学生/床位/在住)', 'People (students, beds, residents)', { min: 0, unit: '人' }),
    text('contact_person', '负责人', 'Contact person', internal),
    text('phone', '联系电话', 'Phone', internal),
  ],
};
