/** Quantitative targets written inline: `99%以上`, `20个工作日`, `4.6小时以内`, `不少于500`, `20家左右`. */

const LEAD =
  "不少于|不低于|不超过|不高于|不多于|至少|超过|达到|提高至|提高到|提升至|压减至|压减到|压缩至|压缩到|降至|降低至|控制在|缩短至|减少";
const UNITS =
  "%|％|个百分点|个工作日|个自然日|工作日|万时户|万户|万元|亿元|元|小时|分钟|天|日|家|项|名|人次|人|户|次|件|个|倍|平方米|公里|千米|吨|亩|所|座";
const TAIL = "以上|以内|以下|左右|及以上";
const TARGET_RE = new RegExp(
  `(${LEAD})?(\\d+(?:\\.\\d+)?(?:\\s*[-~～至]\\s*\\d+(?:\\.\\d+)?)?)\\s*(${UNITS})?(${TAIL})?`,
  "g",
);

export function findTargets(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(TARGET_RE)) {
    const [whole, lead, , unit, tail] = m;
    const start = m.index!;
    const before = text[start - 1] ?? "";
    const after = text[start + whole.length] ?? "";
    if (/[A-Za-z0-9.]/.test(before) || /[A-Za-z0-9]/.test(after)) continue;
    if (!lead && !unit && !tail) continue;
    // Dates and document numbers are not targets: 6月30日, 2022年, 〔2021〕1161号.
    if (/^[年月号]/.test(after) || (unit === "日" && before === "月")) continue;
    if (!lead && !tail && (unit === "日" || unit === "天")) continue;
    out.push(whole.trim());
  }
  return [...new Set(out)];
}
