/**
 * 未报送 from the 来源记录 sheet: the current round is the newest round collected; a lead unit
 * has reported when some collect of that round received its return (collects of one round add up: returns
 * arriving late are collected on their own). Pure: rows are the sheet's cells as text, header row first.
 */

/** The 来源记录 columns (header row of the tool's sheet). */
export const SOURCE_HEADERS = [
  "收集时间",
  "报送单位",
  "文件",
  "报送轮次",
  "处理",
  "编号",
  "列",
  "总台账原值",
  "报送值",
] as const;

/** The 处理 of the row a collect writes for each return it used. */
export const RECEIVED = "收到";

const col = (h: (typeof SOURCE_HEADERS)[number]) => SOURCE_HEADERS.indexOf(h);

/** Units whose return some collect of `round` received. */
export function receivedIn(rows: string[][], round: string): Set<string> {
  const out = new Set<string>();
  for (const r of rows.slice(1))
    if (r[col("处理")] === RECEIVED && r[col("报送轮次")] === round) out.add(r[col("报送单位")] ?? "");
  return out;
}

/**
 * The newest round collected (rounds are `YYYY-MM-DD`, so the greatest text): a late return of an
 * older round, collected after a newer one, does not take the current round back.
 */
export function currentRound(rows: string[][]): string {
  let round = "";
  for (const r of rows.slice(1)) {
    const v = r[col("报送轮次")] ?? "";
    if (r[col("收集时间")] && /^\d{4}-\d{2}-\d{2}$/.test(v) && v > round) round = v;
  }
  return round;
}

/** The current round (the newest collected) and the lead units with no return received in it. */
export function notReportedInSources(rows: string[][], leads: string[]): { round: string; units: string[] } {
  const round = currentRound(rows);
  if (!round) return { round: "", units: [] };
  const got = receivedIn(rows, round);
  return { round, units: leads.filter((u) => !got.has(u)) };
}
