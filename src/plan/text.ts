/**
 * Getting from whatever staff hand us (a .txt in UTF-8, GBK or UTF-16, pasted text) to clean lines.
 * Pure: TextDecoder is available in browsers and Node alike.
 */

export interface DecodedText {
  text: string;
  encoding: "utf-8" | "gb18030" | "utf-16le" | "utf-16be";
  /**
   * A UTF-8 file with a few lines that are not (a line pasted in GBK, a stray byte): those lines, 1-based,
   * read as GBK, or as UTF-8 with a stray byte or two left out (`�` where more are bad). Absent when every line decoded cleanly.
   */
  mixedLines?: number[];
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

/** Share of characters a Chinese plan is made of: CJK, ASCII, punctuation, spaces. */
function plausibility(text: string): number {
  if (!text.length) return 0;
  let good = 0;
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (
      (c >= 0x20 && c < 0x7f) ||
      c === 0x0a ||
      c === 0x0d ||
      c === 0x09 ||
      (c >= 0x4e00 && c <= 0x9fff) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0x2000 && c <= 0x206f)
    )
      good++;
  }
  return good / text.length;
}

/**
 * UTF-16 without a byte-order mark: ASCII characters (digits, line breaks) leave zero bytes, mostly on
 * one side of each pair. The byte orders to try, likelier first; none when there are no zero bytes.
 */
function utf16Candidates(bytes: Uint8Array): ("utf-16le" | "utf-16be")[] {
  if (bytes.length % 2) return [];
  const probe = bytes.subarray(0, 8192);
  let even = 0;
  let odd = 0;
  for (let i = 0; i < probe.length; i++) if (probe[i] === 0) i % 2 ? odd++ : even++;
  if (!even && !odd) return [];
  return odd >= even ? ["utf-16le", "utf-16be"] : ["utf-16be", "utf-16le"];
}

const decode = (bytes: Uint8Array, encoding: DecodedText["encoding"], fatal = false) =>
  new TextDecoder(encoding, { fatal }).decode(bytes);

/**
 * Decode the bytes of a text file: UTF-8, GBK/GB18030 (the default of Chinese Windows), UTF-16 with or
 * without a byte-order mark (Notepad's "Unicode"). Binary data is refused with a message saying what to do.
 * Word and PDF files are told apart before this (see fileKind.ts).
 */
export function decodePlanBytes(bytes: Uint8Array): DecodedText {
  if (startsWith(bytes, [0xff, 0xfe])) return { text: decode(bytes, "utf-16le"), encoding: "utf-16le" };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: decode(bytes, "utf-16be"), encoding: "utf-16be" };
  for (const wide of utf16Candidates(bytes)) {
    try {
      const text = decode(bytes, wide, true);
      if (plausibility(text) > 0.95) return { text, encoding: wide };
    } catch {
      // Not valid UTF-16 in this byte order.
    }
  }
  const probe = bytes.subarray(0, 8192);
  let controls = 0;
  for (const b of probe) if (b === 0 || (b < 0x09 && b !== 0x1b)) controls++;
  if (controls > 0 && controls * 100 >= probe.length) {
    throw new UnreadablePlanError(
      "文件含二进制内容，不是纯文本。请选择计划的 Word(.docx)、PDF 或 .txt 文件，或复制全文粘贴。",
      "The file holds binary data, not text. Pick the plan's .docx, PDF or .txt, or paste the text.",
    );
  }
  try {
    return { text: decode(bytes, "utf-8", true), encoding: "utf-8" };
  } catch {
    // Not UTF-8: Chinese Windows saves .txt as GBK by default; UTF-16 of pure Chinese has no zero bytes.
  }
  const mixed = mostlyUtf8(bytes);
  if (mixed) return mixed;
  const gbk = decode(bytes, "gb18030");
  if (bytes.length % 2 === 0 && plausibility(gbk) < 0.98) {
    for (const enc of ["utf-16le", "utf-16be"] as const) {
      try {
        const text = decode(bytes, enc, true);
        if (plausibility(text) > plausibility(gbk)) return { text, encoding: enc };
      } catch {
        // Unpaired surrogates: not this byte order.
      }
    }
  }
  return { text: gbk, encoding: "gb18030" };
}

/**
 * A file that is UTF-8 but for a few lines (one pasted from a GBK file, a stray byte): those lines alone
 * are read as GBK when that reads cleanly, else as UTF-8 with the bad bytes replaced. Null when many lines
 * fail (then the file is GBK) or none has Chinese read as UTF-8.
 */
function mostlyUtf8(bytes: Uint8Array): DecodedText | null {
  const lines: Uint8Array[] = [];
  let start = 0;
  for (let i = 0; i <= bytes.length; i++)
    if (i === bytes.length || bytes[i] === 0x0a) {
      lines.push(bytes.subarray(start, i));
      start = i + 1;
    }
  const bad: number[] = [];
  let goodWide = 0;
  const texts = lines.map((line, k) => {
    try {
      const t = decode(line, "utf-8", true);
      if (/[\u4e00-\u9fff]/.test(t)) goodWide++;
      return t;
    } catch {
      bad.push(k + 1);
      return "";
    }
  });
  if (!bad.length || goodWide < 3 || bad.length > Math.max(3, lines.length * 0.05)) return null;
  for (const n of bad) {
    const line = lines[n - 1];
    const loose = decode(line, "utf-8");
    const gbk = decode(line, "gb18030", false);
    const replaced = (loose.match(/\uFFFD/g) ?? []).length;
    // A stray byte or two in a UTF-8 line; otherwise the line is GBK (unless that fails too).
    const stray = replaced <= 2 && replaced * 20 < loose.length;
    texts[n - 1] = stray ? loose.replace(/\uFFFD/g, "") : gbk.includes("\uFFFD") ? loose : gbk;
  }
  return { text: texts.join("\n"), encoding: "utf-8", mixedLines: bad };
}

/** The warning for a file of mixed encodings (see DecodedText.mixedLines). */
export function mixedEncodingNotes(decoded: DecodedText): {
  line: number;
  severity: "warning";
  code: string;
  message: string;
  messageEn: string;
}[] {
  if (!decoded.mixedLines?.length) return [];
  const lines = decoded.mixedLines.join("、");
  return [
    {
      line: decoded.mixedLines[0],
      severity: "warning",
      code: "TEXT_MIXED_ENCODING",
      message: `文件是 UTF-8 编码，但第${lines}行不是（文件由不同来源拼成，编码混杂）：已按 GBK 读取或略去无法识别的字节，请核对这几行；最好用记事本把文件另存为 UTF-8。`,
      messageEn: `The file is UTF-8 except line(s) ${lines} (mixed encodings): read as GBK or with the bad bytes left out; check them, or save the file as UTF-8.`,
    },
  ];
}

/** BOM, CRLF/CR and the like; the text itself is kept as written. */
export function normalizeNewlines(text: string): string {
  return text
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .replace(/[\u2028\u2029\u0085]/g, "\n");
}

/**
 * CJK-radical code points a PDF's font maps some characters to (`⻓` U+2ED3 for 长): they look the same
 * but are other characters, and NFKC has no mapping for most of them.
 */
const RADICAL_TWINS: Record<string, string> = {
  "\u2ea0": "民",
  "\u2ec4": "西",
  "\u2ec5": "见",
  "\u2ec6": "角",
  "\u2ec9": "贝",
  "\u2ecb": "车",
  "\u2ed3": "长",
  "\u2ed4": "门",
  "\u2ed8": "青",
  "\u2ed9": "韦",
  "\u2eda": "页",
  "\u2edb": "风",
  "\u2edc": "飞",
  "\u2ee2": "马",
  "\u2ee5": "鱼",
  "\u2ee6": "鸟",
  "\u2ee7": "卤",
  "\u2ee8": "麦",
  "\u2ee9": "黄",
  "\u2eec": "齐",
  "\u2eee": "齿",
  "\u2ef0": "龙",
};

/**
 * Characters that look like what the parser reads but are other code points: full-width digits and
 * Latin letters (`２０２３年６月`), Kangxi radicals and CJK compatibility ideographs from PDF copies
 * (`⽉` U+2F49 for 月), zero-width characters and odd spaces from web pages. Only these ranges are folded
 * (NFKC per character): folding the whole text would also turn full-width punctuation `（）：；，` and
 * circled numbers `①` into ASCII, which carry meaning here. No character becomes a line break, so line
 * numbers stay right.
 */
export function foldLookalikes(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff\u00ad]/g, "")
    .replace(/[\u00a0\u2000-\u200a\u202f\u205f]/g, " ")
    .replace(
      /[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u2f00-\u2fdf\u2e80-\u2eff\uf900-\ufaff]/g,
      (ch) => RADICAL_TWINS[ch] ?? ch.normalize("NFKC"),
    );
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
