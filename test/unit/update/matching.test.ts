/**
 * Which ledger row is which task when a revision inserts, renumbers, rewords and brings tasks back.
 * The revisions are made from the seed plan the way a redraft does it; the matcher must keep each
 * task's row (and so every entry staff made on it), and list what it cannot decide.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { parsePlan, type Task } from "../../../src/plan";
import { matchTasks, type OldTask } from "../../../src/ledger/update/match";
import { milestonesOf } from "../../../src/workbook/sheets/milestones";
import { runCli } from "../../support/cli";
import { seedWorkbook, setLedger } from "../../support/ledgerFile";
import { seedText } from "../../support/files";
import { sheetPart, text, unzip } from "../../support/staffXml";

const seed = parsePlan(seedText()).tasks;
const rowOf = (t: Task): OldTask => ({
  row: t.id + 1,
  id: t.id,
  titles: [t.title],
  text: `${t.title}${t.body}`,
  body: t.body,
});
/** A new task inserted as No. `at`; the tasks from there on move down one. */
function insertAt(tasks: Task[], at: number): Task[] {
  const fresh: Task = {
    ...tasks[0],
    id: at,
    title: "建立营商环境观察员制度",
    body: "聘请企业代表担任观察员，定期收集意见建议。",
    text: "",
  };
  return [...tasks.slice(0, at - 1), fresh, ...tasks.slice(at - 1).map((t) => ({ ...t, id: t.id + 1 }))];
}

test("insert as No. 3 plus a reworded title with the same content: the task keeps its row", () => {
  const revised = insertAt(seed, 3).map((t) =>
    t.id === 8 ? { ...t, title: "优化企业分支机构连锁门店登记服务" } : t,
  );
  const m = matchTasks(seed.map(rowOf), revised);
  expect(m.removed).toEqual([]);
  expect(m.added.map((t) => t.id)).toEqual([3]);
  const seven = m.matches.find((x) => x.old.id === 7)!;
  expect(seven.task.id).toBe(8);
  expect(seven.task.title).toBe("优化企业分支机构连锁门店登记服务");
});

test("two tasks with the same title, both moved: content tells them apart", () => {
  const title = seed[39].title;
  const dup = seed.map((t) => (t.id === 80 ? { ...t, title } : t));
  const revised = insertAt(insertAt(dup, 3), 61);
  const m = matchTasks(dup.map(rowOf), revised);
  expect(m.removed).toEqual([]);
  expect(m.added.map((t) => t.id).sort((a, b) => a - b)).toEqual([3, 61]);
  expect(m.matches.find((x) => x.old.id === 40)!.task.id).toBe(41);
  expect(m.matches.find((x) => x.old.id === 80)!.task.id).toBe(82);
});

test("same title and content that cannot be told apart are listed for a decision, not guessed", () => {
  const twin = seed.map((t) => (t.id === 80 ? { ...t, title: seed[39].title, body: seed[39].body } : t));
  const m = matchTasks(twin.map(rowOf), insertAt(twin, 3));
  expect(m.ambiguous.join("\n")).toMatch(/标题“.*”在台账中有 2 行（序号 40、80）/);
});

test("a task marked removed that comes back is matched to its old row", () => {
  const olds = seed.filter((t) => t.id !== 5).map(rowOf);
  const removed = [rowOf(seed[4])];
  const m = matchTasks(olds, seed, removed);
  expect(m.added).toEqual([]);
  expect(m.revived.map((x) => [x.old.row, x.task.id])).toEqual([[6, 5]]);
});

test("undoing a wrong plan: removed rows come back with their entries, nothing re-added empty", async () => {
  // A task with a milestone, so both come back.
  const gone = milestonesOf(parsePlan(seedText())).find((x) => x.taskId > 1)!.taskId;
  const wb = await seedWorkbook("2022-09-30");
  setLedger(wb, gone, "进展情况", "这一项已完成初稿");
  setLedger(wb, gone, "状态", "推进中");
  const dir = mkdtempSync(path.join(tmpdir(), "pl-revive-"));
  const file = path.join(dir, "台账.xlsx");
  writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
  const withoutIt = seedText().replace(new RegExp(`\\n${gone}\\.[^\\n]*\\n`), "\n");
  expect(withoutIt).not.toBe(seedText());
  writeFileSync(path.join(dir, "wrong.txt"), withoutIt);
  writeFileSync(path.join(dir, "plan.txt"), seedText());
  const w1 = path.join(dir, "w1.xlsx");
  const w2 = path.join(dir, "w2.xlsx");
  const r1 = await runCli(["update", file, "--plan", path.join(dir, "wrong.txt"), "-o", w1, "--yes"]);
  expect([r1.code, r1.stderr]).toEqual([0, ""]);
  const r2 = await runCli(["update", w1, "--plan", path.join(dir, "plan.txt"), "-o", w2, "--yes"]);
  expect([r2.code, r2.stderr]).toEqual([0, ""]);
  expect(r2.stdout).toContain(`[恢复] 任务台账 ${gone}`);
  expect(r2.stdout).toContain(`[恢复] 时间节点 ${gone}-1`);
  expect(r2.stdout).toContain("时间节点：新增 0 个");
  expect(r2.stdout).toContain("新增 0 项");
  const out = unzip(readFileSync(w2));
  const sheet = text(out, sheetPart(out, "任务台账"));
  expect(sheet).not.toMatch(/<row r="120"/);
  expect(sheet).toMatch(new RegExp(`<c r="Q${gone + 1}"[^>]*/>`)); // the 已移除 mark cleared
  const s = await runCli(["summary", w2]);
  expect(s.stdout).toContain("任务总数 118");
  expect(s.stdout).toContain("推进中 1");
  const strings = text(out, "xl/sharedStrings.xml");
  expect(strings).toContain("这一项已完成初稿");
});
