/**
 * Getting from whatever staff hand us (a .txt in UTF-8 or GBK, pasted text, or the wrong file) to clean
 * lines. Pure: TextDecoder is available in browsers and Node alike.
 */

export interface DecodedText {
  text: string;
  encoding: "utf-8" | "gb18030";
}

export class UnreadablePlanError extends Error {
  constructor(
    message: string,
    readonly messageEn: string,
  ) {
    super(message);
    this.name = "UnreadablePlanError";
  }
}

const startsWith = (bytes: Uint8Array, sig: number[]) => sig.every((b, i) => bytes[i] === b);

/** Decode plan bytes; rejects Word, PDF, zip and other binary files with a message saying what to do. */
export function decodePlanBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04])) {
    throw new UnreadablePlanError(
      "这是一个 Word(.docx)/压缩文件，不是纯文本。请在 Word 中“另存为”纯文本(.txt)，或复制全文粘贴后再试。",
      "This is a .docx/zip file, not plain text. Save it as plain text (.txt) or paste the text instead.",
    );
  }
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0])) {
    throw new UnreadablePlanError(
      "这是旧版 Word(.doc)/Excel 文件，不是纯文本。请“另存为”纯文本(.txt)后再试。",
      "This is a legacy .doc/.xls file, not plain text. Save it as plain text (.txt) first.",
    );
  }
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46])) {
    throw new UnreadablePlanError(
      "这是 PDF 文件。请在 PDF 阅读器中全选复制正文，粘贴为纯文本(.txt)后再试。",
      "This is a PDF. Copy its text into a plain-text (.txt) file first.",
    );
  }
  const probe = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of probe) if (b === 0 || (b < 0x09 && b !== 0x1b)) controls++;
  if (controls > 0 && controls * 100 >= probe.length) {
    throw new UnreadablePlanError(
      "文件含二进制内容，不是纯文本。请提供计划正文的 .txt 文件。",
      "The file holds binary data, not text. Provide the plan as a .txt file.",
    );
  }
  try {
    return { text: new TextDecoder("utf-8", { fatal: true }).decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: Chinese Windows saves .txt as GBK by default.
    return { text: new TextDecoder("gb18030").decode(bytes), encoding: "gb18030" };
  }
}

/** BOM, CRLF/CR and the like; the text itself is kept as written. */
export function normalizeNewlines(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029\u0085]/g, "\n");
}

/** Trim spaces of every kind, including full-width (U+3000) and no-break spaces. */
export function trimAll(s: string): string {
  return s.replace(/^[\s\u3000\u00a0\ufeff]+|[\s\u3000\u00a0\ufeff]+$/g, "");
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** Chinese numerals up to 99 (一, 十, 十六, 二十三); NaN when not one. */
export function chineseNumeral(s: string): number {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二三四五六七八九两])?(十)?([一二三四五六七八九])?$/.exec(s);
  if (!m || s === "") return NaN;
  if (!m[2]) return m[1] && !m[3] ? CN_DIGITS[m[1]] : NaN;
  return (m[1] ? CN_DIGITS[m[1]] : 1) * 10 + (m[3] ? CN_DIGITS[m[3]] : 0);
}
