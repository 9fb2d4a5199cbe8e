/** 牵头单位 / 责任单位 cells: every name known to the plan's registry, written one way, separated by 、. */
import { isCollective } from "../../plan/units";
import { normalizeUnit, splitUnitCell, type UnitRegistry } from "../unitNames";
import { issue, type LedgerIssue, type Located } from "./issue";

export interface UnitCellResult {
  /** The registered names the cell means, aliases resolved (unknown names as written). */
  names: string[];
  issues: LedgerIssue[];
}

interface Finding {
  code: string;
  severity: LedgerIssue["severity"];
  /** The message after the cell's location and label. */
  text: string;
  suggestion: string | null;
  fix?: { text: string };
}

interface Analysis {
  names: string[];
  findings: Finding[];
}

/** Checks unit cells against one registry; the same text is analysed once, however many cells hold it. */
export class UnitCellChecker {
  private readonly cache = new Map<string, Analysis>();

  constructor(private readonly registry: UnitRegistry) {}

  check(raw: string, loc: () => Located, label: string): UnitCellResult {
    let a = this.cache.get(raw);
    if (!a) {
      a = this.analyse(raw);
      this.cache.set(raw, a);
    }
    if (!a.findings.length) return { names: a.names, issues: [] };
    const at = loc();
    const where = `${at.sheet}!${at.cell}：${label}`;
    return {
      names: a.names,
      issues: a.findings.map((f) => issue(at, f.code, f.severity, where + f.text, f.suggestion, f.fix)),
    };
  }

  private analyse(raw: string): Analysis {
    const findings: Finding[] = [];
    const { names, oddSeparator } = splitUnitCell(raw, this.registry);
    const written: string[] = [];
    const meant: string[] = [];
    const aliases: string[] = [];
    const seen = new Set<string>();
    const repeated: string[] = [];
    for (const name of names) {
      const hit = this.registry.lookup(name);
      if (!hit && !isCollective(normalizeUnit(name))) findings.push(this.unknown(name));
      // An alias is written out as the registered name: counted either way, but one name reads clearer.
      if (hit?.via === "alias") aliases.push(`“${name}”是“${hit.entry.name}”的别名`);
      const resolved = hit ? hit.entry.name : name;
      const key = normalizeUnit(resolved);
      if (seen.has(key)) repeated.push(resolved);
      else {
        seen.add(key);
        written.push(resolved);
        meant.push(hit ? hit.entry.name : name);
      }
    }
    const proposal = written.join("、");
    if (repeated.length) {
      findings.push({
        code: "UNIT_DUPLICATE",
        severity: "warning",
        text: `中“${repeated.join("、")}”重复填写，建议改为“${proposal}”。`,
        suggestion: proposal,
        fix: { text: proposal },
      });
    } else if (oddSeparator) {
      findings.push({
        code: "UNIT_SEPARATOR",
        severity: "warning",
        text: `请用顿号“、”分隔多个单位，建议改为“${proposal}”。`,
        suggestion: proposal,
        fix: { text: proposal },
      });
    } else if (aliases.length) {
      findings.push({
        code: "UNIT_ALIAS",
        severity: "warning",
        text: `中${aliases.join("，")}（统计时已按该单位计），建议统一写为“${proposal}”（--fix 可自动改）。`,
        suggestion: proposal,
        fix: { text: proposal },
      });
    } else if (proposal !== raw && names.length) {
      findings.push({
        code: "UNIT_NOT_NORMALIZED",
        severity: "warning",
        text: `“${raw}”含多余空格、全角字符或简写，建议按单位名录写为“${proposal}”。`,
        suggestion: proposal,
        fix: { text: proposal },
      });
    }
    return { names: meant, findings };
  }

  private unknown(name: string): Finding {
    const options = this.registry.suggest(name);
    const text =
      options.length === 1
        ? `“${name}”不在单位名录中，是否应为“${options[0]}”？如确为新单位，请在“单位”表中补充。`
        : options.length
          ? `“${name}”不在单位名录中，可能是：${options.map((o) => `“${o}”`).join("、")}。请核对后修改。`
          : `“${name}”不在单位名录中，请核对单位全称，或在“单位”表中补充（可填写别名）。`;
    return {
      code: "UNIT_UNKNOWN",
      severity: "error",
      text,
      suggestion: options.length ? options.join("、") : null,
    };
  }
}
