/**
 * Splits the plan text into numbered blocks. A numbered line (`一、`, `(一)`, `1.`, `(1)`) starts a block
 * when the numbering fits where it stands: the next number at its level, or 1 after a higher heading.
 * A number that does not fit starts a block only at a paragraph's start (after a blank line, a closed
 * sentence or a short line); at a place where text merely wraps (`…执行全市“多测合\n一、联合验收…`) it is
 * part of the sentence.
 *
 * Text copied out of a PDF breaks lines anywhere. A line continues the one above it (joined without a
 * break) when the one above reaches the text's usual full width, or when it closes a bracket left open
 * (`〔…公安分\n局〕`). Other lines stay separate lines of their block, so that `牵头单位：…` on a line of
 * its own is still told apart.
 */
import { blankFurniture, closeDigitSpaces } from "./furniture";
import { chineseNumeral, trimAll } from "./text";

/** 1 = `一、`, 2 = `(一)`, 3 = `1.` / `1、`, 4 = `(1)` / `①`. */
export type Level = 1 | 2 | 3 | 4;

export interface Block {
  level: Level;
  /** The number as a value (`十六` → 16). */
  num: number;
  /** The marker as written, e.g. `(一)` or `12.`. */
  marker: string;
  /** Text after the marker; its lines joined with `\n`. */
  text: string;
  line: number;
  /** The source line of each line of `text`. */
  lines: number[];
  /** Unnumbered paragraphs that follow the block after a blank line and are not part of it. */
  trailing: string[];
}

export interface BlockedText {
  /** Lines before the first numbered block (title, date, page furniture, preface). */
  preamble: { text: string; line: number }[];
  blocks: Block[];
}

const CN = "[一二三四五六七八九十]{1,3}";
const MARKERS: { level: Level; re: RegExp }[] = [
  { level: 1, re: new RegExp(`^(${CN})\\s*[、.．]\\s*`) },
  { level: 2, re: new RegExp(`^[(（]\\s*(${CN})\\s*[)）]\\s*[、.．]?\\s*`) },
  // `1.` but not `1.5倍`: the number must not run on into digits.
  { level: 3, re: /^(\d{1,5})\s*[.、．](?!\d)\s*/ },
  { level: 4, re: /^[(（](\d{1,3})[)）]\s*|^([\u2460-\u2473])\s*/ },
];

export function matchMarker(
  line: string,
): { level: Level; num: number; marker: string; rest: string } | null {
  for (const { level, re } of MARKERS) {
    const m = re.exec(line);
    if (!m) continue;
    const raw = m[1] ?? m[2];
    const num = /[\u2460-\u2473]/.test(raw) ? raw.charCodeAt(0) - 0x2460 + 1 : chineseNumeral(raw);
    if (!Number.isFinite(num) || num <= 0) continue;
    return { level, num, marker: trimAll(m[0]), rest: line.slice(m[0].length) };
  }
  return null;
}

/** A heading this short (in characters) is a line of its own, even when it reaches a narrow margin. */
const SHORT_HEADING_CHARS = 12;
/** A paragraph ends here: a following paragraph after a blank line is not its continuation. */
const CLOSED_RE = /[。！!？?〕】）)」”"；;]$/;
/** A line that belongs to the block above even after a blank line. */
const LABEL_LINE_RE = /^[〔【（(]?\s*(牵头|责任|配合|协办|参与|主责|完成时限|完成时间|时间节点)/;
/** A paragraph that ends with the units of the task above: `（区应急局牵头，…按职责分工负责）`. */
const ENDS_WITH_UNITS_RE = /(牵头|责任单位|配合单位|职责分工负责)[^〔【（()）】〕]*[〕】）)]\s*[。；;]?$/;

const FAMILY: Record<string, string> = { "〔": "〕", "【": "】", "（": "）", "(": "）", "[": "]" };
const CLOSER_FAMILY: Record<string, string> = { "〕": "〕", "】": "】", "）": "）", ")": "）", "]": "]" };

/** Display width: CJK and full-width characters count two, others one. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += ch.charCodeAt(0) > 0x2e80 ? 2 : 1;
  return w;
}

/**
 * The width at which the text's lines wrap, when they do: many lines of (nearly) the same greatest
 * width. Infinity for text whose paragraphs are lines of their own.
 */
export function wrapWidth(lines: string[]): number {
  const widths = lines
    .map((l) => displayWidth(trimAll(l)))
    .filter((w) => w >= 20)
    .sort((a, b) => a - b);
  if (widths.length < 2) return Infinity;
  const w = widths[Math.floor(widths.length * 0.9)];
  const near = widths.filter((x) => x >= w - 8 && x <= w + 4).length;
  return near >= 2 && near >= widths.length * 0.3 ? w : Infinity;
}

/** Longest line, in characters, of a text cut into a narrow column. */
const NARROW_COLUMN_CHARS = 10;

/**
 * A text cut into a narrow column (a few characters a line, whatever their widths: a tool that wraps
 * by count): nine lines in ten are that short, and most of them hold exactly as many characters. The
 * count, or null when the text is not such a column.
 */
export function narrowColumn(lines: string[]): number | null {
  const counts = lines
    .map((l) => [...trimAll(l)].length)
    .filter((n) => n >= 3)
    .sort((a, b) => a - b);
  if (counts.length < 10) return null;
  const n = counts[Math.floor(counts.length * 0.9)];
  const at = counts.filter((x) => x === n || x === n - 1).length;
  return n <= NARROW_COLUMN_CHARS && at >= counts.length * 0.6 ? n : null;
}

/** Open brackets at the end of a block's text, innermost last (as closer characters). */
function updateOpen(open: string[], line: string): void {
  for (const ch of line) {
    if (FAMILY[ch]) open.push(FAMILY[ch]);
    else if (CLOSER_FAMILY[ch]) {
      const k = open.lastIndexOf(CLOSER_FAMILY[ch]);
      if (k >= 0) open.splice(k, 1);
    }
  }
  // An unclosed `(` typed by mistake must not hold the brackets of later lines open for ever.
  if (open.length > 8) open.splice(0, open.length - 8);
}

/** Does `line` close the innermost open bracket (before opening another of its kind)? */
function closesOpen(open: string[], line: string): boolean {
  const want = open[open.length - 1];
  if (!want) return false;
  for (const ch of line) {
    if (CLOSER_FAMILY[ch] === want) return true;
    if (FAMILY[ch] === want) return false;
  }
  return false;
}

class Numbering {
  private last = [0, 0, 0, 0, 0];
  private higherSince = [false, true, true, true, true];

  fits(level: Level, num: number): boolean {
    return num === this.last[level] + 1 || (num === 1 && (this.last[level] === 0 || this.higherSince[level]));
  }

  take(level: Level, num: number): void {
    this.last[level] = num;
    this.higherSince[level] = false;
    for (let lv = level + 1; lv < this.last.length; lv++) this.higherSince[lv] = true;
  }
}

export function splitBlocks(text: string): BlockedText {
  const preamble: BlockedText["preamble"] = [];
  const blocks: Block[] = [];
  // pdftotext ends each page with a blank line and a form feed: a page break, not a paragraph break.
  const raw = text.replace(/\n*\f/g, "\n\f").split("\n");
  const lines = blankFurniture(raw).map((l) => (l === null ? null : closeDigitSpaces(trimAll(l))));
  const textLines = lines.filter((l): l is string => l !== null);
  const width = wrapWidth(textLines);
  const column = width < Infinity ? null : narrowColumn(textLines);
  const isFull = (l: string) =>
    column !== null ? [...l].length >= column - 1 : displayWidth(l) >= width - 8;
  // A PDF's lines pasted into Word as paragraphs: a blank line between every two lines says nothing.
  if (width < Infinity && blankBetweenAll(lines))
    for (let i = 0; i < lines.length; i++) if (lines[i] === "") lines[i] = null;
  const numbering = new Numbering();
  let current: Block | null = null;
  let open: string[] = [];
  let prev = "";
  /** A blank line since the last line of text (blank lines around page furniture do not count). */
  let blankSince = false;
  let blankRun = false;
  let afterFurniture = false;

  const join = (b: Block, line: string) => {
    const space = /[A-Za-z]$/.test(lastText(b)) && /^[A-Za-z]/.test(line) ? " " : "";
    if (b.trailing.length) b.trailing[b.trailing.length - 1] += space + line;
    else b.text += space + line;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === null) {
      // Page furniture: transparent, together with the blank lines around it.
      afterFurniture = true;
      blankRun = false;
      continue;
    }
    if (!line) {
      if (!afterFurniture) blankRun = true;
      continue;
    }
    if (blankRun) blankSince = true;
    blankRun = false;
    afterFurniture = false;
    const marker = matchMarker(line);
    const prevClosed = CLOSED_RE.test(prev);
    const insideBracket = current !== null && open.length > 0;
    const closesBracket = insideBracket && closesOpen(open, line);
    const wrapsAtLine = current !== null && !blankSince && !prevClosed && (isFull(prev) || insideBracket);
    let startsBlock = false;
    if (marker) {
      // A bracket left open by a typo does not swallow the next numbered line when that line is a
      // whole task of its own: a sentence, its own brackets closed, ending the paragraph.
      const ownParagraph =
        insideBracket && !closesBracket && /。/.test(marker.rest) && CLOSED_RE.test(line) && balanced(line);
      const wrapsHere = wrapsAtLine && !ownParagraph;
      const fits = numbering.fits(marker.level, marker.num);
      // A heading ends its line (or carries its units); a wrapped line of prose fills it.
      const headingShape = marker.level > 2 || !isFull(line) || /牵头|责任/.test(line);
      // The first sub-heading straight under a short heading (`二、重点任务` / `（一）…` in a narrow
      // column, where the heading itself reaches the margin).
      const firstUnderHeading =
        current !== null &&
        current.level <= 2 &&
        marker.level === current.level + 1 &&
        marker.num === 1 &&
        current.lines.length === 1 &&
        displayWidth(current.text) <= 2 * SHORT_HEADING_CHARS;
      // A heading out of sequence stands only after a closed sentence (a blank line is not enough: a PDF
      // copy pasted into Word line by line has one between every two lines).
      const paragraphStart = marker.level > 2 ? !wrapsHere : prevClosed || current === null;
      startsBlock = fits ? !wrapsHere || headingShape || firstUnderHeading : paragraphStart && !closesBracket;
    }
    if (startsBlock && marker) {
      numbering.take(marker.level, marker.num);
      current = {
        level: marker.level,
        num: marker.num,
        marker: marker.marker,
        text: trimAll(marker.rest),
        line: i + 1,
        lines: [i + 1],
        trailing: [],
      };
      blocks.push(current);
      open = [];
      updateOpen(open, current.text);
    } else if (!current) {
      const last = preamble[preamble.length - 1];
      // A title or sentence wrapped across lines of the preamble.
      if (last && !blankSince && isFull(prev) && !prevClosed) last.text += line;
      else preamble.push({ text: line, line: i + 1 });
    } else if (
      (closesBracket && !prevClosed) ||
      (!blankSince &&
        (closesBracket ||
          // `完成时限：20\n25年`: a number is never split by a paragraph break.
          (/\d$/.test(prev) && /^[\d年月日号%％]/.test(line)) ||
          // `牵头单位：` at a line's end: its value is on the next line.
          (/(单位|部门|牵头|配合|时限|时间)\s*[:：]$/.test(prev) && !LABEL_LINE_RE.test(line)) ||
          (!LABEL_LINE_RE.test(line) && (wrapsAtLine || isFull(prev)))))
    ) {
      join(current, line);
      updateOpen(open, line);
    } else if (
      !blankSince ||
      !CLOSED_RE.test(lastText(current)) ||
      LABEL_LINE_RE.test(line) ||
      ENDS_WITH_UNITS_RE.test(line)
    ) {
      if (current.trailing.length) current.trailing[current.trailing.length - 1] += line;
      else {
        current.text += "\n" + line;
        current.lines.push(i + 1);
      }
      updateOpen(open, line);
    } else {
      current.trailing.push(line);
    }
    prev = line;
    blankSince = false;
  }
  return { preamble, blocks };
}

/** Every bracket the line opens it closes again. */
function balanced(line: string): boolean {
  const open: string[] = [];
  for (const ch of line) {
    if (FAMILY[ch]) open.push(FAMILY[ch]);
    else if (CLOSER_FAMILY[ch] && open.pop() !== CLOSER_FAMILY[ch]) return false;
  }
  return open.length === 0;
}

/** Is (nearly) every line of text followed by a blank line? */
function blankBetweenAll(lines: (string | null)[]): boolean {
  let text = 0;
  let adjacent = 0;
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]) continue;
    text++;
    if (lines[i + 1]) adjacent++;
  }
  return text >= 10 && adjacent <= text * 0.05;
}

function lastText(b: Block): string {
  return b.trailing.length ? b.trailing[b.trailing.length - 1] : b.text;
}
