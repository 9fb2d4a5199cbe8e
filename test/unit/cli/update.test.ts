import { createHash } from "crypto";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { fillLedger } from "../../support/fill";
import { seedWorkbook } from "../../support/ledgerFile";
import { revisePlan } from "../../support/revise";

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");

async function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), "pl-upd-"));
  const wb = await seedWorkbook("2022-09-30");
  fillLedger(wb, 42);
  const file = path.join(dir, "台账.xlsx");
  writeFileSync(file, await wb.xlsx.writeBuffer());
  const revised = path.join(dir, "revised.txt");
  const rev = revisePlan(3);
  writeFileSync(revised, rev.text);
  return { dir, file, revised, rev };
}

test("--dry-run says what would change and writes nothing", async () => {
  const { dir, file, revised, rev } = await setup();
  const before = sha(file);
  const r = await runCli(["update", file, "--plan", revised, "--dry-run"]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("试运行（未写入任何文件）");
  expect(r.stdout).toContain(`任务：新增 ${rev.added.length} 项，移除 ${rev.removed.length} 项`);
  for (const t of rev.removed) expect(r.stdout).toContain(`[移除] 任务台账 ${t}`);
  expect(sha(file)).toBe(before);
  expect(existsSync(path.join(dir, "台账-更新.xlsx"))).toBe(false);
});

test("the default writes a new file and leaves the original alone", async () => {
  const { dir, file, revised } = await setup();
  const before = sha(file);
  const r = await runCli(["update", file, "--plan", revised]);
  expect(r.code).toBe(0);
  expect(r.stdout).toContain("原文件未改动");
  expect(sha(file)).toBe(before);
  expect(existsSync(path.join(dir, "台账-更新.xlsx"))).toBe(true);
  // A second run does not overwrite that new file.
  const again = await runCli(["update", file, "--plan", revised]);
  expect(again.code).toBe(2);
  expect(again.stderr).toContain("不会覆盖");
});

test("--in-place keeps a .bak copy of the original first", async () => {
  const { file, revised } = await setup();
  const before = sha(file);
  const r = await runCli(["update", file, "--plan", revised, "--in-place"]);
  expect(r.code).toBe(0);
  expect(sha(`${file}.bak`)).toBe(before);
  expect(sha(file)).not.toBe(before);
  const second = await runCli(["update", file, "--plan", revised, "--in-place"]);
  expect(second.code).toBe(0);
  expect(sha(`${file}.bak`)).toBe(before); // the first backup is never overwritten
});

test("a file that is not a ledger is refused without writing", async () => {
  const { dir } = await setup();
  const bad = path.join(dir, "x.xlsx");
  writeFileSync(bad, "no");
  const r = await runCli(["update", bad]);
  expect(r.code).toBe(2);
  expect(existsSync(path.join(dir, "x-更新.xlsx"))).toBe(false);
});

describe("file-system problems: Chinese reasons, exit 2, nothing half-written", () => {
  const fs = require("fs") as typeof import("fs");
  const fail = (code: string) => Object.assign(new Error(code), { code });
  afterEach(() => jest.restoreAllMocks());
  const leftovers = (dir: string) =>
    fs.readdirSync(dir).filter((n) => n.endsWith(".tmp") || n.endsWith(".lock"));

  test("a full disk during --in-place: the ledger is untouched, the message names the .bak", async () => {
    const { dir, file, revised } = await setup();
    const before = sha(file);
    const real = fs.writeSync;
    jest.spyOn(fs, "writeSync").mockImplementation(((fd: number, data: unknown, ...rest: unknown[]) => {
      if (data instanceof Uint8Array) throw fail("ENOSPC"); // the workbook's bytes, not the lock's pid
      return (real as (...a: unknown[]) => number)(fd, data, ...rest);
    }) as never);
    const r = await runCli(["update", file, "--plan", revised, "--in-place"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("磁盘空间不足");
    expect(r.stderr).toContain(".bak");
    expect(sha(file)).toBe(before);
    expect(leftovers(dir)).toEqual([]);
  });

  test.each([
    ["EROFS", "没有写入权限"],
    ["EACCES", "没有写入权限"],
    ["EBUSY", "正被其他程序占用"],
  ])("%s on writing gives its reason", async (code, words) => {
    const { dir, file, revised } = await setup();
    const real = fs.openSync;
    jest.spyOn(fs, "openSync").mockImplementation(((p: string, flags: string) => {
      if (String(p).endsWith(".tmp")) throw fail(code);
      return real(p, flags);
    }) as never);
    const r = await runCli(["update", file, "--plan", revised, "-o", path.join(dir, "新.xlsx")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(words);
    expect(existsSync(path.join(dir, "新.xlsx"))).toBe(false);
    expect(leftovers(dir)).toEqual([]);
  });

  test("a missing output folder is named", async () => {
    const { dir, file, revised } = await setup();
    const r = await runCli([
      "update",
      file,
      "--plan",
      revised,
      "-o",
      path.join(dir, "没有这个文件夹", "x.xlsx"),
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("文件夹不存在");
  });

  test("two updates of one ledger at once: one waits its turn (refused), never both 'succeed'", async () => {
    const { file, revised } = await setup();
    const [a, b] = await Promise.all([
      runCli(["update", file, "--plan", revised, "--in-place"]),
      runCli(["update", file, "--plan", revised, "--in-place"]),
    ]);
    expect([a.code, b.code].sort()).toEqual([0, 2]);
    expect(a.stderr + b.stderr).toContain("正在被另一个命令（plan-ledger update）使用");
  });

  test("a ledger open in Excel/WPS is not updated in place", async () => {
    const { dir, file, revised } = await setup();
    writeFileSync(path.join(dir, "~$台账.xlsx"), "owner");
    const r = await runCli(["update", file, "--plan", revised, "--in-place"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("正在 Excel/WPS/LibreOffice 中打开");
  });
});
