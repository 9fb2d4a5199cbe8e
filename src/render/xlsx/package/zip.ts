/**
 * The .xlsx package as its parts (fflate): read with limits against damaged files and zip bombs, written
 * back with every part in its original order. A part nobody changed goes back with the same bytes.
 */
import { inflateSync, unzipSync, zipSync, type Zippable } from "fflate";
import * as zlib from "zlib";
import { bytesOfLatin1Strings, concatBytes, isUtf8, latin1OfBytes, sameBytes, utf8OfStrings } from "./bytes";
import { UnusableWorkbookError } from "../../../ledger/grid";
import { unsupportedMethods } from "./zipMethods";

/**
 * Parts of the package by name, in the order the file had them. Large parts are inflated when first
 * asked for (`partText`, `allParts`), so reading a ledger does not inflate sheets nobody reads.
 */
export interface XlsxPackage {
  parts: Map<string, Uint8Array>;
  /** Every part's name, in file order. */
  names: string[];
  /** The file, while some parts are not inflated yet (with where each part is, when the file was listed). */
  lazy?: { bytes: Uint8Array; pending: Set<string>; entries?: Map<string, ZipEntry> };
}

interface StoredFile {
  bytes: Uint8Array;
  entries: Map<string, ZipEntry>;
}

/** Inflated parts by the stored part they came from (the same bytes object while nobody replaced it). */
const storedAs = new WeakMap<Uint8Array, { file: StoredFile; entry: ZipEntry }>();

/** Inflated now: metadata and shared parts; later, on demand: worksheets, charts, drawings, media. */
const onDemand = (name: string) =>
  /^xl\/(worksheets|charts|drawings|media|embeddings|pivot|externalLinks)\//.test(name) ||
  name.endsWith(".bin");

/** No single part and no whole package of a ledger comes near these; a file that does is refused. */
const MAX_PART = 512 * 1024 * 1024;
const MAX_TOTAL = 1024 * 1024 * 1024;
const MAX_RATIO = 200;

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

/**
 * `inflateLater`: every part waits until asked for (the check of a written file, which compares most
 * parts as stored and inflates only the ones that differ).
 */
export function readPackage(bytes: Uint8Array, { inflateLater = false } = {}): XlsxPackage {
  const later = inflateLater
    ? (name: string) => name !== "[Content_Types].xml" && name !== "mimetype"
    : onDemand;
  if (OLE.every((b, i) => bytes[i] === b))
    throw new UnusableWorkbookError(
      "文件已加密（设置了打开密码）或是旧版 .xls 格式。请在 Excel/WPS 中取消密码，或“另存为”.xlsx 后再试。" +
        "\nThe file is encrypted or an old .xls: remove the password or save it as .xlsx.",
    );
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b))
    throw new UnusableWorkbookError(
      "这不是 .xlsx 工作簿文件。请选择由台账助手生成的台账（.xlsx）。\nNot an .xlsx workbook.",
    );
  let total = 0;
  let parts: Record<string, Uint8Array>;
  const names: string[] = [];
  const filter = (f: { name: string; size: number; originalSize: number }) => {
    total += f.originalSize;
    const ratio = f.size > 0 ? f.originalSize / f.size : 0;
    if (f.originalSize > MAX_PART || total > MAX_TOTAL || (f.originalSize > 1e7 && ratio > MAX_RATIO))
      throw new ZipBomb();
    names.push(f.name);
    return !later(f.name);
  };
  const entries = zipEntries(bytes);
  try {
    if (entries) {
      parts = {};
      for (const e of entries.values()) if (filter(e)) parts[e.name] = inflateEntry(bytes, e, entries);
    } else parts = unzipSync(bytes, { filter });
  } catch (err) {
    throw unreadable(err, bytes);
  }
  const mimetype = parts["mimetype"] ? new TextDecoder().decode(parts["mimetype"]) : "";
  if (mimetype.includes("opendocument"))
    throw new UnusableWorkbookError(
      "这是 OpenDocument 表格（.ods），不是 .xlsx。请在 WPS/LibreOffice 中“另存为”Excel 工作簿（.xlsx）后再试。" +
        "\nThis is an .ods file; save it as .xlsx first.",
    );
  if (
    !parts["[Content_Types].xml"] ||
    !names.some((n) => n === "xl/workbook.xml" || /workbook\.xml$/.test(n))
  )
    throw new UnusableWorkbookError(
      "这个压缩文件不是 Excel 工作簿（缺少工作簿内容）。请选择台账 .xlsx 文件。\nThe zip holds no Excel workbook.",
    );
  const pending = new Set(names.filter(later));
  return {
    parts: new Map(names.filter((n) => parts[n]).map((n) => [n, parts[n]])),
    names,
    ...(pending.size ? { lazy: { bytes, pending, ...(entries ? { entries } : {}) } } : {}),
  };
}

class ZipBomb extends Error {}

function unreadable(err: unknown, bytes?: Uint8Array): UnusableWorkbookError {
  const odd = bytes ? unsupportedMethods(bytes) : null;
  if (odd?.encrypted)
    return new UnusableWorkbookError(
      "这个文件是加了密码的压缩包，不是 Excel 保存的工作簿，无法打开。请取得没有加密的原文件，或在 Excel/WPS 中打开并“另存为”Excel 工作簿（.xlsx）后再试。" +
        "\nThe file is an encrypted zip, not a workbook as Excel saves it; get the unencrypted file or save it as .xlsx again.",
    );
  if (odd?.methods.length)
    return new UnusableWorkbookError(
      `文件是完整的，但用了台账助手不支持的压缩方式（${odd.methods.join("、")}；Excel、WPS 保存的 .xlsx 不会用这种方式，通常是用压缩软件重新打包过）。` +
        "请在 Excel/WPS 中打开它并“另存为”Excel 工作簿（.xlsx）；打不开时，请向对方要由 Excel/WPS 直接保存的原文件。" +
        `\nThe file is complete but compressed with ${odd.methods.join(", ")}, which is not supported (Excel and WPS never write it): save it as .xlsx again in Excel/WPS.`,
    );
  if (err instanceof ZipBomb)
    return new UnusableWorkbookError(
      "文件解压后大得异常（可能是损坏或恶意构造的压缩包），已拒绝打开。请用 Excel/WPS 打开检查后另存再试。" +
        "\nThe file expands to an abnormal size (damaged or a zip bomb); refused.",
    );
  return new UnusableWorkbookError(
    "无法打开工作簿：文件不完整或已损坏（可能没有下载或复制完整）。请重新获取文件，或在 Excel/WPS 中打开并另存后再试。" +
      "\nThe workbook is truncated or damaged.",
  );
}

/** Inflates the named parts that are still pending. */
function inflate(pkg: XlsxPackage, wanted: (name: string) => boolean): void {
  const lazy = pkg.lazy;
  if (!lazy) return;
  const todo = [...lazy.pending].filter(wanted);
  if (!todo.length) return;
  const got: Record<string, Uint8Array> = {};
  try {
    if (lazy.entries)
      for (const n of todo) got[n] = inflateEntry(lazy.bytes, lazy.entries.get(n)!, lazy.entries);
    else Object.assign(got, unzipSync(lazy.bytes, { filter: (f) => todo.includes(f.name) }));
  } catch (err) {
    throw unreadable(err, lazy.bytes);
  }
  for (const n of todo) {
    if (got[n]) pkg.parts.set(n, got[n]);
    lazy.pending.delete(n);
  }
  if (!lazy.pending.size) delete pkg.lazy;
}

/** A part's bytes (inflated on first use). */
export function partBytes(pkg: XlsxPackage, name: string): Uint8Array | undefined {
  if (pkg.lazy?.pending.has(name)) inflate(pkg, (n) => n === name);
  return pkg.parts.get(name);
}

/** Every part, inflated, in file order (new parts last). */
export function allParts(pkg: XlsxPackage): [string, Uint8Array][] {
  inflate(pkg, () => true);
  const order = [...pkg.names, ...[...pkg.parts.keys()].filter((n) => !pkg.names.includes(n))];
  return order.filter((n) => pkg.parts.has(n)).map((n) => [n, pkg.parts.get(n)!]);
}

/**
 * The package as a file; parts keep their order. Already-compressed media are stored, not deflated again;
 * large parts (a big ledger's sheet) take the fast compression level, which costs little in size.
 */
export function writePackage(pkg: XlsxPackage): Uint8Array {
  if (typeof zlib.crc32 !== "function") {
    const z: Zippable = {};
    for (const [name, data] of allParts(pkg)) z[name] = [data, { level: levelOf(name, data.length) }];
    return zipSync(z);
  }
  const files: ZipFile[] = [];
  for (const name of partNames(pkg)) {
    // A part nobody replaced goes into the new file as it was stored: its compressed bytes are copied
    // (not inflated, not deflated again), so the part is the same bytes by construction.
    const stored = storedPart(pkg, name);
    if (stored) {
      files.push({ name, stored });
      continue;
    }
    const data = partBytes(pkg, name);
    if (data) files.push({ name, data, level: levelOf(name, data.length) });
  }
  return zipNative(files);
}

const levelOf = (name: string, size: number): 0 | 1 | 6 =>
  /\.(png|jpe?g|gif|emf|wmf|bin)$/i.test(name) ? 0 : size > 1 << 20 ? 1 : 6;

/** Every part's name in file order (new parts last), without inflating anything. */
export function partNames(pkg: XlsxPackage): string[] {
  const listed = new Set(pkg.names);
  return [
    ...pkg.names.filter((n) => pkg.parts.has(n) || pkg.lazy?.pending.has(n)),
    ...[...pkg.parts.keys()].filter((n) => !listed.has(n)),
  ];
}

/** A part still as the file read stored it (null: replaced or added since, or the file was not plain). */
export function storedPart(pkg: XlsxPackage, name: string): StoredPart | null {
  const lazy = pkg.lazy;
  if (lazy?.pending.has(name) && lazy.entries) {
    const entry = lazy.entries.get(name)!;
    return { ...entry, data: lazy.bytes.subarray(entry.offset, entry.offset + entry.size) };
  }
  const data = pkg.parts.get(name);
  const from = data && storedAs.get(data);
  if (!from) return null;
  const { file, entry } = from;
  return { ...entry, data: file.bytes.subarray(entry.offset, entry.offset + entry.size) };
}

/** A stored part: its entry and its bytes as stored (compressed or not, per `compression`). */
export interface StoredPart extends ZipEntry {
  data: Uint8Array;
}

/** True when two stored parts hold the same bytes: the same method, checksum, size and stored bytes. */
export const sameStored = (a: StoredPart, b: StoredPart): boolean =>
  a.compression === b.compression &&
  a.crc === b.crc &&
  a.originalSize === b.originalSize &&
  sameBytes(a.data, b.data);

type ZipFile = { name: string } & (
  { data: Uint8Array; level: 0 | 1 | 6; stored?: undefined } | { stored: StoredPart; data?: undefined }
);

/*
 * Node's own zlib inflates and deflates several times faster than fflate's JavaScript, which matters for a
 * 10,000-task ledger (a 12 MB worksheet read, and written back by an update). fflate stays the reference:
 * the file is listed here exactly as fflate lists it, and whatever is unusual (ZIP64, another compression
 * method, a part whose size differs from the one declared, damage) goes through fflate itself, so such a
 * file reads, or fails, exactly as before. Written files have fflate's layout with zlib's deflate streams.
 */

/** One part as the zip's central directory describes it. */
export interface ZipEntry {
  name: string;
  compression: number;
  /** Compressed and uncompressed sizes, as declared. */
  size: number;
  originalSize: number;
  /** Where the part's data starts (after its local header). */
  offset: number;
  /** CRC-32 of the uncompressed part, as declared. */
  crc: number;
}

const u16 = (d: Uint8Array, i: number) => d[i] | (d[i + 1] << 8);
const u32 = (d: Uint8Array, i: number) =>
  (d[i] | (d[i + 1] << 8) | (d[i + 2] << 16) | (d[i + 3] << 24)) >>> 0;

const latin1Name = (d: Uint8Array) => {
  let r = "";
  for (let i = 0; i < d.length; i += 16384) r += String.fromCharCode(...d.subarray(i, i + 16384));
  return r;
};

/**
 * The parts of a plain zip in file order, or null when fflate should read it (ZIP64, a size or offset out
 * of range, another compression method, anything not where the directory says).
 */
export function zipEntries(d: Uint8Array): Map<string, ZipEntry> | null {
  try {
    let e = d.length - 22;
    while (e > 0 && u32(d, e) !== 0x06054b50 && d.length - e <= 65558) e--;
    if (e <= 0 || u32(d, e) !== 0x06054b50) return null;
    if (e >= 20 && u32(d, e - 20) === 0x07064b50) return null; // ZIP64
    const count = u16(d, e + 8);
    let o = u32(d, e + 16);
    const out = new Map<string, ZipEntry>();
    for (let i = 0; i < count; i++) {
      if (o + 46 > d.length || u32(d, o) !== 0x02014b50) return null;
      const compression = u16(d, o + 10);
      const size = u32(d, o + 20);
      const originalSize = u32(d, o + 24);
      const nameLength = u16(d, o + 28);
      const local = u32(d, o + 42);
      if ((compression !== 0 && compression !== 8) || [size, originalSize, local].includes(0xffffffff))
        return null;
      const raw = d.subarray(o + 46, o + 46 + nameLength);
      const name = u16(d, o + 8) & 2048 ? new TextDecoder().decode(raw) : latin1Name(raw);
      if (out.has(name) || local + 30 > d.length || u32(d, local) !== 0x04034b50) return null;
      const offset = local + 30 + u16(d, local + 26) + u16(d, local + 28);
      if (offset + size > d.length) return null;
      out.set(name, { name, compression, size, originalSize, offset, crc: u32(d, o + 16) });
      o += 46 + nameLength + u16(d, o + 30) + u16(d, o + 32);
    }
    return out;
  } catch {
    return null;
  }
}

/** One part's bytes: by zlib when it yields exactly the declared size, otherwise as fflate reads it. */
function inflateEntry(d: Uint8Array, e: ZipEntry, entries: Map<string, ZipEntry>): Uint8Array {
  const part = inflatedEntry(d, e);
  storedAs.set(part, { file: { bytes: d, entries }, entry: e });
  return part;
}

function inflatedEntry(d: Uint8Array, e: ZipEntry): Uint8Array {
  const data = d.subarray(e.offset, e.offset + e.size);
  if (e.compression === 0) return data.slice();
  try {
    const out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(e.originalSize, 1) });
    if (out.length === e.originalSize) return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    // damaged or not as declared: fflate decides, as it always did
  }
  return inflateSync(data, { out: new Uint8Array(e.originalSize) });
}

/** fflate's zip layout (same headers, flags and order) with zlib's deflate. */
function zipNative(files: ZipFile[]): Uint8Array {
  const now = new Date();
  const year = now.getFullYear() - 1980;
  const dosTime =
    ((year << 25) |
      ((now.getMonth() + 1) << 21) |
      (now.getDate() << 16) |
      (now.getHours() << 11) |
      (now.getMinutes() << 5) |
      (now.getSeconds() >> 1)) >>>
    0;
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const f of files) {
    const name = enc.encode(f.name);
    const s = f.stored;
    const method = s ? s.compression : f.level ? 8 : 0;
    const body = s ? s.data : f.level ? zlib.deflateRawSync(f.data, { level: f.level }) : f.data;
    const crc = s ? s.crc : zlib.crc32(f.data);
    const size = s ? s.originalSize : f.data.length;
    const header = (centralEntry: boolean) => {
      const h = new Uint8Array((centralEntry ? 46 : 30) + name.length);
      const v = new DataView(h.buffer);
      let b = 0;
      v.setUint32(b, centralEntry ? 0x02014b50 : 0x04034b50, true);
      b += 4;
      if (centralEntry) ((h[b++] = 20), (h[b++] = 0));
      h[b] = 20;
      b += 2;
      // General purpose flags: only "the name is UTF-8" (bit 11), when it is not plain ASCII.
      h[b++] = 0;
      h[b++] = name.length !== f.name.length ? 8 : 0;
      v.setUint16(b, method, true);
      v.setUint32(b + 2, dosTime, true);
      v.setUint32(b + 6, crc, true);
      v.setUint32(b + 10, body.length, true);
      v.setUint32(b + 14, size, true);
      v.setUint16(b + 18, name.length, true);
      b += 22;
      if (centralEntry) (v.setUint32(b + 10, offset, true), (b += 14));
      h.set(name, b);
      return h;
    };
    central.push(header(true));
    const local = header(false);
    chunks.push(local, body);
    offset += local.length + body.length;
  }
  const directorySize = central.reduce((n, c) => n + c.length, 0);
  const end = new Uint8Array(22);
  const v = new DataView(end.buffer);
  v.setUint32(0, 0x06054b50, true);
  v.setUint16(8, files.length, true);
  v.setUint16(10, files.length, true);
  v.setUint32(12, directorySize, true);
  v.setUint32(16, offset, true);
  return concatBytes([...chunks, ...central, end]);
}

const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
/** Decoded text by the bytes it came from: a part read by several steps is decoded once. */
const textCache = new WeakMap<Uint8Array, string>();
const encoder = new TextEncoder();

/** A part as text, exactly (a byte-order mark is kept so the bytes come back the same). */
export function partText(pkg: XlsxPackage, name: string): string | null {
  const data = partBytes(pkg, name);
  if (!data) return null;
  const cached = textCache.get(data);
  if (cached !== undefined) return cached;
  try {
    const text = decoder.decode(data);
    // A large part's text is not held for later readers (a 10,000-task ledger sheet is ~24 MB as text):
    // decoding it again costs milliseconds.
    if (data.length < LARGE_TEXT) textCache.set(data, text);
    return text;
  } catch {
    throw notUtf8(name);
  }
}

const LARGE_TEXT = 1 << 20;

const notUtf8 = (name: string) =>
  new UnusableWorkbookError(
    `工作簿中的“${name}”不是 UTF-8 编码的 XML，无法处理。请在 Excel/WPS 中打开并另存后再试。`,
  );

/**
 * A part's bytes as a string of one character per byte (Latin-1), for the worksheet scanner's `binary`
 * mode: the markup is ASCII, so tags and attributes read the same, and offsets are byte offsets; the
 * string takes one byte per byte, where the decoded text of a sheet holding Chinese takes two per
 * character. Checked to be UTF-8 as `partText` does. Not cached.
 */
export function partBinary(pkg: XlsxPackage, name: string): string | null {
  const data = partBytes(pkg, name);
  if (!data) return null;
  if (!isUtf8(data)) throw notUtf8(name);
  return latin1OfBytes(data);
}

/** The text of bytes `partText` has decoded already (the check of a written file reuses the original's). */
export const decodedText = (data: Uint8Array): string | undefined => textCache.get(data);

export function setPartText(pkg: XlsxPackage, name: string, text: string): void {
  setPartBytes(pkg, name, encoder.encode(text));
}

/**
 * Texts as one UTF-8 buffer, encoded piece by piece: a large part's new text is never built as a whole
 * string only to be encoded and dropped (the same bytes as encoding the joined text, since pieces are cut
 * at tags, never inside a character).
 */
export const utf8OfPieces = (pieces: string[]): Uint8Array => utf8OfStrings(pieces);

/** Strings of one character per byte (`partBinary`) as the bytes they stand for, in one buffer. */
export const latin1OfPieces = (pieces: string[]): Uint8Array => bytesOfLatin1Strings(pieces);

/**
 * Replaces a part. When the new bytes are the part's bytes as read, the part read stays (and so is written
 * as it was stored, not deflated again): an edit that ends where it began, such as the plan copy rewritten
 * for the same plan, leaves the part as it was in the file.
 */
export function setPartBytes(pkg: XlsxPackage, name: string, bytes: Uint8Array): void {
  const old = pkg.parts.get(name);
  if (old && storedAs.has(old) && sameBytes(old, bytes)) return;
  pkg.parts.set(name, bytes);
}

/**
 * A copy whose part map can be changed without touching the original's. Parts not inflated yet stay so
 * (a part nobody reads is copied into a written file as it was stored).
 */
export function clonePackage(pkg: XlsxPackage): XlsxPackage {
  const lazy = pkg.lazy;
  return {
    parts: new Map(pkg.parts),
    names: [...pkg.names],
    ...(lazy ? { lazy: { ...lazy, pending: new Set(lazy.pending) } } : {}),
  };
}
