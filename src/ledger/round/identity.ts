/**
 * Which master and which round a unit's copy belongs to. The marker travels in the copy (a hidden sheet)
 * and comes back with it, whatever the file is renamed to.
 */

export interface RoundMarker {
  /** Fingerprint of the master's plan (title, task numbers and titles): the same ledger, whatever its file name. */
  masterId: string;
  /** The plan's title, for messages. */
  title: string;
  /** The round: the as-of date the copies were sent for (`YYYY-MM-DD`). */
  round: string;
  /** The lead unit the copy was made for. */
  unit: string;
  /** When the copy was made (`YYYY-MM-DD HH:MM`). */
  issued: string;
}

/** Labels of the marker's rows in the hidden sheet, in order. */
export const MARKER_LABELS: Record<keyof RoundMarker, string> = {
  masterId: "台账编号",
  title: "计划标题",
  round: "报送轮次（统计截止日期）",
  unit: "报送单位",
  issued: "分发时间",
};

/** FNV-1a over UTF-16 code units: a stable, dependency-free fingerprint (not a security measure). */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}

/** The master's identity: its plan's title and tasks (number and title), as the hidden plan copy keeps them. */
export function masterIdOf(title: string, tasks: { id: number; title: string }[]): string {
  const body = [title, ...tasks.map((t) => `${t.id}\t${t.title}`).sort()].join("\n");
  return `PL-${fnv1a(body)}`;
}

/** A lead-unit cell (`区财政局、区税务局`) as its units. */
export function leadUnitsOf(cell: string): string[] {
  return cell
    .split(/[、,，;；\n]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

// Control characters are exactly what a file name must not hold.
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\\/:*?"<>|\u0000-\u001f\u007f]/g;
const RESERVED = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * A file name for a unit that every system accepts (Windows, macOS, Linux, zip tools): characters Windows
 * forbids become `_`, no leading or trailing dots or spaces, no reserved device names, at most 80 characters.
 * Names already used get `-2`, `-3`…
 */
export function unitFileNames(units: string[], ext = ".xlsx"): Map<string, string> {
  const out = new Map<string, string>();
  const used = new Set<string>();
  for (const u of units) {
    let base =
      u
        .replace(UNSAFE, "_")
        .replace(/^[\s.]+|[\s.]+$/g, "")
        .slice(0, 80) || "单位";
    if (RESERVED.test(base)) base = `_${base}`;
    let name = base;
    for (let k = 2; used.has(name.toLowerCase()); k++) name = `${base}-${k}`;
    used.add(name.toLowerCase());
    out.set(u, name + ext);
  }
  return out;
}

/** Sheets of a unit's copy and of the master that belong to the round. */
export const ROUND_SHEETS = {
  instructions: "填报说明",
  info: "报送信息",
  sources: "来源记录",
  periods: "历次进展",
} as const;

/** Workbook names that find the round's sheets whatever they are called (see SHEET_MARKERS). */
export const ROUND_MARKERS = {
  info: "PlanLedger_Round",
  sources: "PlanLedger_Sources",
  periods: "PlanLedger_Periods",
} as const;

/** Header of the baseline block in the copy's hidden sheet. */
export const BASELINE_HEADERS = ["编号", "列", "发出时的值"] as const;
