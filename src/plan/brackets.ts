/**
 * Finds the outermost bracket pairs of a paragraph in one pass. Plans mix 〔〕, 【】, （）, () and [];
 * `(` and `（` are treated as one family because staff close one with the other.
 */

export interface BracketSpan {
  start: number;
  /** Index just past the closing bracket (or the text's end when unclosed). */
  end: number;
  open: string;
  content: string;
  closed: boolean;
}

const FAMILY: Record<string, string> = {
  "〔": "tortoise",
  "〕": "tortoise",
  "【": "lenticular",
  "】": "lenticular",
  "（": "round",
  "(": "round",
  "）": "round",
  ")": "round",
  "[": "square",
  "]": "square",
};
const OPENERS = new Set(["〔", "【", "（", "(", "["]);

/**
 * Outermost closed pairs in order, plus unclosed openers (content up to the line's end) that do not sit
 * inside a closed pair. An unclosed `(` never hides the closed unit bracket after it.
 */
export function scanBrackets(text: string): { spans: BracketSpan[]; strayClosers: number[] } {
  const closed: BracketSpan[] = [];
  const strayClosers: number[] = [];
  const stack: { family: string; pos: number; ch: string }[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    const family = FAMILY[ch];
    if (!family) continue;
    if (OPENERS.has(ch)) {
      stack.push({ family, pos: i, ch });
      continue;
    }
    let k = stack.length - 1;
    while (k >= 0 && stack[k].family !== family) k--;
    if (k < 0) {
      strayClosers.push(i);
      continue;
    }
    const o = stack[k];
    // Openers above k stay on the stack: they may still close later or be reported unclosed.
    stack.splice(k, 1);
    closed.push({ start: o.pos, end: i + 1, open: o.ch, content: text.slice(o.pos + 1, i), closed: true });
  }
  const unclosed = stack.map((o) => {
    const nl = text.indexOf("\n", o.pos);
    const end = nl < 0 ? text.length : nl;
    return { start: o.pos, end, open: o.ch, content: text.slice(o.pos + 1, end), closed: false };
  });
  const all = [...closed, ...unclosed].sort((a, b) => a.start - b.start || b.end - a.end);
  const spans: BracketSpan[] = [];
  let coveredTo = -1;
  for (const s of all) {
    if (s.start < coveredTo) continue;
    spans.push(s);
    coveredTo = s.closed ? s.end : s.start + 1;
  }
  for (let i = 0; i + 1 < spans.length; i++) {
    const s = spans[i];
    if (!s.closed && s.end > spans[i + 1].start) {
      s.end = spans[i + 1].start;
      s.content = text.slice(s.start + 1, s.end);
    }
  }
  return { spans, strayClosers };
}
