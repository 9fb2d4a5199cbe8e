/**
 * Who does what: unit labels (`牵头单位:A、B;责任单位:C`) inside brackets or on their own lines, the
 * label-free forms (`(A牵头,B按职责分工负责)`, `〔区有关单位按照职责分工负责〕`), and unit-name lists.
 */
import { trimAll } from "./text";

export type Role = "lead" | "responsible" | "deadline";

/** Label words and the role they give. Longest first so that 领域牵头单位 wins over 牵头单位. */
const LABELS: [string, Role][] = [
  ["领域牵头单位", "lead"],
  ["领域牵头部门", "lead"],
  ["牵头单位", "lead"],
  ["牵头部门", "lead"],
  ["主责单位", "lead"],
  ["主责部门", "lead"],
  ["责任单位", "responsible"],
  ["责任部门", "responsible"],
  ["配合单位", "responsible"],
  ["配合部门", "responsible"],
  ["协办单位", "responsible"],
  ["协同单位", "responsible"],
  ["协助单位", "responsible"],
  ["参与单位", "responsible"],
  ["完成时限", "deadline"],
  ["完成时间", "deadline"],
  ["完成期限", "deadline"],
  ["时间节点", "deadline"],
  ["时限要求", "deadline"],
  // Short forms, last so that the full labels win: `牵头：区发改局；配合：区财政局`.
  ["牵头", "lead"],
  ["配合", "responsible"],
];
const LABEL_RE = new RegExp(`(${LABELS.map(([w]) => w).join("|")})\\s*[:：]`, "g");
const ROLE_OF = new Map(LABELS);

export interface LabelledValue {
  role: Role;
  label: string;
  value: string;
  /** Offsets of the label's start and the value's end in the scanned text. */
  start: number;
  end: number;
}

/** `【牵头单位】区发改局`: a label in brackets of its own, without a colon, becomes `牵头单位：区发改局`. */
const BRACKETED_LABEL_RE = new RegExp(
  `[【\\[〔（(]\\s*(${LABELS.map(([w]) => w).join("|")})\\s*[】\\]〕）)]\\s*[:：]?`,
  "g",
);
export function unbracketLabels(text: string): string {
  return text.replace(BRACKETED_LABEL_RE, (_, label: string) => `${label}：`);
}

/**
 * Labels in `text` and their values. A value runs to the next label; with `stopAtLineEnd` (text outside
 * brackets) also to the line's end or a `。`.
 */
export function findLabels(text: string, stopAtLineEnd: boolean): LabelledValue[] {
  const hits = [...text.matchAll(LABEL_RE)];
  return hits.map((m, i) => {
    const valueStart = m.index! + m[0].length;
    let end = i + 1 < hits.length ? hits[i + 1].index! : text.length;
    if (stopAtLineEnd) end = valueStart + lineValueLength(text.slice(valueStart, end), ROLE_OF.get(m[1])!);
    const value = text.slice(valueStart, end).replace(/[\s;；,，。、]+$/, "");
    return { role: ROLE_OF.get(m[1])!, label: m[1], value: trimAll(value), start: m.index!, end };
  });
}

/** A line that is one unit's name and nothing else (`区水务局`, `各镇人民政府`, `中国移动临江分公司`). */
export const UNIT_NAME_LINE_RE =
  /^[^\s。，,；;：:、]{2,24}(局|委|办|室|中心|公司|分公司|政府|办事处|街道|部|院|会|所|队|站|处|厅|社|行|集团|单位|部门|管委会|[)）])$/;

/**
 * How much of the text after a label is its value: the rest of the line (up to a `。`), and for units also
 * the lines below that are a unit's name each (`责任单位：` / `区水务局` / `区交通运输局`).
 */
function lineValueLength(after: string, role: Role): number {
  const stop = after.search(/[\n。]/);
  if (stop < 0) return after.length;
  if (after[stop] === "。" || role === "deadline") return stop;
  let end = stop;
  const lines = after.slice(stop + 1).split("\n");
  let pos = stop + 1;
  for (const line of lines) {
    const t = trimAll(line);
    if (!t && end === stop && !trimAll(after.slice(0, stop))) {
      pos += line.length + 1; // the label alone on its line, then a blank one
      continue;
    }
    if (!UNIT_NAME_LINE_RE.test(t)) break;
    end = pos + line.length;
    pos = end + 1;
  }
  return end;
}

/** Split a list of unit names on 、，,；;/ and spaces, never inside parentheses (各镇(街道)). */
export function splitUnitNames(list: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let cur = "";
  for (const ch of list) {
    if (ch === "(" || ch === "（") depth++;
    if ((ch === ")" || ch === "）") && depth > 0) depth--;
    if (depth === 0 && /[、，,；;/\s\u3000]/.test(ch)) {
      if (trimAll(cur)) names.push(trimAll(cur));
      cur = "";
    } else cur += ch;
  }
  if (trimAll(cur)) names.push(trimAll(cur));
  return names.map((n) => n.replace(/[。.]+$/, "")).filter((n) => n.length > 0);
}

const DUTY_RE = /按(照)?(各自)?职责(分工)?(负责|落实)?$|(分别)?负责$|配合$|参与$/;

export interface BracketUnits {
  kind: "labelled" | "lead-phrase" | "unlabelled";
  lead: string[];
  responsible: string[];
  deadlines: string[];
}

/**
 * What a bracket says about units, or null when it is not a unit bracket (a document number `〔2021〕`,
 * an aside `(含个体户)`, a gloss `(以下简称…)`).
 */
export function readUnitBracket(content: string, open: string): BracketUnits | null {
  const labels = findLabels(content, false);
  if (labels.length) {
    const out: BracketUnits = { kind: "labelled", lead: [], responsible: [], deadlines: [] };
    for (const l of labels) {
      if (l.role === "deadline") out.deadlines.push(l.value);
      else addNames(out, l.role, l.value);
    }
    return out;
  }
  const text = trimAll(content);
  // `(A牵头,B按职责分工负责)` and `(A、B牵头)`.
  const parts = text
    .split(/[，,；;]/)
    .map(trimAll)
    .filter(Boolean);
  if (parts.some((p) => /牵头$/.test(p) && p.length > 2)) {
    const out: BracketUnits = { kind: "lead-phrase", lead: [], responsible: [], deadlines: [] };
    for (const p of parts) {
      if (/牵头$/.test(p)) addNames(out, "lead", p.replace(/牵头$/, ""));
      else addNames(out, "responsible", p.replace(DUTY_RE, ""));
    }
    return out;
  }
  // `〔区有关单位按照职责分工负责〕`: no label at all; a collective responsibility.
  const duty = DUTY_RE.test(text) && text.length >= 4;
  const namesAUnit = (open === "〔" || open === "【") && text.length >= 4 && /(单位|部门)$/.test(text);
  if (duty || namesAUnit) {
    const name = trimAll(text.replace(DUTY_RE, "")) || text;
    return { kind: "unlabelled", lead: [], responsible: [name], deadlines: [] };
  }
  return null;
}

function addNames(out: BracketUnits, role: "lead" | "responsible", list: string): void {
  for (const raw of splitUnitNames(list)) {
    // `A(牵头)` inside a list marks the lead among responsible units.
    const marked = /[(（]牵头[)）]$/.test(raw);
    const name = raw.replace(/[(（]牵头[)）]$/, "");
    (marked ? out.lead : out[role]).push(name);
  }
}

/** Collective names: 区直各部门, 各镇(街道), 区有关单位 … valid for many offices at once. */
export function isCollective(name: string): boolean {
  return /^各|直各|有关|相关|各(部门|单位|镇|街道|分支机构)|^(全区|全市|全县)/.test(name);
}
