/** `plan-ledger parse [PLAN] [--json]`: what the parser made of a plan. */
import { diagnosticPlace, type Plan } from "../plan";

export function formatPlanSummary(plan: Plan, file: string): string {
  const out: string[] = [];
  out.push(`计划 Plan: ${plan.title}`);
  out.push(`文件 File: ${file}`);
  out.push(`发布日期 Published: ${plan.published ?? "未注明 (none)"}    计划年度 Year: ${plan.year}`);
  const collective = plan.units.filter((u) => u.collective).length;
  out.push(
    `领域 Domains: ${plan.domains.length}    任务 Tasks: ${plan.tasks.length}    单位 Units: ${plan.units.length}（其中集体名称 collective ${collective}）`,
  );
  out.push("");
  out.push("领域 Domains:");
  for (const d of plan.domains) {
    const n = plan.tasks.filter((t) => t.domainOrdinal === d.ordinal).length;
    out.push(`  ${d.label || d.ordinal} ${d.name}  ${n}项  牵头: ${d.leadUnits.join("、") || "—"}`);
  }
  out.push("");
  out.push("时限 Deadlines by month (写明的 explicit / 推定 inferred):");
  const byMonth = new Map<string, { explicit: number; inferred: number }>();
  for (const t of plan.tasks) {
    for (const d of t.deadlines) {
      const key = d.date.slice(0, 7);
      const row = byMonth.get(key) ?? { explicit: 0, inferred: 0 };
      if (d.inferred) row.inferred++;
      else row.explicit++;
      byMonth.set(key, row);
    }
  }
  for (const [month, row] of [...byMonth].sort()) {
    out.push(
      `  ${month}  ${row.explicit} 个写明${row.inferred ? `，${row.inferred} 项推定 (no date given)` : ""}`,
    );
  }
  out.push("");
  const bySeverity = (s: string) => plan.diagnostics.filter((d) => d.severity === s);
  const errors = bySeverity("error");
  const warnings = bySeverity("warning");
  const infos = bySeverity("info");
  out.push(
    `提示 Diagnostics: ${errors.length} 错误 errors, ${warnings.length} 警告 warnings, ${infos.length} 说明 notes`,
  );
  for (const d of [...errors, ...warnings, ...infos]) {
    const tag = d.severity === "error" ? "错误" : d.severity === "warning" ? "警告" : "说明";
    const place = diagnosticPlace(d);
    out.push(`  [${tag}] ${place ? `${place} ` : ""}${d.message}`);
  }
  return out.join("\n");
}
