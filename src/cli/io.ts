/** File access for the CLI shell: the only place the plan commands touch the disk. */
import * as fs from "fs";
import { copyFileSync, existsSync, readFileSync } from "fs";
import { isoDay } from "./dates";
import path from "path";

/** The plan bundled with PlanLedger (the project's own copy of the seed). */
export const BUNDLED_PLAN = path.resolve(
  __dirname,
  "..",
  "..",
  "seeds",
  "liaocheng-hitech-2022-business-environment-plan.txt",
);

/** A failure the user can act on; the CLI prints the message and exits with `exitCode`. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = "CliError";
  }
}

export function describeFsError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  if (code === "ENOENT") return "文件不存在 (file not found)";
  if (code === "EISDIR") return "这是一个文件夹，不是文件 (a folder, not a file)";
  if (code === "EACCES" || code === "EPERM") return "没有读取权限 (permission denied)";
  if (code === "EBUSY" || code === "ETXTBSY") return "文件正被其他程序占用 (the file is in use)";
  return String((err as Error)?.message ?? err);
}

/** Why a write failed, and what to do, Chinese first. */
export function describeWriteError(err: unknown, file: string): string {
  const code = (err as NodeJS.ErrnoException)?.code;
  const dir = path.dirname(file);
  switch (code) {
    case "ENOENT":
      return `文件夹不存在：${dir}。请先建立该文件夹，或用 -o 指定已有文件夹中的文件。\nThe folder does not exist.`;
    case "EACCES":
    case "EPERM":
    case "EROFS":
      return `没有写入权限：${file}（文件或文件夹是只读的，或在只读的 U 盘/网络位置上）。请把台账复制到可写的文件夹（如“文档”）后再试，或用 -o 写到别处。\nNo permission to write (read-only file or folder).`;
    case "ENOSPC":
    case "EDQUOT":
      return `磁盘空间不足，无法写入 ${file}。请清理磁盘空间或用 -o 写到其他磁盘后再试。\nThe disk is full.`;
    case "EBUSY":
    case "ETXTBSY":
      return `文件正被其他程序占用：${file}。请在 Excel/WPS 中关闭该文件后再试。\nThe file is in use by another program.`;
    case "EISDIR":
      return `${file} 是一个文件夹，不是文件。请指定 .xlsx 文件名。\nThat is a folder.`;
    default:
      return `无法写入 ${file}：${String((err as Error)?.message ?? err)}。\nCannot write the file.`;
  }
}

export interface AtomicWriteOptions {
  /** Give the new file this file's permissions (and owner, where allowed): an in-place update keeps them. */
  keepModeOf?: string;
  /** Fail with “输出文件已存在” if the target exists at the moment of writing (never replace it). */
  exclusive?: boolean;
}

/**
 * Writes a file so that it is either the old or the new one, never half: a temporary file in the same
 * folder, flushed to disk, then renamed over the target (or, when `exclusive`, linked to the target name,
 * which fails if another process made that file meanwhile). On any failure the temporary file is removed
 * and the target is as it was.
 */
export function writeFileAtomic(target: string, bytes: Uint8Array, opts: AtomicWriteOptions = {}): void {
  const tmp = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}.${Date.now()}.tmp`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(tmp, "wx");
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    if (opts.keepModeOf) {
      const st = fs.statSync(opts.keepModeOf);
      fs.fchmodSync(fd, st.mode & 0o7777);
      try {
        fs.fchownSync(fd, st.uid, st.gid);
      } catch {
        // only the owner's own process or root may give a file away; the mode is kept either way
      }
    }
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    if (opts.exclusive) {
      fs.linkSync(tmp, target); // EEXIST when the name was taken meanwhile
      fs.unlinkSync(tmp);
    } else fs.renameSync(tmp, target);
  } catch (err) {
    if (fd !== null) {
      try {
        fs.closeSync(fd);
      } catch {
        // already failing: the write error below is the one to report
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      // the temporary file was never made, or is gone already
    }
    if ((err as NodeJS.ErrnoException).code === "EEXIST")
      throw new CliError(
        `输出文件已存在：${target}（可能是同时运行的另一个命令刚写入的），没有覆盖。请用 -o 指定新文件名。\nThe output file exists; nothing was overwritten.`,
        2,
      );
    throw new CliError(describeWriteError(err, target), 2);
  }
}

/** A file whose permissions forbid writing (for everyone, root included): staff protected it on purpose. */
export function isReadOnlyFile(file: string): boolean {
  try {
    return (fs.statSync(file).mode & 0o222) === 0;
  } catch {
    return false;
  }
}

/** The file a path names, through symbolic links (an in-place update writes the real ledger). */
export function realFile(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
};

/**
 * Runs `fn` holding a lock on `file` (a `.lock` file beside it), so that two updates of one ledger cannot
 * both succeed with one of them lost. A lock left by a process that no longer runs is taken over.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, command = ""): Promise<T> {
  const lock = `${file}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = fs.openSync(lock, "wx");
      // The process id (to take over a lock left by a process that ended), then the command holding it.
      fs.writeSync(fd, command ? `${process.pid}\n${command}` : String(process.pid));
      fs.closeSync(fd);
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== "EEXIST") throw new CliError(describeWriteError(err, lock), 2);
      const [pid = "", heldBy = ""] = fs.readFileSync(lock, "utf8").trim().split("\n");
      const holder = Number(pid.trim());
      if (attempt === 0 && (!holder || !alive(holder))) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      throw new CliError(
        `台账正在被另一个命令（${lockHolder(heldBy)}）使用（${lock}），为免互相覆盖，本次没有写入。请等它完成后再试；如确定没有其他命令在运行，删除该 .lock 文件即可。` +
          `\nAnother command (${lockHolder(heldBy)}) is writing this ledger.`,
        2,
      );
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** The command named in a lock (`plan-ledger collect`); a lock from an older version names none. */
const lockHolder = (command: string) =>
  /^[a-z-]+$/.test(command.trim()) ? `plan-ledger ${command.trim()}` : "plan-ledger";

/** Excel and WPS leave `~$name.xlsx` beside a workbook they have open. */
export function openElsewhere(file: string): boolean {
  const dir = path.dirname(file);
  const base = path.basename(file);
  return [`~$${base}`, `.~${base}`, `.~lock.${base}#`].some((n) => fs.existsSync(path.join(dir, n)));
}

/** The bytes of a file the user named, or a CliError saying why not. */
export function readUserFile(file: string): { bytes: Buffer; path: string } {
  const target = path.resolve(file);
  try {
    return { bytes: readFileSync(target), path: target };
  } catch (err) {
    throw new CliError(`无法读取 ${target}：${describeFsError(err)}。`, 2);
  }
}

/**
 * Copies `target` beside itself before an in-place write: `<file>.bak`, or a dated name when one is already
 * there (an earlier backup is never overwritten). Returns the backup's path.
 */
export function backupBeside(target: string, now: Date): string {
  const bak = existsSync(`${target}.bak`) ? `${target}.${isoDay(now)}-${now.getTime()}.bak` : `${target}.bak`;
  try {
    copyFileSync(target, bak);
  } catch (err) {
    throw new CliError(`无法备份原文件：${describeWriteError(err, bak)}\n原文件未改动。`, 2);
  }
  return bak;
}
