/**
 * What sits under the Tasks table is not a task: a 合计 / 填报人 footer, Excel's Total Row (汇总行), a
 * stray value at row 1048576. The readers count table rows only, and an update that adds tasks never
 * writes over or swallows such rows.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { seedWorkbook } from "../../support/ledgerFile";
import { seedText } from "../../support/files";
import { put, setCellXml, sheetPart, text, unzip, zip, type Parts } from "../../support/staffXml";

let base: Uint8Array;
beforeAll(async () => {
  base = new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer());
});

const inline = (ref: string, s: string) => `<c r="${ref}" t="inlineStr"><is><t>${s}</t></is></c>`;

/** The seed plan with `n` new tasks after the last one (in the last domain). */
function planWithNewTasks(n: number): string {
  const extra = Array.from(
    { length: n },
    (_, i) => `${119 + i}.新增任务${i + 1}。开展专项检查,12月底前完成。〔牵头单位:发展环境保障部〕\n`,
  );
  return seedText().replace("三、保障措施", `${extra.join("\n")}\n三、保障措施`);
}

function files(p: Parts, plan: string) {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-below-"));
  const file = path.join(dir, "台账.xlsx");
  writeFileSync(file, zip(p));
  writeFileSync(path.join(dir, "plan.txt"), plan);
  return { file, plan: path.join(dir, "plan.txt"), out: path.join(dir, "out.xlsx") };
}

function withFooter(): Parts {
  const p = unzip(base);
  const ledger = sheetPart(p, "任务台账");
  let x = text(p, ledger);
  x = setCellXml(x, "A121", inline("A121", "合计"));
  x = setCellXml(x, "J121", '<c r="J121"><f>COUNTIF(J2:J119,"已完成")</f><v>0</v></c>');
  x = setCellXml(x, "A122", inline("A122", "填报人：王五 审核人：李四"));
  x = setCellXml(x, "A1048576", inline("A1048576", "k"));
  put(p, ledger, x);
  return p;
}

test("a footer and a stray cell under the table are not tasks for summary and validate", async () => {
  const f = files(withFooter(), seedText());
  const s = await runCli(["summary", f.file]);
  expect(s.stdout).toContain("任务总数 118");
  const v = await runCli(["validate", f.file]);
  expect(v.stdout + v.stderr).not.toMatch(/J12[12]|J1048576|A1048576/);
});

test("one new task goes in the free row under the table; two would cover the footer: refused, nothing written", async () => {
  const one = files(withFooter(), planWithNewTasks(1));
  const r = await runCli(["update", one.file, "--plan", one.plan, "-o", one.out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  const out = unzip(readFileSync(one.out));
  expect(text(out, "xl/tables/table1.xml")).toContain('ref="A1:Q120"');
  const after = text(out, sheetPart(out, "任务台账"));
  expect(after).toContain(inline("A121", "合计"));
  expect(after).toMatch(/<c r="C120"[^>]*><is><t>新增任务1/);
  expect((await runCli(["summary", one.out])).stdout).toContain("任务总数 119");

  const two = files(withFooter(), planWithNewTasks(2));
  const r2 = await runCli(["update", two.file, "--plan", two.plan, "-o", two.out, "--yes"]);
  expect(r2.code).toBe(2);
  expect(r2.stderr).toContain("第 121 行已有内容（如“合计");
  expect(r2.stderr).toContain("插入 2 个空行");
  expect(existsSync(two.out)).toBe(false);
});

test("Excel's Total Row: not counted as a task; a new task is refused with what to do", async () => {
  const p = unzip(base);
  put(
    p,
    "xl/tables/table1.xml",
    text(p, "xl/tables/table1.xml").replace('ref="A1:Q119"', 'ref="A1:Q120" totalsRowCount="1"'),
  );
  const ledger = sheetPart(p, "任务台账");
  put(
    p,
    ledger,
    setCellXml(
      setCellXml(text(p, ledger), "A120", inline("A120", "合计")),
      "J120",
      '<c r="J120"><f>SUBTOTAL(103,Tasks[状态])</f><v>118</v></c>',
    ),
  );
  const f = files(p, planWithNewTasks(1));
  expect((await runCli(["summary", f.file])).stdout).toContain("任务总数 118");
  const r = await runCli(["update", f.file, "--plan", f.plan, "-o", f.out, "--yes"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("汇总行");
  expect(existsSync(f.out)).toBe(false);
  // Without new tasks the update works and leaves the totals row alone.
  const same = files(p, seedText());
  const r2 = await runCli(["update", same.file, "--plan", same.plan, "-o", same.out]);
  expect([r2.code, r2.stderr]).toEqual([0, ""]);
});
