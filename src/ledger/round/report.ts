/**
 * What a collect did, in words (for the command line now, the add-in later) and as 来源记录 rows: which
 * file every entry came from, every conflict with each value, what was rejected or ignored, who is missing.
 */
import type { Cell } from "../../workbook/spec";
import type { RoundMerge } from "./merge";
import type { ReturnProblem } from "./checkReturn";

export interface CollectedFile {
  file: string;
  unit: string;
  round: string;
  /** Problems validation found in the return (errors are rejected entries; warnings are listed). */
  problems: ReturnProblem[];
}

export interface CollectOutcome {
  round: string;
  merge: RoundMerge;
  files: CollectedFile[];
  /** Files that could not be used, with why. */
  unusable: { file: string; reason: string }[];
  notReported: string[];
  /** A newer round already collected: these returns are late copies of an older round (said in the report). */
  newerRound?: string;
  /** The round's period is already recorded in 历次进展 (`close` ran): the entries count from the next period. */
  periodClosed?: true;
  /** The round is after the ledger's 统计截止日期 (this date): the ledger should be brought to the round first. */
  ledgerAsOf?: string;
}

const short = (s: string, n = 40) => {
  const one = s.replace(/\n/g, " ");
  return one.length > n ? `${one.slice(0, n)}…` : one;
};
const quoted = (s: string) => (s === "" ? "（空）" : `“${short(s)}”`);

const IGNORED = {
  "not-sent": "不是分发给该单位的行（可能是从别处复制来的），未采用",
  "not-in-master": "总台账中已没有这一行，未采用",
  duplicate: "同一编号出现在多行，哪一行是这项任务无法确定，这些行都未采用",
} as const;

const ignoredText = (i: RoundMerge["ignored"][number]) =>
  i.reason === "duplicate" && i.rows?.length
    ? `同一编号出现在第 ${i.rows.join("、")} 行，哪一行是这项任务无法确定，这些行都未采用；请该单位改正序号（每项任务一行）后重新报送`
    : IGNORED[i.reason];

export function describeCollect(o: CollectOutcome): string {
  const m = o.merge;
  const out: string[] = [];
  const count = (file: string, list: { file?: string; files?: string[] }[]) =>
    list.filter((x) => x.file === file || x.files?.includes(file)).length;
  out.push(`报送轮次（统计截止日期）Round: ${o.round}`);
  out.push(`收到 ${o.files.length} 份报送表 Returns: ${o.files.length}`);
  for (const f of o.files) {
    const conflicts = m.conflicts.filter((c) => c.returns.some((r) => r.file === f.file)).length;
    const errors = f.problems.filter((p) => p.severity === "error").length;
    out.push(
      `  ${f.file}（${f.unit}）：采用 ${count(f.file, m.taken)} 项，冲突 ${conflicts} 项，有误未采用 ${count(f.file, m.rejected)} 项（错误 ${errors} 处），忽略 ${count(f.file, m.ignored)} 行`,
    );
  }
  out.push("", `采用 Taken: ${m.taken.length} 项`);
  for (const t of m.taken)
    out.push(
      `  ${t.key} ${t.column}：${quoted(t.from.text)} → ${quoted(t.to.text)}（${t.files.join("、")}）`,
    );
  if (m.agreed) out.push(`  另有 ${m.agreed} 项报送内容与总台账现有内容相同，无需改动。`);
  out.push(
    "",
    `冲突 Conflicts: ${m.conflicts.length} 项${m.conflicts.length ? "（总台账保留原内容，请核对后在总台账中手工决定）" : ""}`,
  );
  for (const c of m.conflicts) {
    const why =
      c.kind === "master"
        ? `分发后总台账也改过（分发时 ${quoted(c.baseline)}，现在 ${quoted(c.master)}）`
        : c.kind === "row"
          ? `同一行的其他列有冲突，整行一起决定（总台账 ${quoted(c.master)}）`
          : `两份报送表填得不同（总台账 ${quoted(c.master)}）`;
    out.push(`  ${c.key}《${short(c.label, 20)}》${c.column}：${why}`);
    for (const r of c.returns) out.push(`      ${r.file}（${r.unit}）：${quoted(r.value)}`);
  }
  const problems = o.files.flatMap((f) => f.problems.map((p) => ({ ...p, file: f.file })));
  if (problems.length) {
    out.push(
      "",
      `报送表中的问题 Problems in returns: ${problems.length} 处（错误的单元格未采用，请该单位改正后重新报送）`,
    );
    for (const p of problems)
      out.push(
        `  ${p.file} ${p.cell} [${p.key}] ${p.severity === "error" ? "错误" : "警告"}：${p.message}${p.suggestion && !p.message.includes(p.suggestion) ? `（建议：${p.suggestion}）` : ""}${p.standardised ? `（已按“${p.standardised}”采用，没有原样写入）` : ""}`,
      );
  }
  if (m.rejected.length) {
    out.push("", `有误未采用 Rejected: ${m.rejected.length} 项（该行有错误，整行未采用）`);
    for (const r of m.rejected) out.push(`  ${r.file}（${r.unit}）${r.key} ${r.column}：${quoted(r.value)}`);
  }
  if (m.ignored.length) {
    out.push("", `忽略 Ignored: ${m.ignored.length} 行`);
    for (const i of m.ignored) out.push(`  ${i.file}（${i.unit}）${i.key}：${ignoredText(i)}`);
  }
  if (m.missing.length) {
    out.push(
      "",
      `报送表中缺少的行 Rows missing from returns: ${m.missing.length} 行（被删除，未采用任何内容）`,
    );
    for (const x of m.missing) out.push(`  ${x.file}（${x.unit}）${x.key}`);
  }
  if (o.unusable.length) {
    out.push("", `无法使用的文件 Unusable files: ${o.unusable.length} 份（未采用任何内容）`);
    for (const u of o.unusable) out.push(`  ${u.file}：${u.reason}`);
  }
  out.push(
    "",
    o.notReported.length
      ? `未报送 Not reported: ${o.notReported.length} 个单位：${o.notReported.join("、")}`
      : "未报送 Not reported: 无，全部单位已报送。",
  );
  if (o.periodClosed)
    out.push(
      "",
      `注意：${o.round} 期已经结束（“历次进展”中已有这一期的记录），这些报送表是迟交的。采用的内容不会补进 ${o.round} 期的记录，` +
        `将计入下一期（下次“结束本期”时算作下一期的变化）。` +
        `\nNote: period ${o.round} is already closed in 历次进展; these late entries count in the next period.`,
    );
  if (o.ledgerAsOf)
    out.push(
      "",
      `注意：报送轮次 ${o.round} 晚于总台账的统计截止日期 ${o.ledgerAsOf}。请先运行 plan-ledger update 台账.xlsx --as-of ${o.round}` +
        `（或在加载项中更新台账）把统计截止日期改为 ${o.round}，否则完成日期会被判为晚于截止日期、结束本期会记为 ${o.ledgerAsOf}。` +
        `\nNote: round ${o.round} is after the ledger's as-of date ${o.ledgerAsOf}; run update --as-of ${o.round} first.`,
    );
  if (o.newerRound)
    out.push(
      "",
      `注意：这些报送表属于 ${o.round} 轮，而更新的 ${o.newerRound} 轮已经收集过，是迟交的上一轮报送表。` +
        `与总台账不冲突的内容照常采用（此后改过的单元格列为冲突、未采用），请核对采用的内容是否仍然适用；` +
        `仪表盘的“未报送单位”仍按 ${o.newerRound} 轮显示。` +
        `\nNote: these returns belong to round ${o.round}, older than round ${o.newerRound} already collected (late returns).`,
    );
  return out.join("\n");
}

/** The 来源记录 rows of one collect (columns as SOURCE_HEADERS). */
export function sourceRecords(o: CollectOutcome, when: string): Cell[][] {
  const m = o.merge;
  const unitOf = new Map(o.files.map((f) => [f.file, f.unit]));
  const rows: Cell[][] = [];
  for (const f of o.files) rows.push([when, f.unit, f.file, f.round, "收到", "", "", "", ""]);
  for (const t of m.taken)
    t.files.forEach((file) =>
      rows.push([
        when,
        unitOf.get(file) ?? "",
        file,
        o.round,
        "采用",
        t.key,
        t.column,
        t.from.text,
        t.to.text,
      ]),
    );
  for (const c of m.conflicts)
    for (const r of c.returns)
      rows.push([when, r.unit, r.file, o.round, "冲突未采用", c.key, c.column, c.master, r.value]);
  for (const r of m.rejected)
    rows.push([when, r.unit, r.file, o.round, "有误未采用", r.key, r.column, "", r.value]);
  for (const i of m.ignored) rows.push([when, i.unit, i.file, o.round, "忽略", i.key, "", "", ""]);
  for (const u of o.notReported) rows.push([when, u, "", o.round, "未报送", "", "", "", ""]);
  return rows;
}
