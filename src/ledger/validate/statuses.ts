/** 状态: the three words, the synonyms offices use for them, and everything else. */
import { STATUSES, type Status } from "../vocabulary";
import { issue, type LedgerIssue, type Located } from "./issue";

const SYNONYMS: Record<string, Status> = {
  完成: "已完成",
  已办结: "已完成",
  办结: "已完成",
  任务完成: "已完成",
  全部完成: "已完成",
  已落实: "已完成",
  完成了: "已完成",
  已经完成: "已完成",
  正在推进: "推进中",
  序时推进: "推进中",
  正常推进: "推进中",
  有序推进: "推进中",
  进行中: "推进中",
  正在进行: "推进中",
  推进: "推进中",
  在推进: "推进中",
  持续推进: "推进中",
  进展较快: "推进中",
  超进度: "推进中",
  进度缓慢: "推进中",
  欠进度: "推进中",
  滞后: "推进中",
  按序时: "推进中",
  未开始: "未启动",
  尚未启动: "未启动",
  未推进: "未启动",
  暂未启动: "未启动",
  没有启动: "未启动",
};

interface StatusAnalysis {
  status: Status | null;
  finding?: {
    code: string;
    severity: LedgerIssue["severity"];
    text: string;
    suggestion: string | null;
    fix?: { text: string };
  };
}

const analysed = new Map<string, StatusAnalysis>();

function analyse(raw: string): StatusAnalysis {
  if ((STATUSES as readonly string[]).includes(raw)) return { status: raw as Status };
  const s = raw.normalize("NFKC").replace(/\s+/g, "");
  if (!s)
    return {
      status: null,
      finding: {
        code: "STATUS_EMPTY",
        severity: "warning",
        text: "状态为空，请从下拉列表选择（新任务为“未启动”）。",
        suggestion: "未启动",
      },
    };
  if ((STATUSES as readonly string[]).includes(s)) {
    return {
      status: s as Status,
      finding: {
        code: "STATUS_NOT_NORMALIZED",
        severity: "warning",
        text: `状态“${raw}”含多余空格或全角字符，应为“${s}”。`,
        suggestion: s,
        fix: { text: s },
      },
    };
  }
  const std = SYNONYMS[s];
  if (std) {
    return {
      status: std,
      finding: {
        code: "STATUS_SYNONYM",
        severity: "warning",
        text: `状态“${raw}”不是标准用语，建议改为“${std}”（可选：${STATUSES.join("、")}）。`,
        suggestion: std,
        fix: { text: std },
      },
    };
  }
  const hint = /逾期/.test(s) ? "“逾期”是预警，由台账自动计算，不是状态。" : "";
  return {
    status: null,
    finding: {
      code: "STATUS_UNKNOWN",
      severity: "error",
      text: `状态“${raw}”无法识别。${hint}请从下拉列表选择：${STATUSES.join("、")}。`,
      suggestion: null,
    },
  };
}

/** The status the row counts as (the standard word, or the synonym's), and the issues of its cell. */
export function checkStatus(
  raw: string,
  loc: () => Located,
): { status: Status | null; issues: LedgerIssue[] } {
  let a = analysed.get(raw);
  if (!a) {
    a = analyse(raw);
    if (analysed.size < 10_000) analysed.set(raw, a);
  }
  const f = a.finding;
  if (!f) return { status: a.status, issues: [] };
  const at = loc();
  return {
    status: a.status,
    issues: [issue(at, f.code, f.severity, `${at.sheet}!${at.cell}：${f.text}`, f.suggestion, f.fix)],
  };
}
