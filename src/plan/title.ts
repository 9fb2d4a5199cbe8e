/**
 * A task's title is its first sentence, closed by `。`. Some titles are not closed and run straight into
 * the body (`加大外籍高端人才引进力度严格落实《…》`): then the title ends where a deadline or a typical
 * first verb of the body begins.
 */
import { trimAll } from "./text";

const LONG_TITLE = 30;
const BODY_START =
  /(\d{1,2}月(底|中旬|上旬|下旬|\d{1,2}日)?前|年底前|全年|严格|按照|根据|依托|围绕|落实|完善|聚焦|通过|结合|坚持|积极|加快|推动|鼓励|支持)/g;

export interface TitleSplit {
  title: string;
  /** Where the body begins in the text. */
  bodyStart: number;
  /** True when the title was not closed by `。` and had to be cut heuristically. */
  runOn: boolean;
}

export function splitTitle(text: string): TitleSplit {
  const stop = text.search(/[。！!？?]/);
  const first = stop < 0 ? text : text.slice(0, stop);
  // `推进平台建设，12月底前投入使用` with no `。`: the deadline clause is body, not title.
  const clause = first.search(/[，,]\s*(\d{1,2}\s*月|年底|全年|20\d{2}\s*年)/);
  if (stop < 0 && clause >= 4)
    return { title: trimAll(first.slice(0, clause)), bodyStart: clause + 1, runOn: true };
  if (first.length <= LONG_TITLE) {
    return { title: trimAll(first), bodyStart: stop < 0 ? text.length : stop + 1, runOn: false };
  }
  for (const m of first.matchAll(BODY_START)) {
    if (m.index! >= 4) return { title: trimAll(first.slice(0, m.index)), bodyStart: m.index!, runOn: true };
  }
  const comma = first.search(/[，,；;]/);
  if (comma >= 4 && comma <= LONG_TITLE) {
    return { title: trimAll(first.slice(0, comma)), bodyStart: comma + 1, runOn: true };
  }
  return { title: trimAll(first), bodyStart: stop < 0 ? text.length : stop + 1, runOn: false };
}
