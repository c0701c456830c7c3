import { foldHanForms } from './han-forms.ts';

/**
 * The column headers bureau sheets use, beyond each field's own labels in the registry. Keys are
 * field names (matched only in layers that have the field) or a coordinate role. Traditional
 * characters need no entry of their own (headers are folded to simplified ones first); words a
 * Japanese-style sheet uses instead (名前, 住所, 収容人数, as in GSI's shelter lists) do.
 */
export const HEADER_SYNONYMS: Record<string, string[]> = {
  name: [
    '名称',
    '名字',
    '场所名称',
    '避难场所名称',
    '单位名称',
    '站点名称',
    '队伍名称',
    '仓库名称',
    '储备库名称',
    '隐患点名称',
    '学校名称',
    '医院名称',
    '机构名称',
    '名前',
    '施設名',
    '施設名称',
    '施設・場所名',
    '避難所名',
    '避難場所名',
    '路线名称',
    '道路名称',
    '路段名称',
    '路名',
  ],
  external_id: [
    '编号',
    'id',
    'external_id',
    '外部编号',
    '唯一编号',
    '统一编号',
    '场所编号',
    '共通ID',
    '路段编号',
    '路段代码',
  ],
  source: ['数据来源', '来源', 'source'],
  source_crs: ['原始坐标系', 'source_crs'],
  address: ['地址', '详细地址', '所在地址', '位置', '具体位置', '住所', '所在地'],
  capacity: ['容纳人数', '可容纳人数', '设计容纳人数', '避难人数', '容量', '収容人数', '想定収容人数', '収容可能人数'],
  free_places: ['当前可容纳人数', '剩余容量', '剩余可容纳人数'],
  effective_area_m2: ['有效面积', '有效避难面积', '避难面积', '面积'],
  area_m2: ['面积', '库房面积', '仓库面积', '建筑面积'],
  area_km2: ['面积'],
  grade: ['等级', '场所等级'],
  level: ['层级', '级别'],
  kind: ['类型', '类别', '种类', '種別'],
  standardised: ['是否规范化', '规范化', '是否规范化建设'],
  upgrading: ['是否提升改造', '提升改造'],
  status: ['状态', '通行状况', '路况'],
  class: ['行政等级', '道路等级', '公路等级', '道路类别', '行政等级代码'],
  ref: ['路线编码', '路线编号', '路线代码', '道路编码', '道路编号', 'ref'],
  tech_grade: ['技术等级', '公路技术等级', '技术等级代码'],
  speed_kmh: ['设计速度', '设计时速', '限速', '最高限速', '车速', '速度', 'maxspeed', 'speed'],
  oneway: ['单向', '是否单向', '单行', '是否单行', 'oneway'],
  bridge: ['是否桥梁', '桥梁', 'bridge'],
  tunnel: ['是否隧道', '隧道', 'tunnel'],
  closure_note: ['中断原因', '封闭原因', '阻断原因'],
  facilities: ['配套设施', '设施'],
  contact_person: ['联系人', '负责人', '联络人'],
  contact_phone: ['联系电话', '电话', '联系方式', '手机', '联络电话', '電話番号'],
  phone: ['联系电话', '电话', '联系方式', '手机', '联络电话', '電話番号'],
  manager: ['联系人', '负责人', '管理人', '联络人'],
  leader: ['联系人', '负责人', '队长', '联络人'],
  responsible_person: ['负责人', '联系人', '联络人'],
  code: ['adcode', '区划代码', '行政代码'],
  members: ['人数', '队员人数'],
  staff: ['人数', '消防员人数'],
  township: ['所属乡镇', '乡镇', '乡镇街道', '所属乡镇街道', '所在乡镇', '所属街道'],
  lon: ['经度', 'lon', 'lng', 'long', 'longitude', '东经'],
  lat: ['纬度', 'lat', 'latitude', '北纬'],
  x: ['x', 'x坐标', '坐标x', 'point_x', '纵坐标', '北坐标', 'northing'],
  y: ['y', 'y坐标', '坐标y', 'point_y', '横坐标', '东坐标', 'easting'],
  wkt: ['wkt', 'geometry', 'geom', 'the_geom', '几何', '空间信息'],
};

/**
 * Headers compared as a person reads them: full-width forms folded (ＸＹ, （）), traditional and
 * Japanese forms of characters folded to simplified ones (名稱, 経度), case, spaces and middle dots
 * ignored, a required-marker star and a trailing unit in brackets dropped ("有效面积（㎡）").
 */
export function normalizeHeader(header: string): string {
  const plain = foldHanForms(header.normalize('NFKC').toLowerCase()).replace(/[\s*・·]/g, '');
  return plain.replace(/[([【].*?[)\]】]$/, '') || plain;
}
