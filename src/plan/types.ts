/** The structured form of an action plan, as parsed from its text. Pure data: JSON-serialisable. */

export type Severity = "error" | "warning" | "info";

export interface Diagnostic {
  /** 1-based line in the source text (0 when the problem concerns the whole text). */
  line: number;
  severity: Severity;
  /** Stable machine-readable code, e.g. `UNIT_BRACKET_UNLABELLED`. */
  code: string;
  /** Chinese message for staff: what is wrong and what to do. */
  message: string;
  /** The same in English. */
  messageEn: string;
  /**
   * Where staff find the spot in the file as received: `第12行` in a text file, a paragraph's opening
   * words in a Word document, the page and the opening words in a PDF. Absent for the whole text.
   */
  where?: string;
}

export interface Deadline {
  /** ISO date `YYYY-MM-DD`. */
  date: string;
  /** The deadline as written (`7月底前`, `全年`); empty when inferred from nothing. */
  text: string;
  /** True when the plan gives no date and the plan year's end applies. */
  inferred: boolean;
  /** The clause of the task this deadline belongs to. */
  clause: string;
  /** For inferred deadlines: a no-date term found in the task (`长期坚持`, `持续推进`), if any. */
  term?: string;
}

export interface Domain {
  /** 1-based position (the `(一)` ordinal as a number). */
  ordinal: number;
  /** The ordinal as written, e.g. `(一)`. */
  label: string;
  name: string;
  leadUnits: string[];
  line: number;
}

export interface Task {
  /** The task number, unique in the plan. */
  id: number;
  /** The number as written, when it differs from `id` (renumbered plans). */
  label?: string;
  /** Domain name (matches `Domain.name`). */
  domain: string;
  domainOrdinal: number;
  title: string;
  /** The paragraph as written, after the number. */
  text: string;
  /** The text without the title and without the unit brackets: what goes in the ledger's 任务内容. */
  body: string;
  leadUnits: string[];
  responsibleUnits: string[];
  /**
   * A responsibility written with no unit label (`区有关单位按照职责分工负责`): kept as written, as a
   * collective duty; it names no registry unit.
   */
  collectiveDuty?: string;
  deadlines: Deadline[];
  /** Quantitative targets written inline (`99%以上`, `20个工作日`). */
  targets: string[];
  line: number;
}

export interface Unit {
  name: string;
  /** A collective name (区直各部门, 各镇(街道)…), valid everywhere but not one office. */
  collective: boolean;
  leadTasks: number[];
  supportTasks: number[];
  /** Domains this unit leads (by ordinal). */
  leadDomains: number[];
}

export interface Plan {
  title: string;
  /** Publication date `YYYY-MM-DD`, when the text gives one. */
  published: string | null;
  year: number;
  domains: Domain[];
  tasks: Task[];
  units: Unit[];
  diagnostics: Diagnostic[];
}
