/**
 * Splits the plan text into numbered blocks. A numbered line (`一、`, `(一)`, `1.`, `(1)`) starts a block;
 * unnumbered lines continue the block above them, because PDF copies break paragraphs anywhere and
 * some plans put `牵头单位：…` on a line of its own. Lines keep their breaks (`\n`) so that labels on
 * their own lines can still be told apart later.
 */
import { chineseNumeral, trimAll } from "./text";

/** 1 = `一、`, 2 = `(一)`, 3 = `1.` / `1、`, 4 = `(1)` / `①`. */
export type Level = 1 | 2 | 3 | 4;

export interface Block {
  level: Level;
  /** The number as a value (`十六` → 16). */
  num: number;
  /** The marker as written, e.g. `(一)` or `12.`. */
  marker: string;
  /** Text after the marker; continuation lines joined with `\n`. */
  text: string;
  line: number;
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

/** A paragraph ends here: a following paragraph after a blank line is not its continuation. */
const CLOSED_RE = /[。！!？?〕】）)」”"；;]$/;
/** A line that belongs to the block above even after a blank line. */
const LABEL_LINE_RE = /^[〔【（(]?\s*(牵头|责任|配合|协办|参与|主责|完成时限|完成时间|时间节点)/;

export function splitBlocks(text: string): BlockedText {
  const preamble: BlockedText["preamble"] = [];
  const blocks: Block[] = [];
  let current: Block | null = null;
  let blankSince = false;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = trimAll(lines[i]);
    if (!line) {
      blankSince = true;
      continue;
    }
    const marker = matchMarker(line);
    if (marker) {
      current = {
        level: marker.level,
        num: marker.num,
        marker: marker.marker,
        text: trimAll(marker.rest),
        line: i + 1,
        trailing: [],
      };
      blocks.push(current);
    } else if (!current) {
      preamble.push({ text: line, line: i + 1 });
    } else if (!blankSince || !CLOSED_RE.test(lastText(current)) || LABEL_LINE_RE.test(line)) {
      if (current.trailing.length) current.trailing[current.trailing.length - 1] += line;
      else current.text += "\n" + line;
    } else {
      current.trailing.push(line);
    }
    blankSince = false;
  }
  return { preamble, blocks };
}

function lastText(b: Block): string {
  return b.trailing.length ? b.trailing[b.trailing.length - 1] : b.text;
}
