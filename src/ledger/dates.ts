/** Dates as staff enter them: serials of either date system, and text in the five usual shapes. */

const pad = (n: number) => String(n).padStart(2, "0");

export function isValidYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

/**
 * An Excel date serial to ISO. The 1900 system counts 1900-02-29 (serial 60), a day that never was, to
 * stay compatible with Lotus 1-2-3: serials from 61 on are one day ahead of a plain count. Null for 60
 * and for serials outside Excel's range.
 */
export function serialToIso(serial: number, date1904: boolean): string | null {
  const whole = Math.floor(serial);
  if (!Number.isFinite(serial) || whole < (date1904 ? 0 : 1) || whole > 2958465) return null;
  if (!date1904 && whole === 60) return null;
  const base = date1904 ? Date.UTC(1904, 0, 1) : whole < 60 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(base + whole * 86_400_000).toISOString().slice(0, 10);
}

export function isoToSerial(iso: string): number {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

/** A number format that shows a date (y, m, d codes outside quotes and brackets, or a CJK date format). */
export function isDateFormat(fmt: string): boolean {
  if (!fmt || fmt === "General" || fmt === "@") return false;
  const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
  return /[yd]/i.test(bare) || /m.*[d]|[y].*m/i.test(bare) || /年|月|日/.test(fmt);
}

export type TextDate =
  { kind: "date"; iso: string } | { kind: "impossible"; y: number; m: number; d: number } | { kind: "none" };

const SHAPES = [
  /^(\d{4})-(\d{1,2})-(\d{1,2})$/,
  /^(\d{4})\/(\d{1,2})\/(\d{1,2})$/,
  /^(\d{4})\.(\d{1,2})\.(\d{1,2})$/,
  /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?$/,
  /^(\d{4})(\d{2})(\d{2})$/,
];

/** Read a date typed as text; tells a real date, an impossible one (2022-02-30) and no date at all. */
export function readTextDate(raw: string): TextDate {
  const s = raw.normalize("NFKC").trim();
  for (const re of SHAPES) {
    const m = re.exec(s);
    if (!m) continue;
    const [y, mo, d] = [+m[1], +m[2], +m[3]];
    return isValidYmd(y, mo, d) ? { kind: "date", iso: ymd(y, mo, d) } : { kind: "impossible", y, m: mo, d };
  }
  return { kind: "none" };
}
