/**
 * Sheets from Taiwan, Hong Kong and Macao, and sheets laid out the Japanese way, write the same
 * words in other forms of the same characters: 名稱 and 經度 for 名称 and 经度, 収容人数 for 收容人数.
 * Each such character is folded onto the simplified one the registry uses before headers and value
 * labels are compared. The list holds the characters of the words an import recognises (headers,
 * field labels, value labels) that have another form; folding serves matching only, and nothing
 * folded is ever stored.
 */

// Pairs of other form → simplified form: traditional first, then Japanese shinjitai where it differs.
const PAIRS =
  '稱称 屬属 鄉乡 鎮镇 記记 錄录 狀状 態态 註注 銷销 編编 號号 數数 據据 來来 標标 係系 繫系 創创 時时 間间 級级 ' +
  '類类 層层 區区 緊紧 難难 場场 積积 設设 計计 納纳 當当 規规 範范 開开 關关 閉闭 劃划 應应 電电 醫医 療疗 護护 ' +
  '廁厕 廣广 資资 儲储 備备 負负 責责 聯联 絡络 話话 權权 協协 議议 會会 實实 產产 庫库 隊队 專专 綜综 長长 險险 ' +
  '處处 滅灭 築筑 搶抢 崗岗 員员 車车 輛辆 職职 見见 熱热 雙双 譜谱 桿杆 監监 測测 徑径 視视 點点 園园 隱隐 內内 ' +
  '澇涝 發发 學学 階阶 現现 掛挂 辦办 脅胁 財财 風风 紅红 較较 黃黄 藍蓝 質质 災灾 貿贸 臺台 颱台 評评 單单 價价 ' +
  '陣阵 頻频 後后 嚴严 餘余 報报 顯显 蓋盖 動动 氣气 縣县 碼码 網网 兒儿 養养 體体 館馆 倉仓 機机 構构 統统 詳详 ' +
  '細细 別别 種种 經经 東东 緯纬 縱纵 橫横 幾几 訊讯 圖图 總总 戶户 營营 運运 與与 無无 為为 況况 線线 橋桥 鐵铁 ' +
  '從从 務务 圍围 義义 鄰邻 ' +
  '経经 収收 県县 険险 処处 発发 広广 図图 応应 単单 価价 気气 縦纵 関关 効效 様样 帯带 転转 鉄铁 対对 拠据 ' +
  '団团 齢龄 児儿 総总 営营 窓窗';

const FOLD = new Map(PAIRS.split(' ').map((pair) => [pair[0], pair[1]] as const));

/** The text with every listed character in its simplified form. */
export function foldHanForms(text: string): string {
  let folded = '';
  for (const char of text) folded += FOLD.get(char) ?? char;
  return folded;
}
