/** Nothing silent: build and update show the parse's problems, stop on errors unless told to go on, and 说明 lists them. */
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { Workbook } from "../../../src/render/xlsx/excelts";
import { runCli } from "../../support/cli";
import { fixture } from "../../support/files";

const tmp = () => mkdtempSync(path.join(tmpdir(), "pl-problems-"));

/** The county plan with task 5 numbered 4 again: a duplicate number, an error of the parse. */
const DUPLICATED = fixture("plans/county-digital-2023.txt").replace(
  "5、推进电子证照应用",
  "4、推进电子证照应用",
);

const guideRows = (file: string) => sheetRows(file, "说明");

async function sheetRows(file: string, sheet: string): Promise<string[]> {
  const wb = new Workbook();
  await wb.xlsx.load(readFileSync(file) as never);
  const rows: string[] = [];
  wb.getWorksheet(sheet)!.eachRow((row) => {
    rows.push(
      ((row.values as unknown[]) ?? [])
        .slice(1)
        .map((v) => String(v ?? ""))
        .join("|"),
    );
  });
  return rows;
}

test("build stops on a parse error (exit 1, nothing written) and says how to go on", async () => {
  const dir = tmp();
  const plan = path.join(dir, "plan.txt");
  writeFileSync(plan, DUPLICATED);
  const out = path.join(dir, "ledger.xlsx");
  const r = await runCli(["build", plan, "-o", out]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("[错误]");
  expect(r.stderr).toContain("任务编号4重复或顺序颠倒");
  expect(r.stderr).toContain("仍要生成，请加 --allow-errors");
  // Nothing was written, so nothing may claim to be in 说明.
  expect(r.stderr).not.toContain("已写入");
  expect(existsSync(out)).toBe(false);
});

test("build of an empty plan says the text is empty, not only that no task was found", async () => {
  const plan = path.join(tmp(), "empty.txt");
  writeFileSync(plan, "\n\u3000\n");
  const r = await runCli(["build", plan, "-o", path.join(tmp(), "x.xlsx")]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("计划文本为空");
  expect(r.stderr).toContain("计划中没有找到任务");
});

test("with --allow-errors build writes the ledger, shows the problems and lists them in 说明", async () => {
  const dir = tmp();
  const plan = path.join(dir, "plan.txt");
  writeFileSync(plan, DUPLICATED);
  const out = path.join(dir, "ledger.xlsx");
  const r = await runCli(["build", plan, "-o", out, "--allow-errors"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("[错误]");
  expect(r.stdout).toContain("[警告]");
  expect(r.stdout).toContain("（已写入“说明”工作表）");
  const rows = await guideRows(out);
  const at = rows.findIndex((x) => x.startsWith("计划解析提示"));
  expect(at).toBeGreaterThan(0);
  expect(rows[at + 1]).toMatch(/错误 1 项、警告 \d+ 项、说明 \d+ 项/);
  expect(rows).toContainEqual(expect.stringMatching(/^错误\|第\d+行\|任务编号4重复或顺序颠倒/));
  // Inferred things are there too: 长期坚持 and the deadlines taken as the year's end.
  expect(rows).toContainEqual(expect.stringMatching(/^警告\|第\d+行\|任务3的时限为“长期坚持”/));
  expect(rows).toContainEqual(expect.stringMatching(/^说明\|全文\|\d+项任务未写明时限/));
});

test("a clean plan builds with exit 0 and 说明 says what was inferred", async () => {
  const out = path.join(tmp(), "ledger.xlsx");
  const r = await runCli(["build", "-o", out]);
  expect(r.code).toBe(0);
  expect(r.stdout).not.toContain("[错误]");
  const rows = await guideRows(out);
  expect(rows).toContainEqual(expect.stringMatching(/^说明\|全文\|75项任务未写明时限/));
});

test("update shows the parse's problems and stops on errors unless --allow-errors", async () => {
  const dir = tmp();
  const ledger = path.join(dir, "ledger.xlsx");
  const plan = path.join(dir, "plan.txt");
  writeFileSync(plan, fixture("plans/county-digital-2023.txt"));
  expect((await runCli(["build", plan, "-o", ledger])).code).toBe(0);
  writeFileSync(plan, DUPLICATED);
  const copy = path.join(dir, "copy.xlsx");
  copyFileSync(ledger, copy);
  const stopped = await runCli(["update", ledger, "--plan", plan, "--dry-run"]);
  expect(stopped.code).toBe(1);
  expect(stopped.stderr).toContain("任务编号4重复或顺序颠倒");
  expect(stopped.stderr).toContain("仍要更新，请加 --allow-errors");
  expect(stopped.stderr).not.toContain("仍要生成");
  expect(stopped.stderr).not.toContain("已写入");
  const dry = await runCli(["update", ledger, "--plan", plan, "--dry-run", "--allow-errors"]);
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain("[错误]");
  expect(dry.stdout).not.toContain("已写入");
  const goes = await runCli([
    "update",
    copy,
    "--plan",
    plan,
    "-o",
    path.join(dir, "new.xlsx"),
    "--allow-errors",
  ]);
  expect(goes.code).toBe(0);
  expect(goes.stdout).toContain("[错误]");
  expect(goes.stdout).toContain("（已写入“变更记录”工作表）");
  // An in-place update leaves 说明 as built; the revised plan's problems go into the change log.
  const log = await sheetRows(path.join(dir, "new.xlsx"), "变更记录");
  expect(
    log.some((x) => x.includes("|解析提示|") && x.includes("|错误|") && x.includes("任务编号4重复")),
  ).toBe(true);
});
