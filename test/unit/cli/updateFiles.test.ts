/**
 * How `update` treats the ledger file itself: its permissions, a read-only file, a symbolic link, the
 * lock when writing elsewhere, macro workbooks' names, an update with nothing to do, and two commands
 * writing the same output at once.
 */
import { createHash } from "crypto";
import * as fs from "fs";
import { tmpdir } from "os";
import path from "path";
import { runCli } from "../../support/cli";
import { seedWorkbook } from "../../support/ledgerFile";
import { revisePlan } from "../../support/revise";
import { seedText } from "../../support/files";
import { CliError, writeFileAtomic } from "../../../src/cli/io";

const sha = (f: string) => createHash("sha256").update(fs.readFileSync(f)).digest("hex");

let ledger: Uint8Array;
beforeAll(async () => {
  ledger = new Uint8Array(await (await seedWorkbook("2022-09-30")).xlsx.writeBuffer());
});

function setup(name = "台账.xlsx") {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-files-"));
  const file = path.join(dir, name);
  fs.writeFileSync(file, ledger);
  const revised = path.join(dir, "revised.txt");
  fs.writeFileSync(revised, revisePlan(3).text);
  const same = path.join(dir, "same.txt");
  fs.writeFileSync(same, seedText());
  return { dir, file, revised, same };
}

test("--in-place keeps the ledger's permissions; with nothing to change it writes nothing and makes no .bak", async () => {
  const { file, revised } = setup();
  fs.chmodSync(file, 0o640);
  const r = await runCli(["update", file, "--plan", revised, "--in-place", "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(fs.statSync(file).mode & 0o777).toBe(0o640);

  const other = setup();
  const before = sha(other.file);
  const r2 = await runCli(["update", other.file, "--plan", other.same, "--in-place"]);
  expect([r2.code, r2.stderr]).toEqual([0, ""]);
  expect(r2.stdout).toContain("文件未改动");
  expect(sha(other.file)).toBe(before);
  expect(fs.readdirSync(other.dir).filter((n) => n.endsWith(".bak"))).toEqual([]);
});

test("a read-only ledger is refused in Chinese for --in-place, untouched, no .bak", async () => {
  const { dir, file, revised } = setup();
  fs.chmodSync(file, 0o444);
  const before = sha(file);
  const r = await runCli(["update", file, "--plan", revised, "--in-place", "--yes"]);
  expect(r.code).toBe(2);
  expect(r.stderr).toContain("只读");
  expect(sha(file)).toBe(before);
  expect(fs.readdirSync(dir).filter((n) => n.endsWith(".bak"))).toEqual([]);
});

test("--in-place through a symbolic link updates the real ledger and leaves the link a link", async () => {
  const { dir, file, revised } = setup();
  const link = path.join(dir, "快捷方式.xlsx");
  fs.symlinkSync(file, link);
  const before = sha(file);
  const r = await runCli(["update", link, "--plan", revised, "--in-place", "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
  expect(sha(file)).not.toBe(before);
  expect(fs.existsSync(`${file}.bak`)).toBe(true);
});

test("with -o the lock sits beside the output, not the ledger", async () => {
  const { file, revised } = setup();
  fs.writeFileSync(`${file}.lock`, String(process.pid)); // a live holder on the input: irrelevant for -o
  const outDir = fs.mkdtempSync(path.join(tmpdir(), "pl-files-out-"));
  const out = path.join(outDir, "新.xlsx");
  const r = await runCli(["update", file, "--plan", revised, "-o", out, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(fs.existsSync(`${out}.lock`)).toBe(false);

  const out2 = path.join(outDir, "新2.xlsx");
  fs.writeFileSync(`${out2}.lock`, String(process.pid));
  const r2 = await runCli(["update", file, "--plan", revised, "-o", out2, "--yes"]);
  expect(r2.code).toBe(2);
  expect(fs.existsSync(out2)).toBe(false);
});

test(".xlsm keeps its extension by default; an explicit .xlsx output for it is refused", async () => {
  const { dir, file, revised } = setup("宏台账.xlsm");
  const r = await runCli(["update", file, "--plan", revised, "--yes"]);
  expect([r.code, r.stderr]).toEqual([0, ""]);
  expect(fs.existsSync(path.join(dir, "宏台账-更新.xlsm"))).toBe(true);
  const r2 = await runCli(["update", file, "--plan", revised, "-o", path.join(dir, "x.xlsx"), "--yes"]);
  expect(r2.code).toBe(2);
  expect(r2.stderr).toContain(".xlsm");
  expect(fs.existsSync(path.join(dir, "x.xlsx"))).toBe(false);
});

test("an exclusive write never replaces a file another command made meanwhile", () => {
  const dir = fs.mkdtempSync(path.join(tmpdir(), "pl-files-race-"));
  const target = path.join(dir, "same.xlsx");
  writeFileAtomic(target, new Uint8Array([1, 2, 3]), { exclusive: true });
  expect(() => writeFileAtomic(target, new Uint8Array([4, 5]), { exclusive: true })).toThrow(CliError);
  expect([...fs.readFileSync(target)]).toEqual([1, 2, 3]);
  expect(fs.readdirSync(dir)).toEqual(["same.xlsx"]);
});
