/**
 * Plan text in, `Plan` out. Pure and linear in the text's length: one pass to split numbered blocks,
 * then each block is read on its own.
 */
import { splitBlocks, type Block } from "./blocks";
import { scanBrackets } from "./brackets";
import {
  findDeadlines,
  isoDate,
  noDateTerm,
  parseDeadlineText,
  withClauses,
  type FoundDeadline,
} from "./deadlines";
import { DiagnosticSink } from "./diagnostics";
import { buildRegistry } from "./registry";
import { findTargets } from "./targets";
import { foldLookalikes, normalizeNewlines, trimAll } from "./text";
import { reportSuspectUnits } from "./suspectUnits";
import { splitTitle } from "./title";
import { tabbedTablesToText } from "./tabbedTables";
import { copiedTableHeader } from "./copiedTables";
import { rebuildLayoutTables } from "./layoutTables";
import { levelRestartHeadings } from "./restartHeadings";
import { placeDiagnostics, type PlanSource } from "./places";
import type { Deadline, Diagnostic, Domain, Plan, Task } from "./types";
import { findLabels, readUnitBracket, unbracketLabels, type BracketUnits } from "./units";

export interface ParseOptions {
  /** Plan year when neither the title nor the publication date gives one. */
  fallbackYear?: number;
  /** What reading the file doubted (a PDF's tables, see pdfToPlan): shown with the parse's own. */
  notes?: readonly Diagnostic[];
  /** What the text was read from: diagnostics then name places staff can find in that file. */
  source?: PlanSource;
}

/** Sections that are prose, not tasks, even when their paragraphs are numbered. */
const PROSE_RE =
  /^(工作目标|总体要求|指导思想|基本原则|发展目标|主要目标|总体目标|目标任务|保障措施|组织保障|保障机制|组织领导|加强组织领导|组织实施|工作要求|实施步骤|工作步骤|进度安排|附则|其他事项)/;
const FURNITURE_RE =
  /^(当前位置|您当前的位置|您所在的位置|首页|来源|发布时间|发布日期|时间|日期|浏览|阅读|字号|分享|打印|关闭|作者|索引号|发文|主题分类|成文日期|发布机构|文号|【)|[>»]/;
const DATE_LINE_RE = /(?:时间|日期)\s*[:：]\s*(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})/;
/** An issuing office's name, as a page header or a signature carries it: not a title. */
const ISSUER_RE = /(办公室|办公厅|人民政府|委员会|管委会|管理委员会|领导小组|局|厅|委|文件)$/;
/** A dated deadline in the body (`2024年6月底前`, `到2024年底`): evidence of the plan year. */
const BODY_YEAR_RE = /(20\d{2})\s*年\s*(?:\d{1,2}\s*月|底|年底|内|前|第[一二三四]季度|[上下]半年)/g;
const LONE_DATE_RE = /^(\d{4})年(\d{1,2})月(\d{1,2})日$/;

export function parsePlan(input: string, options: ParseOptions = {}): Plan {
  const diag = new DiagnosticSink();
  for (const n of options.notes ?? []) diag.add(n.line, n.severity, n.code, n.message, n.messageEn);
  const normalized = foldLookalikes(normalizeNewlines(input));
  let text = tabbedTablesToText(normalized);
  if (!trimAll(text)) {
    diag.error(
      0,
      "PLAN_EMPTY",
      "计划文本为空。请粘贴或选择计划全文。",
      "The plan text is empty. Paste or pick the plan's text.",
    );
    return {
      title: "",
      published: null,
      year: options.fallbackYear ?? 0,
      domains: [],
      tasks: [],
      units: [],
      diagnostics: diag.items,
    };
  }

  const copied = copiedTableHeader(text);
  const rebuilt = copied !== null ? rebuildLayoutTables(normalized) : null;
  if (rebuilt !== null) {
    text = tabbedTablesToText(rebuilt);
    diag.warn(
      copied!,
      "PLAN_TABLE_REBUILT",
      "任务表格是从 PDF 中复制出来的文字，已按各列的位置还原成表格，请核对任务、单位和时限；最好直接选择 PDF 文件或 Word 原件。",
      "The task table was copied out of a PDF as text; its rows were rebuilt from the columns' positions. Check tasks, units and deadlines, or pick the PDF or Word file itself.",
    );
  } else if (copied !== null) {
    diag.error(
      copied,
      "PLAN_TABLE_COPIED_FROM_PDF",
      "这里像是从 PDF 中复制出来的任务表格（表头各占一行，或用空格隔开）：复制成文字后，表格的列已经分不开，任务、单位和时限会读错。请直接选择这个 PDF 文件或 Word 原件；或把表格另存为 Word 文档(.docx)，或在 Word/WPS 中打开后复制表格（单元格之间是制表符）再粘贴。",
      "This looks like a task table copied out of a PDF as text: its columns are lost, so tasks, units and deadlines would be misread. Pick the PDF or the Word file itself, save the table as a Word document (.docx), or copy the table from Word/WPS (tab-separated).",
    );
  }
  const { preamble, blocks } = splitBlocks(text);
  const relevelled = levelRestartHeadings(blocks);
  if (relevelled.length) {
    const first = relevelled[0];
    diag.info(
      first.line,
      "HEADING_BY_STRUCTURE",
      `“${first.marker}${clip(trimAll(first.text))}”等${relevelled.length}行与任务编号写法相同，但其下的任务编号各自从1开始，已作为领域标题读取，请核对。`,
      `"${first.marker}${clip(trimAll(first.text))}" and ${relevelled.length - 1} more are numbered like tasks, but the tasks under each start again at 1: read as domain headings.`,
    );
  }
  const title = findTitle(preamble, diag);
  const published = findPublished(text);
  const year = findYear(title, published, text, options, diag);

  const headingName = (b: Block) => trimAll(b.text.split("\n")[0].split(/[〔【（(。:：]/)[0]);
  const isProse = (b: Block) => PROSE_RE.test(headingName(b));

  // Which level holds the tasks: `1.` items outside prose sections, else `(一)`, else `一、`.
  const outsideProse = markProse(blocks, isProse);
  const taskLevel =
    ([3, 2, 1] as const).find((lv) => blocks.some((b, i) => b.level === lv && outsideProse[i])) ?? 3;

  const domains: Domain[] = [];
  const rawTasks: { block: Block; domain: Domain | null; extra: string; lines: number[] }[] = [];
  const headings: (Block | null)[] = [null, null, null, null, null];
  let domainOf = new Map<Block, Domain>();
  let lastTask: (typeof rawTasks)[number] | null = null;
  blocks.forEach((b, i) => {
    if (b.level < taskLevel) {
      headings[b.level] = b;
      for (let lv = b.level + 1; lv < headings.length; lv++) headings[lv] = null;
      lastTask = null;
      return;
    }
    if (!outsideProse[i]) return;
    if (b.level > taskLevel) {
      // Sub-items `(1)` belong to the task above them.
      if (lastTask) {
        lastTask.extra += "\n" + b.marker + b.text;
        lastTask.lines.push(...b.lines);
      }
      return;
    }
    const heading = [...headings].reverse().find((h): h is Block => h !== null) ?? null;
    let domain: Domain | null = null;
    if (heading) {
      domain = domainOf.get(heading) ?? null;
      if (!domain) {
        domain = readDomain(heading, domains.length + 1, diag);
        domains.push(domain);
        domainOf.set(heading, domain);
      }
    }
    lastTask = { block: b, domain, extra: "", lines: [...b.lines] };
    rawTasks.push(lastTask);
  });
  domainOf = new Map();

  if (!rawTasks.length) {
    diag.error(
      0,
      "PLAN_NO_TASKS",
      "没有找到编号的任务（如“1.”“1、”“(一)”开头的段落）。请确认粘贴的是计划正文。",
      "No numbered tasks (paragraphs starting with 1. / 1、 / (一)) were found. Check that this is the plan's text.",
    );
  }
  let fallbackDomain: Domain | null = null;
  const tasks = rawTasks.map(({ block, domain, extra, lines }) => {
    if (!domain) {
      fallbackDomain ??= {
        ordinal: domains.length + 1,
        label: "",
        name: "主要任务",
        leadUnits: [],
        line: block.line,
      };
      if (!domains.includes(fallbackDomain)) domains.push(fallbackDomain);
      domain = fallbackDomain;
    }
    return readTask(block, extra, lines, domain, year, published, diag);
  });
  assignIds(
    tasks,
    rawTasks.map((r) => r.block),
    domains,
    diag,
  );
  reportInferred(tasks, year, diag);
  reportSuspectUnits(tasks, diag);
  diag.items.sort((a, b) => a.line - b.line);
  placeDiagnostics(diag.items, text, options.source);
  return {
    title,
    published,
    year,
    domains,
    tasks,
    units: buildRegistry(domains, tasks),
    diagnostics: diag.items,
  };
}

/** For each block: is it outside every prose section? A heading's prose flag covers its sub-blocks. */
function markProse(blocks: Block[], isProse: (b: Block) => boolean): boolean[] {
  const proseAt: boolean[] = [false, false, false, false, false];
  return blocks.map((b) => {
    const inherited = proseAt.slice(1, b.level).some(Boolean);
    const prose = inherited || (b.level <= 2 && isProse(b));
    proseAt[b.level] = prose;
    for (let lv = b.level + 1; lv < proseAt.length; lv++) proseAt[lv] = false;
    return !prose;
  });
}

/** A cover notice's title names the plan it issues: `关于印发《X行动方案》的通知` → `X行动方案`. */
const COVER_NOTICE_RE = /^关于(?:印发|下发|转发|公布)?.*?《(.+?)》.*的通知$/;
/**
 * A title whose lines were joined with the preface (a copy wrapped at the title's width): the title ends
 * with its usual last word, the rest is a sentence.
 */
const TITLE_THEN_PROSE_RE =
  /^(.{6,60}?(?:行动计划|行动方案|实施方案|工作方案|计划|方案|要点|意见|措施|办法|规划|清单)(?:[(（]\s*20\d{2}[^)）]{0,12}[)）])?)(?=[^《》]*[，。；、])/;

function findTitle(preamble: { text: string; line: number }[], diag: DiagnosticSink): string {
  const title = findTitleLine(preamble, diag);
  const cover = COVER_NOTICE_RE.exec(title);
  if (cover) return cover[1];
  const prose = title.length > 30 ? TITLE_THEN_PROSE_RE.exec(title) : null;
  if (prose) return prose[1];
  if (/[，。；]/.test(title))
    diag.warn(
      0,
      "PLAN_TITLE_PROSE",
      `计划标题“${clip(title)}”像是一段正文，请核对（台账的标题和默认文件名用它）。`,
      `The plan title "${clip(title)}" reads like a sentence; check it (the ledger's title and file name use it).`,
    );
  return title;
}

function findTitleLine(preamble: { text: string; line: number }[], diag: DiagnosticSink): string {
  const lines = preamble
    .map((p) => {
      // A cover notice ahead of its plan: the line that names the plan in 《》.
      const cover = COVER_NOTICE_RE.exec(p.text);
      return cover ? { ...p, text: cover[1], cover: true } : { ...p, cover: false };
    })
    .filter((p) => !FURNITURE_RE.test(p.text) && p.text.length <= 80);
  const TITLE_END = /(计划|方案|意见|措施|要点|通知|办法|清单|规划|重点任务|任务分工|工作安排|实施细则)$/;
  const YEARS = /^[(（]\s*20\d{2}\s*(年)?\s*([-—–~～至到]+\s*20\d{2}\s*年?)?\s*[)）]$/;
  // A title wrapped anywhere and followed straight by the preface (`…行动方` / `案为进一步…`): the title
  // runs on from its first line to its usual last word.
  for (let i = 0; i + 1 < Math.min(lines.length, 6); i++) {
    const a = lines[i];
    // (Not from a 文号 or a date line, nor across the line naming the plan in a cover notice.)
    if (/[，。；,;:：〔〕]|\d+号$|\d日$/.test(a.text) || ISSUER_RE.test(a.text) || a.cover) continue;
    const run = [a];
    for (
      let k = i + 1;
      k < lines.length && run.length < 3 && !lines[k].cover && lines[k].line === run[run.length - 1].line + 1;
      k++
    )
      run.push(lines[k]);
    const m = TITLE_THEN_PROSE_RE.exec(run.map((r) => r.text).join(""));
    // (A title has no sentence stops, and starts with no punctuation.)
    if (m && m[1].length > a.text.length && !/[，。；,;]|^[、，。；：]/.test(m[1])) return m[1];
  }
  // A title set on two lines (a PDF's large type wraps it): `…行动\n计划`, `…方案\n（2024—2026年）`.
  for (let i = 0; i + 1 < lines.length; i++) {
    const [a, b] = [lines[i], lines[i + 1]];
    if (b.line - a.line > 2 || a.text.length + b.text.length > 80) continue;
    if (TITLE_END.test(a.text) && YEARS.test(b.text)) return a.text + b.text;
    if (
      !TITLE_END.test(a.text) &&
      TITLE_END.test(b.text) &&
      b.text.length < 12 &&
      !/[。，,:：]/.test(a.text) &&
      !ISSUER_RE.test(a.text)
    )
      return a.text + b.text;
  }
  // Without a usual ending, a line naming a year beats an office's name set as the page header.
  const named =
    lines.find((p) => TITLE_END.test(p.text)) ??
    lines.find((p) => /20\d{2}\s*年/.test(p.text) && !/[。，,；;:：]/.test(p.text)) ??
    lines.find((p) => !ISSUER_RE.test(p.text)) ??
    lines[0];
  if (!named) {
    diag.warn(
      1,
      "PLAN_NO_TITLE",
      "没有找到计划标题，已使用“未命名计划”。",
      "No plan title found; using 未命名计划.",
    );
    return "未命名计划";
  }
  return named.text;
}

function findPublished(text: string): string | null {
  const m = DATE_LINE_RE.exec(text);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  for (const line of text.split("\n")) {
    const d = LONE_DATE_RE.exec(trimAll(line));
    if (d) return isoDate(Number(d[1]), Number(d[2]), Number(d[3]));
  }
  return null;
}

function findYear(
  title: string,
  published: string | null,
  text: string,
  options: ParseOptions,
  diag: DiagnosticSink,
): number {
  // `（2024—2026年）`: a multi-year plan counts from its first year.
  const t = /(20\d{2})\s*(?:年|[-—–~～至到]\s*20\d{2}\s*年)/.exec(title);
  if (t) return Number(t[1]);
  if (published) return Number(published.slice(0, 4));
  // The body's own dated deadlines: a past plan must not silently move into this year.
  const bodyYear = mostCommonBodyYear(text);
  if (bodyYear) {
    diag.warn(
      0,
      "PLAN_YEAR_FROM_BODY",
      `标题和发布日期都没有年份，按正文时限中最常见的年份${bodyYear}年计算没有写年份的时限，请核对。`,
      `Neither the title nor a publication date gives the year; the body's dated deadlines point to ${bodyYear}, which is used.`,
    );
    return bodyYear;
  }
  const year = options.fallbackYear ?? new Date().getFullYear();
  diag.warn(
    0,
    "PLAN_YEAR_UNKNOWN",
    `标题和发布日期都没有年份，按${year}年计算时限。`,
    `Neither the title nor a publication date gives the year; deadlines assume ${year}.`,
  );
  return year;
}

/** The year most of the body's dated deadlines name; the earliest on a tie. */
function mostCommonBodyYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const m of closeSpaces(text).matchAll(BODY_YEAR_RE)) {
    const y = Number(m[1]);
    counts.set(y, (counts.get(y) ?? 0) + 1);
  }
  let best: number | null = null;
  for (const [y, n] of counts) {
    if (best === null || n > counts.get(best)! || (n === counts.get(best)! && y < best)) best = y;
  }
  return best;
}

/** `2024 年 6 月` → `2024年6月`, as a PDF copy spaces it. */
function closeSpaces(text: string): string {
  return text.replace(/(\d)[ \t\u3000]+(?=[年月])|([年到至])[ \t\u3000]+(?=\d)/g, "$1$2");
}

function readDomain(b: Block, ordinal: number, diag: DiagnosticSink): Domain {
  const units = readBracketUnits(b.text, b.lines, diag);
  const name = trimAll(units.plain.split(/[。\n]/)[0]).replace(/[:：；;，,]+$/, "");
  const leadUnits = dedupe([...units.lead, ...units.responsible]);
  return { ordinal, label: b.marker, name, leadUnits, line: b.line };
}

interface ReadUnits {
  lead: string[];
  responsible: string[];
  deadlineTexts: string[];
  /** The text with unit brackets and unit labels taken out. */
  plain: string;
  /** Brackets with no unit label (`区有关单位按照职责分工负责`), as written. */
  unlabelled: string[];
}

function readBracketUnits(source: string, lines: number[], diag: DiagnosticSink): ReadUnits {
  // Line breaks are kept, so the line numbers of diagnostics stay right (`lines`: the source line of each).
  const raw = unbracketLabels(source);
  const out: ReadUnits = { lead: [], responsible: [], deadlineTexts: [], plain: "", unlabelled: [] };
  const { spans, strayClosers } = scanBrackets(raw);
  const cuts: [number, number][] = [];
  const lineOf = (pos: number) => {
    const k = raw.slice(0, pos).match(/\n/g)?.length ?? 0;
    return lines[Math.min(k, lines.length - 1)];
  };
  const take = (u: BracketUnits) => {
    out.lead.push(...u.lead);
    out.responsible.push(...u.responsible);
    out.deadlineTexts.push(...u.deadlines);
  };
  for (const s of spans) {
    const u = readUnitBracket(s.content, s.open);
    if (!s.closed) {
      diag.warn(
        lineOf(s.start),
        "BRACKET_UNCLOSED",
        `括号“${s.open}”没有闭合，请检查原文：${clip(s.content)}`,
        `Bracket "${s.open}" is not closed; check the text: ${clip(s.content)}`,
      );
    }
    if (!u) continue;
    if (u.kind === "unlabelled") out.unlabelled.push(trimAll(s.content));
    else take(u);
    cuts.push([s.start, s.end]);
  }
  for (const pos of strayClosers) {
    diag.warn(
      lineOf(pos),
      "BRACKET_STRAY",
      `多余的右括号“${raw[pos]}”，请检查原文。`,
      `Stray closing bracket "${raw[pos]}"; check the text.`,
    );
  }
  // Labels outside brackets: `牵头单位：…` at the end of a paragraph or on a line of its own.
  const outside = blank(raw, cuts);
  for (const l of findLabels(outside, true)) {
    if (l.role === "deadline") out.deadlineTexts.push(l.value);
    else {
      const u = readUnitBracket(`${l.label}:${l.value}`, "");
      if (u) take({ ...u, deadlines: [] });
    }
    cuts.push([l.start, l.end]);
  }
  out.plain = flatten(blank(raw, cuts, ""));
  return out;
}

function readTask(
  b: Block,
  extra: string,
  lines: number[],
  domain: Domain,
  year: number,
  published: string | null,
  diag: DiagnosticSink,
): Task {
  const raw = b.text + extra;
  const units = readBracketUnits(raw, lines, diag);
  const plain = units.plain;
  const { title, bodyStart, runOn } = splitTitle(plain);
  const label = b.marker.replace(/[.、．]$/, "");
  if (runOn) {
    diag.info(
      b.line,
      "TITLE_RUN_ON",
      `任务${label}标题未以“。”结束，已判断标题为“${title}”。`,
      `Task ${label}: the title is not closed by 。; taken as "${title}".`,
    );
  }
  const lead = dedupe(units.lead);
  const responsible = dedupe(units.responsible).filter((u) => !lead.includes(u));
  if (units.unlabelled.length) {
    diag.info(
      b.line,
      "UNIT_BRACKET_UNLABELLED",
      `任务${label}的括号“${units.unlabelled.join("、")}”没有“牵头单位/责任单位”标签，按集体责任记录（不计入单位名录），请在台账中明确牵头单位。`,
      `Task ${label}: bracket "${units.unlabelled.join("、")}" has no unit label; kept as a collective responsibility (not a registry unit).`,
    );
  }
  if (!lead.length && !responsible.length && !units.unlabelled.length) {
    diag.warn(
      b.line,
      "TASK_NO_UNITS",
      `任务${label}没有写明牵头单位或责任单位，请在台账中补充。`,
      `Task ${label} names no lead or responsible unit; fill it in the ledger.`,
    );
  } else if (!lead.length && responsible.length) {
    diag.info(
      b.line,
      "TASK_NO_LEAD",
      `任务${label}只写了责任单位，没有牵头单位。`,
      `Task ${label} names responsible units but no lead.`,
    );
  }
  const deadlines = readDeadlines(
    plain,
    bodyStart,
    units.deadlineTexts,
    title,
    year,
    published,
    b.line,
    label,
    diag,
  );
  return {
    id: b.num,
    domain: domain.name,
    domainOrdinal: domain.ordinal,
    title,
    text: flatten(raw),
    body: trimAll(plain.slice(bodyStart)),
    leadUnits: lead,
    responsibleUnits: responsible,
    ...(units.unlabelled.length ? { collectiveDuty: units.unlabelled.join("；") } : {}),
    deadlines,
    targets: findTargets(plain),
    line: b.line,
  };
}

function readDeadlines(
  plain: string,
  bodyStart: number,
  labelled: string[],
  title: string,
  year: number,
  published: string | null,
  line: number,
  label: string,
  diag: DiagnosticSink,
): Deadline[] {
  const found: FoundDeadline[] = findDeadlines(plain, year);
  const deadlines = withClauses(plain, found, bodyStart);
  let term: string | null = null;
  // A 完成时限 column or label that repeats a date the text already gives adds no milestone.
  const inText = new Set(deadlines.map((x) => x.date));
  for (const value of labelled) {
    const all = findDeadlines(value, year).filter((x) => !inText.has(x.date));
    const d = parseDeadlineText(value, year);
    if (all.length > 1)
      for (const x of withClauses(value, all)) deadlines.push({ ...x, clause: x.clause || title });
    else if (d && inText.has(d.date)) continue;
    else if (d) deadlines.push({ date: d.date, text: value, inferred: false, clause: title });
    else if (noDateTerm(value)) term = noDateTerm(value);
    else {
      diag.warn(
        line,
        "DEADLINE_UNREADABLE",
        `任务${label}的完成时限“${value}”无法识别为日期，请在台账中填写具体日期。`,
        `Task ${label}: deadline "${value}" is not a date; enter a date in the ledger.`,
      );
    }
  }
  for (const d of found) {
    if (d.clamped) {
      diag.warn(
        line,
        "DEADLINE_DAY_INVALID",
        `任务${label}的时限“${d.text}”日期不存在，已按该月最后一天计。`,
        `Task ${label}: "${d.text}" is not a real day; the month's last day is used.`,
      );
    }
  }
  for (const d of deadlines) {
    if (published && d.date < published) {
      diag.warn(
        line,
        "DEADLINE_BEFORE_PUBLISHED",
        `任务${label}的时限“${d.text}”(${d.date})早于计划发布日期${published}。`,
        `Task ${label}: deadline "${d.text}" (${d.date}) is before the plan was published (${published}).`,
      );
    }
  }
  if (deadlines.length) return deadlines;
  term ??= finalClauseTerm(plain) ?? (plain.includes("长期坚持") ? "长期坚持" : null);
  if (term) {
    diag.warn(
      line,
      "DEADLINE_NO_DATE_TERM",
      `任务${label}的时限为“${term}”，没有具体日期，按${year}年底计；如需节点请在台账中补充。`,
      `Task ${label}: deadline "${term}" has no date; the end of ${year} is assumed.`,
    );
  }
  return [
    { date: isoDate(year, 12, 31), text: term ?? "", inferred: true, clause: "", ...(term ? { term } : {}) },
  ];
}

function finalClauseTerm(plain: string): string | null {
  const parts = plain
    .split(/[。；;，,\n]/)
    .map(trimAll)
    .filter(Boolean);
  return parts.length > 1 ? noDateTerm(parts[parts.length - 1]) : null;
}

function reportInferred(tasks: Task[], year: number, diag: DiagnosticSink): void {
  const ids = tasks.filter((t) => t.deadlines.every((d) => d.inferred)).map((t) => t.id);
  if (ids.length) {
    diag.info(
      0,
      "DEADLINE_INFERRED",
      `${ids.length}项任务未写明时限，按计划年度年底（${year}年12月31日）计：任务${ids.join("、")}。`,
      `${ids.length} tasks give no deadline; the plan year's end (${year}-12-31) applies: ${ids.join(", ")}.`,
    );
  }
}

/** Task numbers: kept when they run 1…N; renumbered when they restart in each domain; repaired when duplicated. */
function assignIds(tasks: Task[], blocks: Block[], domains: Domain[], diag: DiagnosticSink): void {
  const nums = blocks.map((b) => b.num);
  const increasing = nums.every((n, i) => i === 0 || n > nums[i - 1]);
  if (!increasing) {
    const restarts = tasks.every(
      (t, i) =>
        i === 0 || (t.domainOrdinal !== tasks[i - 1].domainOrdinal ? nums[i] === 1 : nums[i] > nums[i - 1]),
    );
    if (restarts) {
      tasks.forEach((t, i) => {
        const d = domains.find((x) => x.ordinal === t.domainOrdinal);
        t.label = `${d?.label ?? ""}${blocks[i].marker}`;
        t.id = i + 1;
      });
      diag.info(
        0,
        "TASK_RENUMBERED",
        `任务编号在各领域内重新从1开始，已按全文顺序统一编为1–${tasks.length}号。`,
        `Task numbers restart in each domain; tasks are numbered 1–${tasks.length} in plan order.`,
      );
      return;
    }
  }
  const used = new Set<number>();
  let max = 0;
  tasks.forEach((t, i) => {
    const prev = i > 0 ? tasks[i - 1].id : 0;
    if (used.has(t.id) || t.id <= prev) {
      const wanted = t.id;
      t.label = blocks[i].marker;
      t.id = !used.has(prev + 1) && prev + 1 > prev ? prev + 1 : max + 1;
      diag.error(
        t.line,
        "TASK_NUMBER_DUPLICATE",
        `任务编号${wanted}重复或顺序颠倒，已暂记为${t.id}号，请核对原文。`,
        `Task number ${wanted} is repeated or out of order; recorded as ${t.id}. Check the text.`,
      );
    }
    used.add(t.id);
    max = Math.max(max, t.id);
  });
  const sorted = [...used].sort((a, b) => a - b);
  for (let i = 1; i < sorted.length; i++) {
    for (let n = sorted[i - 1] + 1; n < sorted[i]; n++) {
      const after = tasks.find((t) => t.id === sorted[i - 1])!;
      diag.warn(
        after.line,
        "TASK_NUMBER_MISSING",
        `缺少任务编号${n}（在${sorted[i - 1]}号与${sorted[i]}号之间）。`,
        `Task number ${n} is missing (between ${sorted[i - 1]} and ${sorted[i]}).`,
      );
      if (n - sorted[i - 1] > 50) break;
    }
  }
  if (sorted[0] > 1) {
    diag.warn(
      tasks[0].line,
      "TASK_NUMBER_MISSING",
      `任务编号从${sorted[0]}开始，缺少前面的编号。`,
      `Task numbers start at ${sorted[0]}.`,
    );
  }
}

/** Join hard line breaks: nothing between CJK characters, a space between Latin words. */
function flatten(s: string): string {
  return trimAll(
    s.replace(/[ \t\u3000]*\n[ \t\u3000]*/g, (m, offset: number, all: string) =>
      /[A-Za-z0-9]/.test(all[offset - 1] ?? "") && /[A-Za-z0-9]/.test(all[offset + m.length] ?? "")
        ? " "
        : "",
    ),
  );
}

/** Replace the cut ranges (by default with a line break, so that labels around them stay apart). */
function blank(s: string, cuts: [number, number][], filler = "\n"): string {
  if (!cuts.length) return s;
  const sorted = [...cuts].sort((a, b) => a[0] - b[0]);
  let out = "";
  let pos = 0;
  for (const [a, b] of sorted) {
    if (a < pos) continue;
    out += s.slice(pos, a) + filler;
    pos = b;
  }
  return out + s.slice(pos);
}

function dedupe(xs: string[]): string[] {
  return [...new Set(xs)];
}

function clip(s: string): string {
  return s.length > 20 ? s.slice(0, 20) + "…" : s;
}
