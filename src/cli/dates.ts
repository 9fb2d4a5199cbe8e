import { CliError } from "./io";

const pad = (n: number) => String(n).padStart(2, "0");

/** The local calendar day of `d` as `YYYY-MM-DD`. */
export function isoDay(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** `--as-of` values: `2022-09-30`, `2022/9/30`, `2022.9.30`. */
export function parseAsOf(s: string): string {
  const m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s.trim());
  const iso = m ? `${m[1]}-${pad(+m[2])}-${pad(+m[3])}` : "";
  const d = new Date(`${iso}T00:00:00Z`);
  if (!m || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso) {
    throw new CliError(
      `--as-of 的日期“${s}”无效，请写成 2022-09-30 这样的格式。\nInvalid --as-of date "${s}"; use YYYY-MM-DD.`,
      2,
    );
  }
  return iso;
}
