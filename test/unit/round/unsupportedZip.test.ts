/**
 * A complete ledger packed again by an archiver with bzip2 (Info-ZIP's `zip -Z bzip2`, a file the project
 * did not write) is named for what it is, with what to do, by every command that reads it; it is not
 * called incomplete. A file that really is cut short still is.
 */
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";

const BZIP2 = path.join(__dirname, "..", "..", "fixtures", "round", "ledger-bzip2.xlsx");

test("a bzip2-compressed workbook is called that, with what to do, by close, collect and summary", async () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-bzip2-"));
  const master = path.join(dir, "台账.xlsx");
  expect((await runCli(["build", "-o", master, "--as-of", "2022-08-31"])).code).toBe(0);
  // As the ledger: refused (exit 2); as a return: listed as unusable, nothing taken from it (exit 1).
  for (const [args, code, stream] of [
    [["close", BZIP2, "-o", path.join(dir, "a.xlsx")], 2, "stderr"],
    [["summary", BZIP2], 2, "stderr"],
    [["collect", master, BZIP2, "--dry-run"], 1, "stdout"],
  ] as const) {
    const r = await runCli([...args]);
    expect([args[0], r.code]).toEqual([args[0], code]);
    expect(r[stream]).toContain("不支持的压缩方式（bzip2");
    expect(r[stream]).toContain("另存为”Excel 工作簿（.xlsx）");
    expect(r[stream]).not.toContain("不完整");
  }
  // Cut short, the same file is still called incomplete.
  const cut = path.join(dir, "cut.xlsx");
  const bytes = fs.readFileSync(BZIP2);
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
  expect((await runCli(["summary", cut])).stderr).toContain("不完整或已损坏");
});
