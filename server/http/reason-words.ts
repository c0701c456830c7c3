/**
 * Every refusal the API words in English, in Chinese: the web map asks in Chinese by default, and a
 * planner reads "不得小于 0" beside a field, not "must be at least 0". Reasons are written where the
 * input is checked, in English, and stay so for scripts and API tools; the edge (problem.ts) puts them
 * into the reader's language with this table as the answer leaves.
 *
 * A row is an English sentence with its variable parts named in braces and the Chinese with the same
 * names; a variable part is itself put into Chinese when a row says it (a worker's reason inside a
 * "try again"). When several rows fit, the one with the most fixed words wins, so "must be at least
 * {n}" beats "must be {kinds}". A test walks the server's sources and fails on a reason no row says.
 */

const ZH: Readonly<Record<string, string>> = {
  // Titles.
  'Invalid request': '请求无效',
  'Bad request': '请求无效',
  Unauthorized: '未登录',
  Forbidden: '无权操作',
  'Not found': '未找到',
  Conflict: '冲突',
  'Precondition failed': '内容已被他人修改',
  'Precondition required': '缺少版本号',
  'Payload too large': '内容过大',
  'DEM too large': '高程模型过大',
  'Unsupported media type': '不支持的内容类型',
  'Too many requests': '请求过多',
  'Service unavailable': '服务暂不可用',
  'Cannot use this DEM': '无法使用该高程模型',
  'Cannot compute': '无法计算',
  'Internal error': '服务器内部错误',

  // Plain reasons of every check (input/plain-reasons.ts and the schemas' own).
  'is required': '必填',
  'is not valid': '无效',
  'is not in the expected form': '格式不正确',
  'is not a known field': '不是已知字段',
  'must be text': '须为文本',
  'must be a number': '须为数字',
  'must be a whole number': '须为整数',
  'must be true or false': '须为 true 或 false',
  'must be a list': '须为列表',
  'must be an object': '须为对象',
  'must be a date': '须为日期',
  'must not be empty': '不能为空',
  'must be at least {n}': '不得小于 {n}',
  'must be more than {n}': '须大于 {n}',
  'must be at most {n}': '不得大于 {n}',
  'must be less than {n}': '须小于 {n}',
  'must be exactly {n}': '须等于 {n}',
  'must be 0 or more': '不得小于 0',
  'must have at least {n} characters': '至少 {n} 个字符',
  'must have at most {n} characters': '最多 {n} 个字符',
  'must have exactly {n} characters': '须为 {n} 个字符',
  'must have at least {n} items': '至少 {n} 项',
  'must have at most {n} items': '最多 {n} 项',
  'must have exactly {n} items': '须为 {n} 项',
  'must have at most {n} bytes': '最多 {n} 字节',
  'must be at least {n} characters': '至少 {n} 个字符',
  'must be at most {n} characters': '最多 {n} 个字符',
  'must be at most {n} bytes': '最多 {n} 字节',
  'must be 1 to {n} characters': '须为 1 至 {n} 个字符',
  'must be one of {values}': '须为以下之一:{values}',
  'each must be one of {values}': '每一项须为以下之一:{values}',
  'must be {kinds}': '须为 {kinds}',
  'must be a multiple of {n}': '须为 {n} 的倍数',
  'must be a UUID': '须为 UUID',
  'must be a date as YYYY-MM-DD': '须为 YYYY-MM-DD 格式的日期',
  'must be an ISO 8601 date and time': '须为 ISO 8601 日期时间',
  'must be an ISO 8601 date and time, e.g. {example}': '须为 ISO 8601 日期时间,如 {example}',
  'must be an ISO 8601 date-time, e.g. {example}': '须为 ISO 8601 日期时间,如 {example}',
  'must be an e-mail address': '须为电子邮件地址',
  'must be a URL': '须为网址',
  'must not be in the future': '不能晚于现在',
  'must not hold control characters': '不能含控制字符',
  'must say why': '须说明原因',
  'lists a value twice': '有重复的值',
  'may not contain < > ; ` " \\ or /*': '不能含有 < > ; ` " \\ 或 /*',
  'contains a lone UTF-16 surrogate ({code}), which is not a character': '含有孤立的 UTF-16 代理项({code}),不是字符',
  'contains a NUL character (U+0000)': '含有空字符(U+0000)',
  'contains the control character {code}': '含有控制字符 {code}',
  'contains the bidirectional control {code}, which changes how the text around it is shown':
    '含有双向控制符 {code},会改变周围文字的显示',
  'must be given once': '只能给一次',
  'give it once, as a single value': '只能给一次,且为单个值',
  '"{text}" is not a number': '“{text}”不是数字',
  '"{text}" is not a whole number': '“{text}”不是整数',
  '"{text}" is not one of {values}': '“{text}”不是以下之一:{values}',
  'must be a whole number from {a} to {b}': '须为 {a} 至 {b} 的整数',
  'must be a whole number, 0 or more': '须为不小于 0 的整数',
  'must be a version number, 1 or more': '须为版本号(1 或更大)',
  'must be from 1 (特别重大) to 4 (一般)': '须为 1(特别重大)至 4(一般)',
  'must be {a} (built) or {b}': '须为 {a}(已建)或 {b}',
  'must be {a} or {b}': '须为 {a} 或 {b}',
  'must be {a}, {b} or {c}': '须为 {a}、{b} 或 {c}',
  'must be csv for a download': '下载须为 csv',
  'must be a six-digit district code': '须为六位行政区划代码',
  'written_minutes must not be less than phone_minutes': 'written_minutes 不得小于 phone_minutes',
  'must be 2 to 40 lower-case letters, digits, "_", "." or "-"': '须为 2 至 40 个小写字母、数字或 “_” “.” “-”',

  // Places and geometry.
  'must be [longitude, latitude]': '须为 [经度, 纬度]',
  'longitude is outside -180..180': '经度超出 -180..180',
  'latitude is outside -90..90 (the order is [longitude, latitude])': '纬度超出 -90..90(顺序为 [经度, 纬度])',
  'coordinates must be numbers': '坐标须为数字',
  'longitude {lon} is outside -180..180': '经度 {lon} 超出 -180..180',
  'latitude {lat} is outside -90..90': '纬度 {lat} 超出 -90..90',
  'latitude {lat} is outside -90..90: latitude and longitude look swapped (GeoJSON is [longitude, latitude])':
    '纬度 {lat} 超出 -90..90:经纬度似乎颠倒了(GeoJSON 为 [经度, 纬度])',
  'must be a GeoJSON geometry of type {types}': '须为 {types} 类型的 GeoJSON 几何',
  'this layer takes {types}, not {type}': '该图层只接受 {types},而不是 {type}',
  'a position needs longitude and latitude': '坐标须有经度和纬度',
  'a position is [longitude, latitude]: heights are not stored': '坐标为 [经度, 纬度],不保存高程',
  'a line needs at least 2 positions': '线至少需要 2 个点',
  'a ring needs at least 4 positions': '环至少需要 4 个点',
  'a polygon needs an outer ring': '面须有外环',
  'a ring must end where it starts': '环的终点须与起点相同',
  'is not valid: {reason}': '无效:{reason}',
  'the ring is not closed: its last position must repeat the first': '环未闭合:最后一个点须与第一个点相同',
  // PostGIS's reasons (ST_IsValidReason), with the place it found.
  'Self-intersection[{at}]': '自相交[{at}]',
  'Ring Self-intersection[{at}]': '环自相交[{at}]',
  'Too few points in geometry component[{at}]': '几何部件的点过少[{at}]',
  'Hole lies outside shell[{at}]': '内环在外环之外[{at}]',
  'Nested holes[{at}]': '内环嵌套[{at}]',
  'Interior is disconnected[{at}]': '内部不连通[{at}]',
  'Nested shells[{at}]': '外环嵌套[{at}]',
  'Duplicate Rings[{at}]': '重复的环[{at}]',
  'Invalid Coordinate[{at}]': '无效坐标[{at}]',
  'must be "Feature"': '须为 "Feature"',
  'must be a GeoJSON Feature (or, to create several, a FeatureCollection)':
    '须为 GeoJSON Feature(一次新建多个时为 FeatureCollection)',
  'must be a FeatureCollection': '须为 FeatureCollection',
  'must be a non-empty array of features': '须为非空的要素数组',
  'at most {n} features per request': '每次请求最多 {n} 个要素',
  'at most {n} proposals per layer': '每个图层最多 {n} 个方案点',
  'at most {n} roads': '最多 {n} 条道路',
  'at most {n} places': '最多 {n} 个地点',
  'too many candidates for this range: at most {n} at {range} m':
    '该范围下候选点过多:范围 {range} 米时最多 {n} 个(请加大间距或减少候选点)',
  'needs at least 2 points': '至少需要 2 个点',
  'may have at most {n} points': '最多 {n} 个点',
  'must name at least one place': '至少须指定一个地点',
  'at most 10 scenarios at once': '一次最多 10 个方案',
  'needs 4 numbers (minLon,minLat,maxLon,maxLat), got {n}':
    '需要 4 个数(最小经度,最小纬度,最大经度,最大纬度),收到 {n} 个',
  'every value must be a number': '每个值都须为数字',
  '{axis} {value} is outside -180..180': '{axis} {value} 超出 -180..180',
  'latitude {value} is outside -90..90 (the order is minLon,minLat,maxLon,maxLat)':
    '纬度 {value} 超出 -90..90(顺序为 最小经度,最小纬度,最大经度,最大纬度)',
  'minimum latitude is above the maximum': '最小纬度大于最大纬度',
  'boxes crossing the antimeridian are not supported': '不支持跨越 180° 经线的范围',
  'must be below {n} at zoom {z} (0 ≤ {name} < 2^z)': '在第 {z} 级须小于 {n}(0 ≤ {name} < 2^z)',

  // Requests.
  'is not valid JSON': '不是有效的 JSON',
  'is too large': '过大',
  'is larger than the server accepts': '超出服务器接受的大小',
  'must be UTF-8': '须为 UTF-8 编码',
  'must be UTF-8 JSON': '须为 UTF-8 编码的 JSON',
  'must be multipart/form-data': '须为 multipart/form-data',
  'is not a readable multipart/form-data body': '不是可读取的 multipart/form-data 内容',
  'has a percent-escape that is not UTF-8 text': '含有不是 UTF-8 文本的百分号转义',
  'is not percent-encoded UTF-8 text': '不是百分号编码的 UTF-8 文本',
  'nests arrays and objects deeper than {n} levels': '数组和对象嵌套超过 {n} 层',
  'is not a known parameter': '不是已知参数',
  'is not a known parameter for a write': '不是写入的已知参数',
  'is not a parameter of an import': '不是导入的参数',
  'cannot be combined with gcj02': '不能与 gcj02 同时使用',
  'only json (GeoJSON) is offered': '只提供 json(GeoJSON)',
  '{hint}; see /collections/{layer}/queryables': '{hint};见 /collections/{layer}/queryables',
  'a download holds every matching entry; narrow it by time': '下载包含所有匹配的记录,请按时间缩小范围',
  'an export holds every matching feature; narrow it with bbox or properties':
    '导出包含所有匹配的要素,请用范围或属性缩小',
  'must be json or csv': '须为 json 或 csv',
  'Nothing is served at {path}.': '{path} 没有内容。',
  'Content-Type must be {types}.': 'Content-Type 须为 {types}。',
  'The server could not complete the request.': '服务器未能完成该请求。',
  'Too many of these requests at once; try again in a moment.': '同时请求过多,请稍后再试。',
  'The store has {n} operations waiting, as many as it queues; try again in {s} s.':
    '数据库有 {n} 个操作在排队,已满;请 {s} 秒后再试。',
  '{reason}; try again in {s} s': '{reason};请 {s} 秒后再试',
  'every import worker is busy': '所有导入进程都在忙',
  'the import worker stopped ({why})': '导入进程已停止({why})',

  // Accounts and roles.
  'needs a signed-in user': '需要登录',
  'Authorization must be "Bearer <token>".': 'Authorization 须为 "Bearer <token>"。',
  'The token is not valid or has expired: sign in again.': '登录凭据无效或已过期:请重新登录。',
  'There is no user {name}.': '没有用户 {name}。',
  'needs the role planner': '需要规划人员角色',
  'this user name is taken': '该用户名已被使用',
  'username: {name} is taken.': '用户名 {name} 已被占用。',
  'would leave no active administrator': '这是唯一启用的系统管理员,不能降级或停用;请先将另一位用户设为系统管理员。',
  'The user name or the password is wrong, or there were too many attempts: try again in a few minutes.':
    '用户名或密码错误,或尝试次数过多:请几分钟后再试。',
  'This needs a signed-in {role}: send Authorization: Bearer <token>.': '需要以 {role} 身份登录。',
  'This needs the role {role} ({label}) or above; {user} is a {their}.':
    '需要{label}({role})或以上角色;{user} 是 {their}。',
  '{name}: filtering by this field needs a signed-in user': '{name}:按该字段筛选需要登录',
  '{name}: a responder may change only the live fields ({fields}).': '{name}:值班人员只能修改实时字段({fields})。',
  "properties.status: a planned feature is the planners' to change.":
    'properties.status:规划中的要素只能由规划人员修改。',

  // Editing.
  'is required for this write': '写入时必填',
  'If-Match: send the ETag of the feature you edited, so a colleague’s change is not overwritten.':
    'If-Match:请发送所编辑要素的 ETag,以免覆盖同事的修改。',
  'must be the ETag as the API sent it, e.g. "3"': '须为 API 给出的 ETag,如 "3"',
  'is the ETag of the copy anonymous readers get: read the feature signed in':
    '这是匿名读者的副本的 ETag:请登录后读取该要素',
  'it is now at revision {n}': '现为第 {n} 版',
  'The {what} is at revision {current}, not {expected}: someone changed it since you read it.':
    '该{what}现为第 {current} 版而非第 {expected} 版:读取后已有人修改。',
  'If-Match: {message} Read it again and redo your edit.': 'If-Match:{message}请重新读取后再修改。',
  'must be a commit position as the API sent it, such as 0/1A2B3C8': '须为 API 给出的提交位置,如 0/1A2B3C8',
  'is not a field: a merge patch may not name it': '不是字段:合并补丁不能使用它',
  'a merge patch must be a JSON object': '合并补丁须为 JSON 对象',
  'does not match the feature in the path': '与路径中的要素不一致',
  'There is no feature {id} in {layer}.': '{layer} 中没有要素 {id}。',
  'There is no history for {id} in {layer}.': '{layer} 中没有 {id} 的历史记录。',
  'There is no collection "{id}"; see /collections.': '没有图层“{id}”;见 /collections。',
  'There is no layer "{id}"; see /collections.': '没有图层“{id}”;见 /collections。',
  'position {at} is far outside the district; if that is intended, send the request again with ?allow_outside_district=true':
    '位置 {at} 远在本辖区之外;如确有此意,请加 ?allow_outside_district=true 再次发送',

  // Analyses, scenarios and publishing.
  'only depots hold stock': '只有物资库有库存',
  'only shelters have places': '只有避难场所有容量',
  'only teams have specialties': '只有救援队伍有专长',
  'no depot stocks {items}; items held: {known}': '没有物资库储备 {items};现有物资:{known}',
  'unknown {values}; known: {known}': '未知:{values};已知:{known}',
  'items: searching stock needs a signed-in user': 'items:查询库存需要登录',
  'no such scenario': '没有该方案',
  'must list scenario ids, comma-separated': '须列出方案编号,以逗号分隔',
  'must name at least one scenario': '至少须指定一个方案',
  '{name}: scenarios are read by signed-in staff.': '{name}:方案须登录后查看。',
  '{name}: there is no scenario {id}.': '{name}:没有方案 {id}。',
  'There is no scenario {id}.': '没有方案 {id}。',
  'There is no history for scenario {id}.': '没有方案 {id} 的历史记录。',
  'There is no coverage analysis "{target}"; try shelters, cameras, broadcast or fire_stations.':
    '没有覆盖分析“{target}”;可用 shelters、cameras、broadcast 或 fire_stations。',
  '{id} is not a published layer; the published ones are {layers}.': '{id} 不是发布的图层;发布的图层为 {layers}。',
  'There is no published version {n}.': '没有已发布的第 {n} 版。',
  'Nothing has been published yet.': '尚未发布任何版本。',
  'Version {n} has no layer {layer}.': '第 {n} 版没有图层 {layer}。',
  'Scenario {scenario} has no proposal {proposal}.': '方案 {scenario} 中没有方案点 {proposal}。',
  'Proposal {proposal} was promoted already: it is feature {feature} of {layer}.':
    '方案点 {proposal} 已转为现状:是 {layer} 的要素 {feature}。',
  'is the id of another proposal in this scenario': '是本方案中另一个方案点的编号',
  'is the id of a proposal promoted already': '是已转为现状的方案点的编号',
  'Nothing has changed since version {n}: there is nothing to publish.': '自第 {n} 版以来没有变化:无需发布。',
  'Version {n} was withdrawn already.': '第 {n} 版已撤回。',

  // Incidents.
  'There is no incident {id}.': '没有事件 {id}。',
  'must be around or nearest': '须为 around 或 nearest',
  'must be open or closed': '须为 open 或 closed',
  'there is no feature {id} in {layer}': '{layer} 中没有要素 {id}',
  'is planned, not built: it cannot be sent': '尚在规划、未建成:不能调派',
  'has no point to send from': '没有可出发的位置',
  "This API is a province view (ONEMAP_COUNTY={view}): {layer} is written through its county's own API.":
    '本服务为省级视图(ONEMAP_COUNTY={view}):{layer} 须通过本县的服务写入。',
  '{layer} is one layer for the whole database, not kept per county.': '{layer} 为全库共用的一个图层,不按县分别存放。',
  'is needed: a province view (ONEMAP_COUNTY={view}) writes to no county':
    '缺少县级行政区划代码:省级视图(ONEMAP_COUNTY={view})不写入任何县,请通过本县的服务写入',
  'stage {stage}: {reason}': '阶段 {stage}:{reason}',
  'the incident was closed by its {final}: nothing follows it': '事件已以{final}结束:其后不能再记录',
  '{stage} cannot come before the {first}': '{stage}不能早于{first}',
  'the incident has its {first} already: write a {follow}': '事件已有{first}:请写{follow}',

  // Terrain.
  'No elevation model (DEM) has been imported.': '尚未导入高程模型(DEM)。',
  'The observer is outside the elevation model.': '观察点在高程模型范围之外。',
  'The observer stands on a cell of the elevation model without a height.': '观察点所在的高程模型格网没有高程值。',
  'the camera has no position, range or field of view': '该摄像头没有位置、监测距离或视场角',
  'the camera has no mast height: give one': '该摄像头没有架设高度:请填写',
  'must be a number of metres': '须为米数',
  'must be 0 m or more': '不得小于 0 米',
  'must be 500 m or less': '不得大于 500 米',
  'send the GeoTIFF file as the request body': '请把 GeoTIFF 文件作为请求体发送',
  'another DEM is being imported; try again in 30 s': '正在导入另一个高程模型;请 30 秒后再试',
  'every viewshed worker is busy; try again in 10 s': '所有视域计算进程都在忙;请 10 秒后再试',
  'is not a GeoTIFF file': '不是 GeoTIFF 文件',
  'is rotated; warp it north-up first': '有旋转;请先重采样为正北朝上',
  'has no georeferencing (no tie point and pixel scale)': '没有地理参考(无控制点和像元大小)',
  'is tied by ground control points, not a regular grid': '由地面控制点配准,不是规则格网',
  'names no EPSG coordinate system; save it with one (e.g. EPSG:4490 or 4528)':
    '未声明 EPSG 坐标系;请保存时指定(如 EPSG:4490 或 4528)',
  'has fewer than 2 × 2 cells': '少于 2 × 2 个格网',
  'declares {cols} × {rows} cells, more than the {max} a DEM may have':
    '声明了 {cols} × {rows} 个格网,超过高程模型上限 {max}',
  'has a cell size that is not positive': '格网大小不是正数',
  'has cells that cannot be read (truncated or an unsupported compression)':
    '有无法读取的格网(文件截断或压缩方式不支持)',
  'holds fewer cells than it declares': '格网数少于声明的数目',
  'lies outside the longitudes of China’s Gauss-Krüger zones (75°E–135°E)':
    '超出我国高斯-克吕格分带的经度范围(75°E–135°E)',
  'covers {box}, which does not reach the district ({district})': '覆盖 {box},未到达本辖区({district})',
  'would take {cols} × {rows} cells of {cell} m, more than {max}': '需要 {cols} × {rows} 个 {cell} 米格网,超过 {max}',
  'needs more {what} to read than an import has': '读取所需的{what}超出导入的限额',
  memory: '内存',
  time: '时间',
  'is in {code}, which cannot be reprojected here: use longitude/latitude (EPSG:4490 or 4326), a CGCS2000 Gauss-Krüger zone or a WGS 84 UTM zone':
    '坐标系为 {code},此处无法转换:请使用经纬度(EPSG:4490 或 4326)、CGCS2000 高斯-克吕格分带或 WGS 84 UTM 分带',
  'is longer than 500 characters': '超过 500 个字符',

  // Roads.
  'is {kmh} km/h, outside (0, 200]': '为 {kmh} km/h,超出 (0, 200]',
  '{class} is not a road class with a speed, and the road has no speed_kmh':
    '{class} 不是有速度的道路等级,且该道路没有 speed_kmh',
  'has a part that is not a list of positions': '有一段不是坐标列表',
  'has a position that is not a longitude and latitude': '有坐标不是经纬度',
  'has a part with only one vertex': '有一段只有一个点',
};

interface Row {
  pattern: RegExp;
  names: string[];
  zh: string;
  /** Letters outside the braces: the more, the more specific the row. */
  weight: number;
}

const literal = (text: string) => text.replace(/[.*+?^$()[\]\\|]/g, '\\$&');

function rowOf(en: string, zh: string): Row {
  const names: string[] = [];
  const source = en
    .split(/(\{\w+\})/)
    .map((part) => {
      const name = /^\{(\w+)\}$/.exec(part)?.[1];
      if (!name) return literal(part).replace(/[{}]/g, '\\$&');
      names.push(name);
      return '([\\s\\S]+?)';
    })
    .join('');
  return { pattern: new RegExp(`^${source}$`), names, zh, weight: en.replace(/\{\w+\}/g, '').length };
}

const ROWS = Object.entries(ZH)
  .map(([en, zh]) => rowOf(en, zh))
  .sort((a, b) => b.weight - a.weight);

/** The English sentences of the table with their variable parts as `{}`, for the test that walks the sources. */
export const ENGLISH_SHAPES: readonly string[] = Object.keys(ZH).map((en) => en.replace(/\{\w+\}/g, '{}'));

/** The Chinese of an English reason, title or detail; the English itself when no row says it. */
export function inChinese(english: string): string {
  for (const row of ROWS) {
    const m = row.pattern.exec(english);
    if (!m) continue;
    return row.names.reduce((zh, name, i) => zh.replaceAll(`{${name}}`, inChinese(m[i + 1])), row.zh);
  }
  return english;
}
