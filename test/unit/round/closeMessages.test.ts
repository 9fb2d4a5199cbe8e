/**
 * What `close` tells staff: the sheet it actually wrote the period to (staff's own 历次进展 is never it;
 * the tool's sheet may have been renamed), and, when the ledger is locked, which command holds it.
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { put, text, unzip, zip } from "../../support/staffXml";

const dirOf = () => fs.mkdtempSync(path.join(tmpdir(), "pl-close-msg-"));

/** The workbook with a sheet renamed the way Excel does it: the tab, the names and every formula. */
function renamed(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const p = unzip(bytes);
  for (const name of Object.keys(p).filter((n) => /^xl\/(workbook|worksheets\/sheet\d+)\.xml$/.test(n)))
    put(
      p,
      name,
      text(p, name).split(`name="${from}"`).join(`name="${to}"`).split(`'${from}'!`).join(`'${to}'!`),
    );
  return zip(p);
}

test("close names the sheet it wrote: the tool's sheet under its new name, or the one it made beside staff's", async () => {
  const dir = dirOf();
  const file = path.join(dir, "台账.xlsx");
  expect((await runCli(["build", "-o", file, "--as-of", "2022-08-31"])).code).toBe(0);
  const first = await runCli(["close", file, "--in-place"]);
  expect([first.code, first.stderr]).toEqual([0, ""]);
  expect(first.stdout).toContain("记入工作表“历次进展”");

  // Staff renamed the tool's sheet: the period goes there, and the message says so.
  fs.writeFileSync(file, renamed(fs.readFileSync(file), "历次进展", "月度进展"));
  const second = await runCli(["close", file, "--as-of", "2022-09-30", "--in-place"]);
  expect([second.code, second.stderr]).toEqual([0, ""]);
  expect(second.stdout).toContain("记入工作表“月度进展”");
  expect(second.stdout).not.toContain("“历次进展”");
  // The dry run names the same sheet.
  const dry = await runCli(["close", file, "--as-of", "2022-10-31", "--dry-run"]);
  expect(dry.stdout).toContain("记入工作表“月度进展”");

  // A ledger where staff have a sheet of their own called 历次进展 (renamed from one of theirs, 说明 here,
  // before the tool made its record sheet): the tool's goes beside it and is named.
  const fresh = path.join(dir, "新台账.xlsx");
  expect((await runCli(["build", "-o", fresh, "--as-of", "2022-08-31"])).code).toBe(0);
  fs.writeFileSync(fresh, renamed(fs.readFileSync(fresh), "说明", "历次进展"));
  const beside = await runCli(["close", fresh, "--in-place"]);
  expect([beside.code, beside.stderr]).toEqual([0, ""]);
  expect(beside.stdout).toContain("记入工作表“历次进展（台账助手）”");
}, 120_000);

test("a locked ledger: the message names the command that holds it, or says neutrally another command", async () => {
  const dir = dirOf();
  const file = path.join(dir, "台账.xlsx");
  expect((await runCli(["build", "-o", file, "--as-of", "2022-08-31"])).code).toBe(0);
  // A live holder (this process) that is a collect.
  fs.writeFileSync(`${file}.lock`, `${process.pid}\ncollect`);
  const byCollect = await runCli(["close", file, "--in-place"]);
  expect(byCollect.code).toBe(2);
  expect(byCollect.stderr).toContain("台账正在被另一个命令（plan-ledger collect）使用");
  expect(byCollect.stderr).not.toContain("更新");
  // A lock written by an earlier version holds only the process id.
  fs.writeFileSync(`${file}.lock`, String(process.pid));
  const older = await runCli(["close", file, "--in-place"]);
  expect(older.code).toBe(2);
  expect(older.stderr).toContain("台账正在被另一个命令（plan-ledger）使用");
  fs.rmSync(`${file}.lock`);
  // Two at once: the lock the running one took names it.
  const [a, b] = await Promise.all([
    runCli(["close", file, "--in-place"]),
    runCli(["collect", file, "--in-place", path.join(dir, "无.xlsx")]),
  ]);
  expect([a.code, b.code]).toEqual([0, 2]);
  expect(b.stderr).toContain("台账正在被另一个命令（plan-ledger close）使用");
  expect(fs.existsSync(`${file}.lock`)).toBe(false);
}, 120_000);
