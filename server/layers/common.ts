import type { FieldDef } from './types.ts';

/** Fields every layer has (DOMAIN.md: id, external id and source, name, township, revision, who and when). */
export const commonFields: FieldDef[] = [
  {
    name: 'name',
    type: 'text',
    label: { zh: '名称', en: 'Name' },
    visibility: 'public',
    queryable: true,
    required: true,
  },
  {
    name: 'township',
    type: 'text',
    label: { zh: '所属乡镇(街道)', en: 'Township' },
    visibility: 'public',
    queryable: true,
    managed: true,
  },
  {
    name: 'lifecycle',
    type: 'enum',
    label: { zh: '记录状态', en: 'Record status' },
    visibility: 'public',
    values: { active: { zh: '在用', en: 'Active' }, retired: { zh: '已注销', en: 'Retired' } },
    queryable: true,
  },
  {
    name: 'external_id',
    type: 'text',
    label: { zh: '外部编号', en: 'External id' },
    visibility: 'internal',
    queryable: true,
  },
  { name: 'source', type: 'text', label: { zh: '数据来源', en: 'Source' }, visibility: 'internal', queryable: true },
  { name: 'source_crs', type: 'text', label: { zh: '原始坐标系', en: 'Source CRS' }, visibility: 'internal' },
  { name: 'revision', type: 'integer', label: { zh: '版本号', en: 'Revision' }, visibility: 'public', managed: true },
  {
    name: 'created_at',
    type: 'timestamp',
    label: { zh: '创建时间', en: 'Created' },
    visibility: 'public',
    managed: true,
  },
  {
    name: 'updated_at',
    type: 'timestamp',
    label: { zh: '更新时间', en: 'Updated' },
    visibility: 'public',
    managed: true,
  },
  {
    name: 'updated_by',
    type: 'text',
    label: { zh: '更新人', en: 'Updated by' },
    visibility: 'internal',
    managed: true,
  },
];
