/**
 * The .xlsx package as its parts (fflate): read with limits against damaged files and zip bombs, written
 * back with every part in its original order. A part nobody changed goes back with the same bytes.
 */
import { unzipSync, zipSync, type Zippable } from "fflate";
import { UnusableWorkbookError } from "../../../ledger/grid";

/**
 * Parts of the package by name, in the order the file had them. Large parts are inflated when first
 * asked for (`partText`, `allParts`), so reading a ledger does not inflate sheets nobody reads.
 */
export interface XlsxPackage {
  parts: Map<string, Uint8Array>;
  /** Every part's name, in file order. */
  names: string[];
  /** The file, while some parts are not inflated yet. */
  lazy?: { bytes: Uint8Array; pending: Set<string> };
}

/** Inflated now: metadata and shared parts; later, on demand: worksheets, charts, drawings, media. */
const onDemand = (name: string) =>
  /^xl\/(worksheets|charts|drawings|media|embeddings|pivot|externalLinks)\//.test(name) ||
  name.endsWith(".bin");

/** No single part and no whole package of a ledger comes near these; a file that does is refused. */
const MAX_PART = 512 * 1024 * 1024;
const MAX_TOTAL = 1024 * 1024 * 1024;
const MAX_RATIO = 200;

const OLE = [0xd0, 0xcf, 0x11, 0xe0];

export function readPackage(bytes: Uint8Array): XlsxPackage {
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
  try {
    parts = unzipSync(bytes, {
      filter: (f) => {
        total += f.originalSize;
        const ratio = f.size > 0 ? f.originalSize / f.size : 0;
        if (f.originalSize > MAX_PART || total > MAX_TOTAL || (f.originalSize > 1e7 && ratio > MAX_RATIO))
          throw new ZipBomb();
        names.push(f.name);
        return !onDemand(f.name);
      },
    });
  } catch (err) {
    throw unreadable(err);
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
  const pending = new Set(names.filter(onDemand));
  return {
    parts: new Map(names.filter((n) => parts[n]).map((n) => [n, parts[n]])),
    names,
    ...(pending.size ? { lazy: { bytes, pending } } : {}),
  };
}

class ZipBomb extends Error {}

function unreadable(err: unknown): UnusableWorkbookError {
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
  let got: Record<string, Uint8Array>;
  try {
    got = unzipSync(lazy.bytes, { filter: (f) => todo.includes(f.name) });
  } catch (err) {
    throw unreadable(err);
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
  const z: Zippable = {};
  for (const [name, data] of allParts(pkg))
    z[name] = [
      data,
      { level: /\.(png|jpe?g|gif|emf|wmf|bin)$/i.test(name) ? 0 : data.length > 1 << 20 ? 1 : 6 },
    ];
  return zipSync(z);
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
    textCache.set(data, text);
    return text;
  } catch {
    throw new UnusableWorkbookError(
      `工作簿中的“${name}”不是 UTF-8 编码的 XML，无法处理。请在 Excel/WPS 中打开并另存后再试。`,
    );
  }
}

export function setPartText(pkg: XlsxPackage, name: string, text: string): void {
  pkg.parts.set(name, encoder.encode(text));
}

/** A copy whose part map can be changed without touching the original's. */
export function clonePackage(pkg: XlsxPackage): XlsxPackage {
  allParts(pkg);
  return { parts: new Map(pkg.parts), names: [...pkg.names] };
}
