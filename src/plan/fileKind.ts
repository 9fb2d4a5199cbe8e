/**
 * What kind of file staff picked, from its first bytes (and its name, for formats that look alike).
 * Pure: the shells read the bytes and hand the .docx/PDF ones to the libraries that read them.
 * Formats we cannot read are refused here with a message saying what to save the file as.
 */
import { UnreadablePlanError } from "./text";

export type PlanFileKind = "text" | "docx" | "pdf";

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Does `bytes` contain `ascii` (or its UTF-16LE form, as in compound-file directories)? */
function contains(bytes: Uint8Array, ascii: string, utf16 = false, limit = bytes.length): boolean {
  const needle = utf16
    ? [...ascii].flatMap((c) => [c.charCodeAt(0), 0])
    : [...ascii].map((c) => c.charCodeAt(0));
  const end = Math.min(limit, bytes.length) - needle.length;
  outer: for (let i = 0; i <= end; i++) {
    for (let k = 0; k < needle.length; k++) if (bytes[i + k] !== needle[k]) continue outer;
    return true;
  }
  return false;
}

const extensionOf = (name: string) => (/\.([A-Za-z0-9]+)$/.exec(name)?.[1] ?? "").toLowerCase();

const SAVE_AS_DOCX =
  "请用 Word 或 WPS 打开，选择“文件 → 另存为”，保存类型选“Word 文档(*.docx)”后再选择该文件；也可以复制全文粘贴。";
const SAVE_AS_DOCX_EN = "Open it in Word or WPS and save it as a Word document (.docx), or paste the text.";

function refuse(message: string, messageEn: string): never {
  throw new UnreadablePlanError(message, messageEn);
}

function refuseOfd(): never {
  refuse(
    "这是 OFD 版式文件，无法直接读取。请用 OFD 阅读器（如数科、福昕）打开，“另存为”或“导出”为 PDF 或 Word(.docx)，或全选复制正文粘贴。",
    "This is an OFD file. Export it to PDF or .docx from an OFD reader, or paste the text.",
  );
}

/** The kind of plan file, or an UnreadablePlanError that says what to save it as. */
export function planFileKind(bytes: Uint8Array, fileName = ""): PlanFileKind {
  const ext = extensionOf(fileName);
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) return "pdf"; // %PDF
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    if (contains(bytes, "word/document.xml") || contains(bytes, "word/")) return "docx";
    if (ext === "ofd" || contains(bytes, "OFD.xml")) refuseOfd();
    // OpenDocument (LibreOffice, WPS): the mimetype is stored first, uncompressed.
    if (contains(bytes, "application/vnd.oasis.opendocument", false, 200))
      refuse(
        `这是 OpenDocument(.odt/.ods) 文件，无法直接读取。请用 WPS 或 LibreOffice 打开，“另存为” Word 文档(*.docx) 后再选择；也可以复制全文粘贴。`,
        "This is an OpenDocument file (.odt). Save it as a Word document (.docx) in WPS or LibreOffice, or paste the text.",
      );
    if (contains(bytes, "xl/"))
      refuse(
        "这是 Excel 工作簿，不是计划原文。请选择计划的 Word(.docx)、PDF 或 .txt 文件。",
        "This is an Excel workbook, not the plan. Pick the plan's .docx, PDF or .txt.",
      );
    refuse(
      "这是压缩文件，不是计划原文。请先解压，再选择其中计划的 Word(.docx)、PDF 或 .txt 文件。",
      "This is a zip archive. Extract it and pick the plan's .docx, PDF or .txt.",
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    // Compound files: legacy .doc, WPS .wps, and Office files protected by a password.
    if (contains(bytes, "EncryptedPackage", true))
      refuse(
        "文件设置了打开密码（已加密），无法读取。请在 Word 或 WPS 中输入密码打开，取消密码（“文件 → 信息 → 保护文档”或“文件 → 文档加密”）后另存为 .docx 再试。",
        "The file is password-protected. Open it, remove the password and save it as .docx.",
      );
    if (ext === "wps")
      refuse(
        `这是 WPS 文字(.wps)文件，无法直接读取。${SAVE_AS_DOCX}`,
        `This is a WPS (.wps) file. ${SAVE_AS_DOCX_EN}`,
      );
    if (ext === "xls" || ext === "et")
      refuse(
        "这是旧版表格文件，不是计划原文。请选择计划的 Word(.docx)、PDF 或 .txt 文件。",
        "This is a legacy spreadsheet, not the plan. Pick the plan's .docx, PDF or .txt.",
      );
    refuse(
      `这是旧版 Word(.doc)文件，无法直接读取。${SAVE_AS_DOCX}`,
      `This is a legacy Word (.doc) file. ${SAVE_AS_DOCX_EN}`,
    );
  }
  if (startsWith(bytes, [0x7b, 0x5c, 0x72, 0x74, 0x66])) {
    refuse(`这是 RTF 文件，无法直接读取。${SAVE_AS_DOCX}`, `This is an RTF file. ${SAVE_AS_DOCX_EN}`);
  }
  if (ext === "ofd") refuseOfd();
  if (ext === "odt" || ext === "fodt" || looksLikeOpenDocumentXml(bytes))
    refuse(
      `这是 OpenDocument(.odt/.fodt) 文件，无法直接读取。请用 WPS 或 LibreOffice 打开，“另存为” Word 文档(*.docx) 后再选择；也可以复制全文粘贴。`,
      "This is an OpenDocument file. Save it as a Word document (.docx), or paste the text.",
    );
  if (looksLikeHtml(bytes))
    refuse(
      ext === "pdf"
        ? "这个文件名是 .pdf，内容却是网页（下载没有成功，得到的是网页）。请重新下载 PDF；或在浏览器中打开网页，全选复制计划正文粘贴。"
        : "这是网页文件(.html)，不是计划原文。请在浏览器中打开，全选复制计划正文粘贴；或下载网页上附的 Word/PDF 文件。",
      ext === "pdf"
        ? "This .pdf is a web page (the download failed). Download the PDF again, or copy the plan's text from the page."
        : "This is a web page. Open it in a browser and paste the plan's text, or download the Word/PDF attached to it.",
    );
  if (ext === "doc" || ext === "wps") {
    refuse(`无法读取 .${ext} 文件。${SAVE_AS_DOCX}`, `.${ext} files cannot be read. ${SAVE_AS_DOCX_EN}`);
  }
  return "text";
}

/** The start of the file as text (UTF-8 or ASCII-compatible), lower-cased, for markup sniffing. */
function head(bytes: Uint8Array): string {
  return new TextDecoder("utf-8")
    .decode(bytes.subarray(0, 1024))
    .replace(/^\uFEFF/, "")
    .trimStart()
    .toLowerCase();
}

/** A web page: it opens with a doctype or an <html>/<head> tag. */
function looksLikeHtml(bytes: Uint8Array): boolean {
  return /^(<!doctype html|<html[\s>]|<head[\s>]|<\?xml[^>]*>\s*<html)/.test(head(bytes));
}

/** A flat OpenDocument file (.fodt): XML with the office:document root. */
function looksLikeOpenDocumentXml(bytes: Uint8Array): boolean {
  const h = head(bytes);
  return h.startsWith("<?xml") && h.includes("<office:document");
}

/** Why a reading library failed on a .docx or PDF, in words staff can act on. */
export function unreadableBecause(kind: PlanFileKind, err: unknown): UnreadablePlanError {
  if (err instanceof UnreadablePlanError) return err;
  const name = (err as Error)?.name ?? "";
  const detail = String((err as Error)?.message ?? err);
  // The reader is a chunk of its own in the pane; on a webview that cannot run it (pdf.js needs dynamic
  // import(), which EdgeHTML 18 lacks) or without the network it fails to load: the file is not at fault.
  if (name === "ChunkLoadError")
    return new UnreadablePlanError(
      `读取${kind === "pdf" ? " PDF" : " Word"} 的程序没能加载（${detail}）。较旧的 Office（如 Office 2019 的 EdgeHTML 浏览器组件）读不了这类文件：请把计划另存为 .docx 或全选复制正文粘贴，或用命令行 plan-ledger build 计划文件。`,
      "The reader for this file could not load in this Office's browser component. Save the plan as .docx, paste its text, or use the command line.",
    );
  if (kind === "pdf" && name === "PasswordException")
    return new UnreadablePlanError(
      "这个 PDF 设置了打开密码，无法读取。请用 PDF 阅读器输入密码打开后“另存为”（或“打印”为 PDF）得到无密码的文件，或全选复制正文粘贴。",
      "The PDF is password-protected. Save a copy without the password, or paste the text.",
    );
  if (kind === "pdf")
    return new UnreadablePlanError(
      `PDF 文件无法打开（${detail}），可能已损坏。请重新下载，或向发文单位索取 Word(.docx) 版。`,
      "The PDF cannot be opened; it may be damaged. Download it again or get the .docx.",
    );
  return new UnreadablePlanError(
    `Word 文件无法打开（${detail}），可能已损坏或不是 .docx。请用 Word 或 WPS 打开后另存为“Word 文档(*.docx)”再试。`,
    "The Word file cannot be opened; it may be damaged. Save it again as .docx.",
  );
}

/** A PDF whose pages hold no text (a scan) is refused: there is nothing to parse, and OCR is the way on. */
export function checkExtracted(kind: PlanFileKind, text: string): void {
  if (kind === "pdf" && text.replace(/\s/g, "").length < 20)
    throw new UnreadablePlanError(
      "这个 PDF 没有可读取的文字（可能是扫描件或图片）。请向发文单位索取 Word(.docx) 版或可复制文字的 PDF；或在 WPS/Acrobat 中用“文字识别(OCR)”转换为 Word(.docx)，核对后再选择。",
      "This PDF has no text layer (a scan or images). Get the .docx or a text PDF, or convert it with OCR to .docx first.",
    );
  if (kind === "docx" && !text.trim())
    throw new UnreadablePlanError(
      "这个 Word 文件没有文字（可能只有图片）。请选择计划正文的 Word 文件，或复制全文粘贴。",
      "This Word file holds no text. Pick the plan's own document or paste the text.",
    );
}
