/**
 * Matching unit names as staff type them against the plan's registry: normalisation, splitting a cell
 * into names, and proposing the closest registered name.
 */

/** Full-width to half-width, no spaces of any kind: the form names are compared in. */
export function normalizeUnit(s: string): string {
  return s.normalize("NFKC").replace(/[\s\u3000\u00a0]+/g, "");
}

export interface RegistryEntry {
  /** The name as the plan writes it. */
  name: string;
  collective: boolean;
}

export class UnitRegistry {
  private readonly byNorm = new Map<string, RegistryEntry>();
  private readonly aliases = new Map<string, RegistryEntry>();
  private readonly suggestions = new Map<string, string[]>();
  readonly entries: RegistryEntry[];

  constructor(entries: RegistryEntry[], aliases: { alias: string; name: string }[] = []) {
    this.entries = entries;
    for (const e of entries) this.byNorm.set(normalizeUnit(e.name), e);
    for (const a of aliases) {
      const target = this.byNorm.get(normalizeUnit(a.name));
      if (target && normalizeUnit(a.alias)) this.aliases.set(normalizeUnit(a.alias), target);
    }
  }

  /** The registered entry for a name written any way, or by one of its aliases. */
  lookup(name: string): { entry: RegistryEntry; via: "name" | "alias" } | null {
    const n = normalizeUnit(name);
    const e = this.byNorm.get(n);
    if (e) return { entry: e, via: "name" };
    const a = this.aliases.get(n);
    return a ? { entry: a, via: "alias" } : null;
  }

  /** The closest registered names: containment either way, then character edit distance. */
  suggest(name: string): string[] {
    const n = normalizeUnit(name);
    const cached = this.suggestions.get(n);
    if (cached) return cached;
    const scored = this.entries
      .map((e) => ({ name: e.name, score: closeness(n, normalizeUnit(e.name)) }))
      .filter((x) => x.score > 0)
      .sort((a, b) => b.score - a.score);
    const best = scored[0]?.score ?? 0;
    const out = scored
      .filter((x) => x.score >= best - 0.05)
      .slice(0, 3)
      .map((x) => x.name);
    this.suggestions.set(n, out);
    return out;
  }
}

/** 0 (unrelated) to 1 (same). Subsequence either way counts high: 行政审批部 ⊂ 行政审批服务部, 税务局 ⊂ 税务分局. */
export function closeness(a: string, b: string): number {
  if (!a || !b) return 0;
  const longest = Math.max(a.length, b.length);
  const dist = editDistance(a, b);
  let score = 1 - dist / longest;
  if (isSubsequence(a, b) || isSubsequence(b, a))
    score = Math.max(score, 0.6 + 0.4 * (Math.min(a.length, b.length) / longest));
  // Too far apart to be a typo of this name.
  return score >= 0.5 || (dist <= 2 && Math.min(a.length, b.length) >= 3) ? score : 0;
}

function isSubsequence(short: string, long: string): boolean {
  if (short.length < 2 || short.length >= long.length) return false;
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Separators staff use between names; `、` is the standard one. */
const OTHER_SEPARATORS = /[,，;；/／|｜\n]+/;

export interface SplitCell {
  names: string[];
  /** The cell used a separator other than `、`. */
  oddSeparator: boolean;
}

/**
 * Split a cell into names. Spaces separate names only when the parts are names on their own
 * (`税务局 财政管理部`); a space inside one name (`行政审批 服务部`) is a typo of that name.
 */
export function splitUnitCell(raw: string, registry: UnitRegistry): SplitCell {
  const text = raw.normalize("NFKC").trim();
  let oddSeparator = false;
  const names: string[] = [];
  for (const part of text.split("、")) {
    const pieces = part.split(OTHER_SEPARATORS);
    if (pieces.length > 1) oddSeparator = true;
    for (const piece of pieces) {
      const p = piece.trim();
      if (!p) continue;
      const words = p.split(/\s+/);
      if (words.length > 1 && !registry.lookup(p) && words.every((w) => registry.lookup(w))) {
        oddSeparator = true;
        names.push(...words);
      } else names.push(p);
    }
  }
  return { names, oddSeparator };
}
