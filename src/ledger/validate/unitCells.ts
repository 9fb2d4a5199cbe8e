/** 牵头单位 / 责任单位 cells: every name known to the plan's registry, written one way, separated by 、. */
import { isCollective } from "../../plan/units";
import { normalizeUnit, splitUnitCell, type UnitRegistry } from "../unitNames";
import { issue, type LedgerIssue, type Located } from "./issue";

export interface UnitCellResult {
  /** The registered names the cell means, aliases resolved (unknown names as written). */
  names: string[];
  issues: LedgerIssue[];
}

export function checkUnitCell(
  raw: string,
  at: Located,
  label: string,
  registry: UnitRegistry,
): UnitCellResult {
  const where = `${at.sheet}!${at.cell}`;
  const issues: LedgerIssue[] = [];
  const { names, oddSeparator } = splitUnitCell(raw, registry);
  const canonical: string[] = [];
  const meant: string[] = [];
  const seen = new Set<string>();
  const repeated: string[] = [];
  for (const name of names) {
    const hit = registry.lookup(name);
    const resolved = hit ? (hit.via === "alias" ? name : hit.entry.name) : name;
    if (!hit && !isCollective(normalizeUnit(name))) {
      const options = registry.suggest(name);
      const msg =
        options.length === 1
          ? `${where}：${label}“${name}”不在单位名录中，是否应为“${options[0]}”？如确为新单位，请在“单位”表中补充。`
          : options.length
            ? `${where}：${label}“${name}”不在单位名录中，可能是：${options.map((o) => `“${o}”`).join("、")}。请核对后修改。`
            : `${where}：${label}“${name}”不在单位名录中，请核对单位全称，或在“单位”表中补充（可填写别名）。`;
      issues.push(
        issue(
          { ...at, value: raw },
          "UNIT_UNKNOWN",
          "error",
          msg,
          options.length ? options.join("、") : null,
        ),
      );
    }
    const key = normalizeUnit(resolved);
    if (seen.has(key)) repeated.push(resolved);
    else {
      seen.add(key);
      canonical.push(resolved);
      meant.push(hit ? hit.entry.name : name);
    }
  }
  const proposal = canonical.join("、");
  if (repeated.length) {
    const msg = `${where}：${label}中“${repeated.join("、")}”重复填写，建议改为“${proposal}”。`;
    issues.push(issue(at, "UNIT_DUPLICATE", "warning", msg, proposal, { text: proposal }));
  } else if (oddSeparator) {
    const msg = `${where}：${label}请用顿号“、”分隔多个单位，建议改为“${proposal}”。`;
    issues.push(issue(at, "UNIT_SEPARATOR", "warning", msg, proposal, { text: proposal }));
  } else if (proposal !== raw && names.length) {
    const msg = `${where}：${label}“${raw}”含多余空格、全角字符或简写，建议按单位名录写为“${proposal}”。`;
    issues.push(issue(at, "UNIT_NOT_NORMALIZED", "warning", msg, proposal, { text: proposal }));
  }
  return { names: meant, issues };
}
