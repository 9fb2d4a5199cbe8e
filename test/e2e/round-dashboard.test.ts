/**
 * Two months of the round on the seed, with the dashboard recalculated by LibreOffice: 未报送 for the current
 * round, the trend by closed period and the sentence on the changes since the last period. The expected
 * figures are computed here from LibreOffice's own reading of 任务台账 at each period (its 状态 and its 预警),
 * not by the tool's engine; the sentence must also equal `summary`'s character for character, before and
 * after LibreOffice re-saves the ledger.
 */
import { spawnSync } from "child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../src/render/xlsx/excelts";
import { headersOf, rowsById } from "../support/roundReturns";
import { cliEntry } from "./engines";
import { recalcSheets, resaveXlsx } from "./libreoffice";

const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [cliEntry(), ...args], { encoding: "utf8" });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

/** Each copy's tasks (without milestones, so that a task marked done has no open milestone) set by `decide`. */
async function fillCopy(
  file: string,
  out: string,
  decide: (id: number) => { status: string; done?: string } | null,
): Promise<void> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file) as never);
  const ws = wb.getWorksheet("任务台账")!;
  const withMilestones = new Set<string>();
  const ms = wb.getWorksheet("时间节点");
  if (ms)
    for (const r of rowsById(ms, "节点编号").values())
      withMilestones.add(String(ms.getCell(r, headersOf(ms).get("序号")!).value));
  const h = headersOf(ws);
  for (const [id, r] of rowsById(ws, "序号")) {
    if (withMilestones.has(id)) continue;
    const d = decide(Number(id));
    if (!d) continue;
    ws.getCell(r, h.get("状态")!).value = d.status;
    if (d.done) ws.getCell(r, h.get("完成日期")!).value = new Date(`${d.done}T00:00:00Z`);
  }
  writeFileSync(out, new Uint8Array(await wb.xlsx.writeBuffer()));
}

/** One round: split, fill the copies of every unit but `skip`, collect in place. Returns the units sent. */
async function runRound(
  master: string,
  dir: string,
  asOf: string,
  skip: number,
  decide: (id: number) => { status: string; done?: string } | null,
): Promise<{ units: string[]; returned: string[] }> {
  const out = path.join(dir, `分发-${asOf}`);
  const split = cli(["split", master, "-o", out, "--as-of", asOf]);
  expect([split.code, split.stderr]).toEqual([0, ""]);
  const files = readdirSync(out).sort();
  const back = path.join(dir, `收回-${asOf}`);
  mkdirSync(back);
  const returned: string[] = [];
  for (const f of files.slice(skip)) {
    await fillCopy(path.join(out, f), path.join(back, f), decide);
    returned.push(f);
  }
  const r = cli(["collect", master, ...returned.map((f) => path.join(back, f)), "--in-place"]);
  expect(r.stderr).toBe("");
  return {
    units: files.map((f) => f.replace(/\.xlsx$/, "")),
    returned: returned.map((f) => f.replace(/\.xlsx$/, "")),
  };
}

/** A percentage cell as LibreOffice writes its unrounded value (`15.2542372881356%`). */
const percent = (s: string) => (s.endsWith("%") ? Number(s.slice(0, -1)) / 100 : Number(s));

interface TaskState {
  done: boolean;
  overdue: boolean;
}

/** LibreOffice's reading of 任务台账: each task's 状态 and 预警 as it computes them. */
function tasksAsComputed(file: string): Map<string, TaskState> {
  const sheet = recalcSheets(file)["任务台账"];
  const [head, ...rows] = sheet;
  const [id, status, warning] = ["序号", "状态", "预警"].map((h) => head.indexOf(h));
  return new Map(
    rows
      .filter((r) => r[id])
      .map((r) => [r[id], { done: r[status].trim() === "已完成", overdue: r[warning] === "逾期" }]),
  );
}

/** The dashboard's round section as LibreOffice shows it. */
function roundOnDashboard(file: string, asShown = true) {
  const d = recalcSheets(file, asShown)["仪表盘"];
  const changes = d.find((r) => r[0] === "本期变化")![1];
  const top = d.findIndex((r) => r[0].startsWith("历次完成率"));
  const trend = d.slice(top + 2, top + 14).filter((r) => r[0] && !r[0].startsWith("（"));
  const missingTop = d.findIndex((r) => (r[20] ?? "").startsWith("未报送单位"));
  const missing = d
    .slice(missingTop + 2, missingTop + 32)
    .map((r) => r[20])
    .filter((u) => u && !u.startsWith("（"));
  return { changes, trend, missing, missingTitle: d[missingTop][20], placeholder: d[top + 2][0] };
}

const sentenceOfSummary = (file: string, asOf: string) => {
  const s = cli(["summary", file, "--as-of", asOf]);
  expect(s.code).toBe(0);
  return /与上期相比 Since the last period:\n(.+)/.exec(s.stdout)?.[1] ?? null;
};

function expectedSentence(prevPeriod: string, before: Map<string, TaskState>, now: Map<string, TaskState>) {
  const ids = [...now.keys()].sort((a, b) => Number(a) - Number(b));
  const newlyDone = ids.filter((i) => now.get(i)!.done && !before.get(i)?.done);
  const newlyOverdue = ids.filter((i) => now.get(i)!.overdue && !before.get(i)?.overdue);
  const twice = ids.filter((i) => now.get(i)!.overdue && before.get(i)?.overdue);
  const named = twice.slice(0, 10).join("、") + (twice.length > 10 ? "项等" : "项");
  return (
    `与上期（${prevPeriod}）相比，本期新完成${newlyDone.length}项、新增逾期${newlyOverdue.length}项，` +
    (twice.length ? `连续两期逾期的任务${twice.length}项（第${named}）。` : "没有连续两期逾期的任务。")
  );
}

test("two periods closed: trend, 未报送 and the changes on the dashboard equal an independent count and summary", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-e2e-round-dash-"));
  const master = path.join(dir, "台账.xlsx");
  expect(cli(["build", "-o", master, "--as-of", "2022-08-31"]).code).toBe(0);

  // Before any round: placeholders, no errors.
  const fresh = roundOnDashboard(master);
  expect(fresh.placeholder).toContain("尚未记录任何一期");
  expect(fresh.changes).toContain("尚无上一期记录");
  expect(fresh.missing).toEqual([]);

  // August: every fifth task done, every third under way; three units do not return their copy.
  const aug = await runRound(master, dir, "2022-08-31", 3, (id) =>
    id % 5 === 0 ? { status: "已完成", done: "2022-08-20" } : id % 3 === 0 ? { status: "推进中" } : null,
  );
  const afterAug = roundOnDashboard(master);
  const missingAug = aug.units.filter((u) => !aug.returned.includes(u));
  expect(afterAug.missing.sort()).toEqual(missingAug.sort());
  expect(afterAug.missingTitle).toBe(`未报送单位（2022-08-31 轮，${missingAug.length}个）`);
  expect(cli(["close", master, "--in-place"]).code).toBe(0);
  const august = tasksAsComputed(master);

  // September: the date moves on, more tasks done (every seventh too); one unit does not return.
  expect(cli(["update", master, "--as-of", "2022-09-30", "--in-place"]).code).toBe(0);
  const sep = await runRound(master, dir, "2022-09-30", 1, (id) =>
    id % 5 === 0 || id % 7 === 0
      ? { status: "已完成", done: id % 5 === 0 ? "2022-08-20" : "2022-09-15" }
      : id % 3 === 0
        ? { status: "推进中" }
        : null,
  );
  const september = tasksAsComputed(master);
  const expected = expectedSentence("2022-08-31", august, september);
  // The data make every part of the sentence count: tasks newly done, and tasks overdue in both months.
  expect(expected).toMatch(/本期新完成[1-9]\d*项/);
  expect(expected).toMatch(/连续两期逾期的任务\d+项（第\d+、/);
  // Before closing September: the ledger as it stands against August.
  const open = roundOnDashboard(master);
  expect(open.changes).toBe(expected);
  expect(sentenceOfSummary(master, "2022-09-30")).toBe(expected);
  expect(open.missing).toEqual(sep.units.filter((u) => !sep.returned.includes(u)));

  expect(cli(["close", master, "--in-place"]).code).toBe(0);
  const rate = (m: Map<string, TaskState>) => [...m.values()].filter((t) => t.done).length / m.size;
  const check = (file: string) => {
    const shown = roundOnDashboard(file);
    expect(shown.changes).toBe(expected);
    const raw = roundOnDashboard(file, false).trend;
    expect(raw.map((r) => r[0])).toEqual(["2022-08-31", "2022-09-30"]);
    expect(raw.map((r) => Number(r[1]))).toEqual([august.size, september.size]);
    expect(raw.map((r) => Number(r[2]))).toEqual(
      [august, september].map((m) => [...m.values()].filter((t) => t.done).length),
    );
    raw.forEach((r, i) => expect(percent(r[3])).toBeCloseTo(rate([august, september][i]), 9));
    // 序时进度 at each period's date, from the plan's publication (2022-07-08) to the year's end.
    const progress = (iso: string) =>
      (Date.parse(iso) - Date.parse("2022-07-08") + 86_400_000) /
      (Date.parse("2023-01-01") - Date.parse("2022-07-08"));
    raw.forEach((r, i) => expect(percent(r[4])).toBeCloseTo(progress(["2022-08-31", "2022-09-30"][i]), 9));
  };
  check(master);
  expect(sentenceOfSummary(master, "2022-09-30")).toBe(expected);

  // The same after LibreOffice re-saves the ledger (as staff with LibreOffice or WPS do).
  const lo = path.join(dir, "lo");
  mkdirSync(lo);
  const resaved = resaveXlsx(master, lo);
  check(resaved);
  expect(sentenceOfSummary(resaved, "2022-09-30")).toBe(expected);

  // A late August copy collected on its own after September: said so, and the panel, as LibreOffice
  // computes it, stays on September (the newest round), not on the last rows of 来源记录.
  const lateUnit = missingAug[0];
  const late = path.join(dir, "late.xlsx");
  const r = cli(["collect", master, path.join(dir, "分发-2022-08-31", `${lateUnit}.xlsx`), "-o", late]);
  expect([r.code, r.stderr]).toEqual([1, ""]);
  expect(r.stdout).toContain("是迟交的上一轮报送表");
  const afterLate = roundOnDashboard(late);
  const missingSep = sep.units.filter((u) => !sep.returned.includes(u));
  expect(afterLate.missingTitle).toBe(`未报送单位（2022-09-30 轮，${missingSep.length}个）`);
  expect(afterLate.missing).toEqual(missingSep);
});
