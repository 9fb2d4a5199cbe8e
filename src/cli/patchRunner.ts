/**
 * The sequence every command that edits a ledger in place follows (update, collect, close): settle where the
 * result goes (a new file or the ledger itself) and refuse early what cannot work (both -o and --in-place,
 * .xlsm written as .xlsx, a read-only ledger, an existing output, a missing folder, a ledger open in a
 * spreadsheet program); then, holding a lock beside the file written, read, patch, verify that nothing
 * outside the command's own cells changed, and write atomically (after a backup when in place).
 */
import { existsSync } from "fs";
import path from "path";
import type { AllowedChanges } from "../render/xlsx/package/verifyPackage";
import { verifyPackage } from "../render/xlsx/package/verifyPackage";
import { UnusableWorkbookError } from "../ledger/grid";
import {
  backupBeside,
  CliError,
  describeWriteError,
  isReadOnlyFile,
  openElsewhere,
  realFile,
  withFileLock,
  writeFileAtomic,
} from "./io";

export interface PatchOptions {
  output?: string;
  inPlace?: boolean;
  dryRun?: boolean;
}

export interface PatchTarget {
  /** The ledger read (through a symbolic link, the real file: an in-place write must not replace the link). */
  target: string;
  /** The file written: the ledger itself with --in-place, else the new file. */
  out: string;
  inPlace: boolean;
  dryRun: boolean;
  command: string;
}

/** How a command names the ledger it edits in its messages (台账 / 总台账). */
export interface PatchWording {
  noun: string;
  /** Added to the name of the file written without -o: `台账-更新.xlsx`. */
  suffix: string;
  /** The command (`close`), named to another command that finds the ledger locked. */
  command: string;
}

/** Where the result goes, with every refusal that needs no reading of the file. */
export function patchTarget(file: string, opts: PatchOptions, wording: PatchWording): PatchTarget {
  if (opts.inPlace && opts.output)
    throw new CliError("-o 与 --in-place 只能选一个。\nChoose -o OUT or --in-place, not both.", 2);
  const target = realFile(path.resolve(file));
  // A macro-enabled workbook keeps its .xlsm name: Excel refuses macro content under .xlsx.
  const ext = /\.xlsm$/i.test(target) ? ".xlsm" : ".xlsx";
  const out = opts.inPlace
    ? target
    : path.resolve(opts.output ?? target.replace(/\.xls[xm]$/i, "") + `-${wording.suffix}${ext}`);
  if (ext === ".xlsm" && /\.xlsx$/i.test(out))
    throw new CliError(
      `${target} 是带宏的工作簿（.xlsm），输出文件 ${out} 却是 .xlsx：Excel 会拒绝打开。请把输出文件名改为 .xlsm。` +
        "\nA macro-enabled workbook must be written as .xlsm.",
      2,
    );
  const t: PatchTarget = {
    target,
    out,
    inPlace: !!opts.inPlace,
    dryRun: !!opts.dryRun,
    command: wording.command,
  };
  if (t.dryRun) return t;
  if (t.inPlace && isReadOnlyFile(target))
    throw new CliError(
      `${wording.noun}文件是只读的（${target}），没有写入。如确需写入，请先在文件属性中取消“只读”，或用 -o 写到新文件。` +
        `\nThe ledger is read-only; nothing was written.`,
      2,
    );
  if (!t.inPlace && existsSync(out))
    throw new CliError(
      `输出文件已存在：${out}。请用 -o 指定新文件名（不会覆盖已有文件）。\nThe output file exists; choose another with -o.`,
      2,
    );
  if (!existsSync(path.dirname(out)))
    throw new CliError(describeWriteError(Object.assign(new Error(), { code: "ENOENT" }), out), 2);
  if (t.inPlace && openElsewhere(target))
    throw new CliError(
      `${wording.noun}正在 Excel/WPS/LibreOffice 中打开（${target}），直接写入会与未保存的修改冲突，没有写入。请保存并关闭该文件后再试，或用 -o 写到新文件。` +
        "\nThe ledger is open in a spreadsheet program; close it first.",
      2,
    );
  return t;
}

/**
 * Runs the read-patch-write work holding the lock beside the file written (with -o the ledger's own folder
 * may be read-only); a dry run writes nothing and takes no lock.
 */
export function runPatch<T>(t: PatchTarget, work: () => Promise<T>): Promise<T> {
  return t.dryRun ? work() : withFileLock(t.out, work, t.command);
}

/** Stops (nothing written) when the patched package changes anything outside `allowed`. */
export function verifyPatch(
  original: Parameters<typeof verifyPackage>[0],
  patched: { bytes: Uint8Array; allowed: AllowedChanges },
  what: string,
  advice = "请把台账文件发给技术支持。",
): void {
  const diffs = verifyPackage(original, patched.bytes, patched.allowed);
  if (!diffs.length) return;
  const list = diffs.slice(0, 20).map((d) => `  ${d.part}：${d.what}`);
  throw new CliError(
    `${what}后核对发现 ${diffs.length} 处不该改动的内容会被改变，已停止，没有写入任何文件：\n${list.join("\n")}\n${advice}`,
    1,
  );
}

/**
 * Writes the verified bytes: in place after a backup (keeping the file's permissions), or to the new file,
 * never replacing one that appeared meanwhile. Returns the line that says where it went.
 */
export function writePatch(t: PatchTarget, bytes: Uint8Array, now: Date): string {
  if (t.inPlace) {
    const bak = backupBeside(t.target, now);
    try {
      writeFileAtomic(t.target, bytes, { keepModeOf: t.target });
    } catch (err) {
      if (err instanceof CliError)
        throw new CliError(`${err.message}\n原文件未改动；备份在 ${bak}。`, err.exitCode);
      throw err;
    }
    return `已更新 Updated in place: ${t.target}（原文件备份为 ${bak}）`;
  }
  writeFileAtomic(t.out, bytes, { exclusive: true });
  return `已写入 Written: ${t.out}（原文件未改动）`;
}

/**
 * The patch, or, when the workbook holds something the write must not touch (staff content where the
 * tool writes), the reason as the user's message, exit code 2, nothing written.
 */
export function patchOrRefuse<T>(target: string, patch: () => T): T {
  try {
    return patch();
  } catch (err) {
    if (err instanceof UnusableWorkbookError) throw new CliError(`${target}：${err.message}`, 2);
    throw err;
  }
}
