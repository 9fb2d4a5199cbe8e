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
  // Days since 1970-01-01 of each system's day zero: 1904-01-01, 1899-12-31 (before the fake leap day), 1899-12-30.
  const base = date1904 ? -24107 : whole < 60 ? -25568 : -25569;
  return civilFromDays(base + whole);
}

/** Calendar date of a day count since 1970-01-01, by integer arithmetic (no Date objects on the hot path). */
function civilFromDays(days: number): string {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return ymd(y, m, d);
}

export function isoToSerial(iso: string): number {
  const t = Date.UTC(+iso.slice(0, 4), +iso.slice(5, 7) - 1, +iso.slice(8, 10));
  return Math.round((t - Date.UTC(1899, 11, 30)) / 86_400_000);
}

const dateFormats = new Map<string, boolean>();

/** A number format that shows a date (y, m, d codes outside quotes and brackets, or a CJK date format). */
export function isDateFormat(fmt: string): boolean {
  if (!fmt || fmt === "General" || fmt === "@") return false;
  let known = dateFormats.get(fmt);
  if (known === undefined) {
    const bare = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "");
    known = /[yd]/i.test(bare) || /m.*[d]|[y].*m/i.test(bare) || /年|月|日/.test(fmt);
    dateFormats.set(fmt, known);
  }
  return known;
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
