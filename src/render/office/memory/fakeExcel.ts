/**
 * A strict stand-in for the Excel JavaScript API over the in-memory workbook. Like Excel it queues every
 * write and applies it at `sync()`, and a property can be read only after `load()` and a `sync()`:
 * reading it sooner throws, as Excel does. It counts syncs and measures each request's size, refusing
 * a request over Excel on the web's 5 MB limit.
 */
import { formatRange, parseRange, type CellRange } from "../../../workbook/a1";
import type {
  ChartLike,
  ChartSeriesLike,
  ConditionalFormatLike,
  ContextLike,
  DataValidationLike,
  RangeFormatLike,
  RangeLike,
  RunBatch,
  TableLike,
  WorksheetLike,
} from "../api";
import {
  clearValidations,
  deleteCells,
  getCell,
  insertCells,
  newSheet,
  usedBounds,
  type MemoryCell,
  type MemorySheet,
  type MemoryWorkbook,
} from "./state";
import { enterInto, formulaRead, ROW_HEIGHT_LIMIT } from "./excelInput";
import { displayText } from "./display";

export const REQUEST_LIMIT_BYTES = 5 * 1024 * 1024;

export interface SyncStats {
  syncs: number;
  /** Bytes of each request, in order. */
  requestBytes: number[];
  /** A failure to inject at one sync (tests of what an action leaves behind when a request fails). */
  fault?: SyncFault;
}

/**
 * A request that fails: refused before anything is applied (a protected sheet, cell-edit mode), failing
 * half-way with the actions before the failing one applied (requests are not transactions), or applied in full
 * with the answer lost (the network gone in Excel on the web).
 */
export interface SyncFault {
  /** The syncs that fail, counted as `syncs` counts (1-based, across runs). */
  at: number[];
  mode: "rejected" | "partial" | "lost";
}

/** The error each kind of fault surfaces as. */
export const FAULT_ERRORS: Record<SyncFault["mode"], string> = {
  rejected: "InvalidOperation: This operation is not allowed because the sheet is protected.",
  partial: "InvalidOperationInCellEditMode: Excel is in cell-editing mode.",
  lost: "GeneralException: The connection was lost before the answer arrived.",
};

type Op = { size: number; apply: () => void };

class Batch {
  ops: Op[] = [];
  syncs = 0;
  constructor(
    readonly book: MemoryWorkbook,
    readonly stats: SyncStats,
  ) {}
  queue(payload: unknown, apply: () => void): void {
    this.ops.push({ size: JSON.stringify(payload ?? null).length + 16, apply });
  }
  async sync(): Promise<void> {
    const size = this.ops.reduce((n, o) => n + o.size, 0);
    this.stats.syncs++;
    this.stats.requestBytes.push(size);
    this.syncs++;
    if (size > REQUEST_LIMIT_BYTES) {
      this.ops = [];
      throw new Error(
        `RequestPayloadSizeLimitExceeded: the request is ${size} bytes, over Excel on the web's 5 MB limit.`,
      );
    }
    const ops = this.ops;
    this.ops = [];
    const fault = this.stats.fault?.at.includes(this.stats.syncs) ? this.stats.fault.mode : null;
    if (fault === "rejected") throw new Error(FAULT_ERRORS.rejected);
    const applied = fault === "partial" ? ops.slice(0, Math.floor(ops.length / 2)) : ops;
    for (const op of applied) op.apply();
    if (fault) throw new Error(FAULT_ERRORS[fault]);
  }
}

/** Refuses a member above this workbook's ExcelApi level, as Excel does. */
function needs(batch: Batch, minor: number, member: string): void {
  if (batch.book.apiMinor < minor) throw new Error(`ApiNotFound: ${member} needs ExcelApi 1.${minor}.`);
}

function notLoaded(what: string): never {
  throw new Error(
    `PropertyNotLoaded: The property '${what}' is not available. Before reading the property's value, call the load method on the containing object and call "context.sync()" on the associated request context.`,
  );
}

/** Values captured by `load()` at sync time; reading before then throws. */
class Loadable {
  protected loaded = new Map<string, unknown>();
  protected read<T>(prop: string): T {
    if (!this.loaded.has(prop)) notLoaded(prop);
    return this.loaded.get(prop) as T;
  }
}

const sheetOf = (batch: Batch, name: string): MemorySheet => {
  const s = batch.book.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`ItemNotFound: the worksheet '${name}' does not exist.`);
  return s;
};

class FakeRange extends Loadable implements RangeLike {
  readonly format: RangeFormatLike;
  readonly dataValidation: DataValidationLike;
  readonly conditionalFormats: { add(type: "CellValue" | "Custom"): ConditionalFormatLike };

  constructor(
    private readonly batch: Batch,
    private readonly sheetName: string,
    private readonly addr: string | null,
    private readonly nullIfEmpty = false,
    /** For a used range: count only cells with values (Excel's `valuesOnly`), else formatted cells too. */
    private readonly valuesOnly = false,
    /** A range taken from another (a row of it, resized): its bounds follow the other's at sync, null with it. */
    private readonly derived?: { from: FakeRange; bounds: (b: CellRange) => CellRange },
    /** A range that is known only at sync time (a table's, a name's): its address then. */
    private readonly resolve?: () => string | null,
  ) {
    super();
    this.format = formatProxy(batch, this);
    this.dataValidation = validationProxy(batch, this);
    this.conditionalFormats = { add: (type) => conditionalFormatProxy(batch, this, type) };
  }

  private sheetNameAt: (() => string) | null = null;
  /** The sheet, for a range whose sheet is known only at sync time. */
  onSheet(name: () => string): this {
    this.sheetNameAt = name;
    return this;
  }
  private get sheetNow(): string {
    return this.sheetNameAt ? this.sheetNameAt() : this.sheetName;
  }
  sheet(): MemorySheet {
    return sheetOf(this.batch, this.sheetNow);
  }
  exists(): boolean {
    return this.batch.book.sheets.some((s) => s.name === this.sheetNow);
  }
  /** The range's bounds at the moment of use (a used range is resolved at sync). */
  bounds(): CellRange {
    if (this.derived) return this.derived.bounds(this.derived.from.bounds());
    if (this.resolve) return parseRange(this.resolve()!);
    if (this.addr) return parseRange(this.addr);
    const b = usedBounds(this.sheet(), this.valuesOnly);
    return b ?? { r1: 1, c1: 1, r2: 1, c2: 1 };
  }
  get a1(): string {
    return formatRange(this.bounds());
  }

  private writeGrid(kind: "values" | "formulas" | "numberFormat", grid: unknown[][]): void {
    this.batch.queue({ kind, grid }, () => {
      const b = this.bounds();
      const rows = b.r2 - b.r1 + 1;
      const cols = b.c2 - b.c1 + 1;
      // A single value (not an array) applies to every cell; an array must match the range exactly.
      const single = !Array.isArray(grid);
      if (!single && (grid.length !== rows || grid.some((r) => r.length !== cols))) {
        throw new Error(
          `InvalidArgument: ${kind} of ${grid.length}×${grid[0]?.length} do not fit ${this.sheetName}!${this.a1} (${rows}×${cols}).`,
        );
      }
      const sheet = this.sheet();
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) {
          const v = single ? grid : grid[r][c];
          const cell = getCell(sheet, b.r1 + r, b.c1 + c);
          if (kind === "numberFormat") cell.numberFormat = String(v);
          else writeValue(this.batch.book)(cell, v);
        }
      }
    });
  }

  set values(grid: unknown[][]) {
    this.writeGrid("values", grid);
  }
  get values(): unknown[][] {
    return this.read("values");
  }
  set formulas(grid: unknown[][]) {
    this.writeGrid("formulas", grid);
  }
  get formulas(): unknown[][] {
    return this.read("formulas");
  }
  set numberFormat(grid: unknown[][]) {
    this.writeGrid("numberFormat", grid);
  }
  get numberFormat(): unknown[][] {
    return this.read("numberFormat");
  }
  /** A link on every cell of the range (ExcelApi 1.7); its text, when given, becomes the first cell's value. */
  set hyperlink(link: Excel.RangeHyperlink) {
    this.batch.queue({ hyperlink: link }, () => {
      needs(this.batch, 7, "Range.hyperlink");
      const b = this.bounds();
      const sheet = this.sheet();
      for (let r = b.r1; r <= b.r2; r++)
        for (let c = b.c1; c <= b.c2; c++) getCell(sheet, r, c).hyperlink = { ...link };
      if (link.textToDisplay !== undefined)
        writeValue(this.batch.book)(getCell(sheet, b.r1, b.c1), `'${link.textToDisplay}`);
    });
  }
  get hyperlink(): Excel.RangeHyperlink {
    return this.read("hyperlink");
  }
  get text(): string[][] {
    return this.read("text");
  }
  get address(): string {
    return this.read("address");
  }
  get rowCount(): number {
    return this.read("rowCount");
  }
  get columnCount(): number {
    return this.read("columnCount");
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }

  load(names: string | string[]): RangeLike {
    const props = typeof names === "string" ? names.split(",").map((s) => s.trim()) : names;
    if (!props.length || props.some((p) => !p))
      throw new Error("Do not load() without naming the properties you need.");
    this.batch.queue({ load: props }, () => {
      const empty = this.isNullAtSync();
      this.loaded.set("isNullObject", empty);
      if (empty) return;
      const b = this.bounds();
      const sheet = this.sheet();
      const grid = (f: (r: number, c: number) => unknown) =>
        Array.from({ length: b.r2 - b.r1 + 1 }, (_, r) =>
          Array.from({ length: b.c2 - b.c1 + 1 }, (_, c) => f(b.r1 + r, b.c1 + c)),
        );
      const cellAt = (r: number, c: number) => sheet.cells.get(`${r},${c}`);
      for (const p of props) {
        if (p === "values")
          this.loaded.set(
            p,
            grid((r, c) => cellAt(r, c)?.value ?? ""),
          );
        else if (p === "formulas")
          this.loaded.set(
            p,
            grid((r, c) => formulaRead(cellAt(r, c))),
          );
        else if (p === "numberFormat")
          this.loaded.set(
            p,
            grid((r, c) => cellAt(r, c)?.numberFormat ?? "General"),
          );
        else if (p === "text")
          this.loaded.set(
            p,
            grid((r, c) => displayText(cellAt(r, c), this.batch.book.date1904)),
          );
        else if (p === "address") this.loaded.set(p, `${quoteSheet(this.sheetNow)}!${this.a1}`);
        else if (p === "hyperlink") {
          needs(this.batch, 7, "Range.hyperlink");
          const link = cellAt(b.r1, b.c1)?.hyperlink;
          this.loaded.set(p, link ? { ...link } : null);
        } else if (p === "rowCount") this.loaded.set(p, b.r2 - b.r1 + 1);
        else if (p === "columnCount") this.loaded.set(p, b.c2 - b.c1 + 1);
        else if (p !== "isNullObject")
          throw new Error(`The fake does not load Range.${p}; add it if the add-in needs it.`);
      }
    });
    return this;
  }

  /**
   * A null object: a used range of an empty or missing sheet, or any range of a missing sheet taken through
   * getItemOrNullObject (members of a null object are null objects, as in the host emulator).
   */
  isNullAtSync(): boolean {
    if (this.derived) return this.derived.from.isNullAtSync();
    if (this.resolve) return this.resolve() === null || !this.exists();
    if (!this.exists()) return this.nullIfEmpty;
    return this.nullIfEmpty && this.addr === null && !usedBounds(this.sheet(), this.valuesOnly);
  }

  getRow(row: number): RangeLike {
    return new FakeRange(this.batch, this.sheetName, null, this.nullIfEmpty, false, {
      from: this,
      bounds: (b) => ({ ...b, r1: b.r1 + row, r2: b.r1 + row }),
    });
  }

  getResizedRange(deltaRows: number, deltaColumns: number): RangeLike {
    return new FakeRange(this.batch, this.sheetName, null, this.nullIfEmpty, false, {
      from: this,
      bounds: (b) => {
        const r2 = b.r2 + deltaRows;
        const c2 = b.c2 + deltaColumns;
        if (r2 < b.r1 || c2 < b.c1 || r2 > 1_048_576 || c2 > 16_384)
          throw new Error("InvalidArgument: the resized range is outside the worksheet.");
        return { ...b, r2, c2 };
      },
    });
  }

  select(): void {
    this.batch.queue({ select: this.addr }, () => {
      this.batch.book.selection = { sheet: this.sheetName, address: this.a1 };
    });
  }

  merge(): void {
    this.batch.queue({ merge: this.addr }, () => this.sheet().merges.push(this.a1));
  }

  /** Copies the values (text stays text) of `'Sheet'!A1:B2` into this range, as Excel's "Values" copy does. */
  copyFrom(source: string, copyType: "Values"): void {
    this.batch.queue({ copyFrom: source, copyType }, () => {
      needs(this.batch, 9, "Range.copyFrom");
      const from = sheetOf(this.batch, source.slice(0, source.lastIndexOf("!")).replace(/^'|'$/g, ""));
      const s = parseRange(source.slice(source.lastIndexOf("!") + 1));
      const b = this.bounds();
      for (let r = 0; r <= b.r2 - b.r1; r++)
        for (let c = 0; c <= b.c2 - b.c1; c++) {
          const src = from.cells.get(`${s.r1 + r},${s.c1 + c}`);
          const cell = getCell(this.sheet(), b.r1 + r, b.c1 + c);
          cell.value = src?.formula ? null : (src?.value ?? null);
          cell.quoted = src?.quoted;
          cell.formula = undefined;
        }
    });
  }
}

const quoteSheet = (name: string) => (/^[A-Za-z0-9_]+$/.test(name) ? name : `'${name}'`);

/** As Excel stores what is written: formulas, quoted text, and text Excel converts (excelInput.ts). */
const writeValue = (book: MemoryWorkbook) => (cell: MemoryCell, v: unknown) =>
  enterInto(cell, v, book.date1904);

function styleSetter(
  batch: Batch,
  range: FakeRange,
  apply: (s: Record<string, unknown>, v: unknown) => void,
) {
  return (v: unknown) =>
    batch.queue({ style: v }, () => {
      const b = range.bounds();
      const sheet = range.sheet();
      for (let r = b.r1; r <= b.r2; r++)
        for (let c = b.c1; c <= b.c2; c++) apply(getCell(sheet, r, c).style as Record<string, unknown>, v);
    });
}

function writeOnly<T extends object>(spec: Record<string, (v: unknown) => void>, extra: object = {}): T {
  const o = { ...extra };
  for (const [prop, set] of Object.entries(spec)) {
    Object.defineProperty(o, prop, { set, get: () => notLoaded(prop), enumerable: true });
  }
  return o as T;
}

function formatProxy(batch: Batch, range: FakeRange): RangeFormatLike {
  const set = (f: (s: Record<string, unknown>, v: unknown) => void) => styleSetter(batch, range, f);
  const sheetLevel =
    (f: (sheet: MemorySheet, b: ReturnType<FakeRange["bounds"]>, v: number) => void) => (v: unknown) =>
      batch.queue({ size: v }, () => f(range.sheet(), range.bounds(), v as number));
  return writeOnly<RangeFormatLike>(
    {
      wrapText: set((s, v) => (s.wrap = v)),
      verticalAlignment: set((s, v) => (s.vertical = v)),
      horizontalAlignment: set((s, v) => (s.horizontal = v)),
      columnWidth: sheetLevel((sh, b, v) => {
        for (let c = b.c1; c <= b.c2; c++) sh.columnWidths.set(c, v);
      }),
      rowHeight: sheetLevel((sh, b, v) => {
        if (v > ROW_HEIGHT_LIMIT)
          throw new Error(`InvalidArgument: rows are at most ${ROW_HEIGHT_LIMIT} points high.`);
        for (let r = b.r1; r <= b.r2; r++) sh.rowHeights.set(r, v);
      }),
    },
    {
      fill: fillProxy(
        batch,
        range,
        set((s, v) => (s.fill = v)),
      ),
      font: writeOnly({
        bold: set((s, v) => (s.bold = v)),
        color: set((s, v) => (s.fontColor = v)),
        size: set((s, v) => (s.fontSize = v)),
        name: set((s, v) => (s.fontName = v)),
      }),
    },
  );
}

function fillProxy(batch: Batch, range: FakeRange, setColor: (v: unknown) => void) {
  let loaded: string | undefined;
  const fill = {
    set color(v: string) {
      setColor(v);
    },
    get color(): string {
      if (loaded === undefined) notLoaded("color");
      return loaded;
    },
    clear: () => styleSetter(batch, range, (s) => delete s.fill)(null),
    load: (names: string | string[]) => {
      if (!names.length) throw new Error("Do not load() without naming the properties you need.");
      batch.queue({ load: names }, () => {
        const b = range.bounds();
        loaded = getCell(range.sheet(), b.r1, b.c1).style.fill ?? "#FFFFFF";
      });
      return fill;
    },
  };
  return fill;
}

function validationProxy(batch: Batch, range: FakeRange): DataValidationLike {
  const entry = () => {
    const sheet = range.sheet();
    const a1 = range.a1;
    let v = sheet.validations.find((x) => x.address === a1);
    if (!v) sheet.validations.push((v = { address: a1, rule: null }));
    return v;
  };
  const needs18 = () => {
    if (batch.book.apiMinor < 8) throw new Error("ApiNotFound: dataValidation needs ExcelApi 1.8.");
  };
  return writeOnly<DataValidationLike>(
    {
      rule: (v) => batch.queue({ rule: v }, () => (needs18(), (entry().rule = v))),
      prompt: (v) => batch.queue({ prompt: v }, () => (needs18(), (entry().prompt = v))),
      errorAlert: (v) => batch.queue({ errorAlert: v }, () => (needs18(), (entry().errorAlert = v))),
    },
    {
      clear: () =>
        batch.queue({ clear: true }, () => {
          const b = range.bounds();
          clearValidations(range.sheet(), b.r1, b.r2, b.c1, b.c2);
        }),
    },
  );
}

function conditionalFormatProxy(
  batch: Batch,
  range: FakeRange,
  type: "CellValue" | "Custom",
): ConditionalFormatLike {
  const cf: MemorySheet["conditionalFormats"][number] = { address: "", rule: null, fill: "", fontColor: "" };
  batch.queue({ conditionalFormat: type }, () => {
    if (batch.book.apiMinor < 6) throw new Error("ApiNotFound: conditional formats need ExcelApi 1.6.");
    cf.address = range.a1;
    range.sheet().conditionalFormats.push(cf);
  });
  return {
    cellValue: writeOnly(
      { rule: (v) => batch.queue({ rule: v }, () => (cf.rule = v)) },
      {
        format: {
          fill: writeOnly({ color: (v) => batch.queue({ fill: v }, () => (cf.fill = String(v))) }),
          font: writeOnly({ color: (v) => batch.queue({ font: v }, () => (cf.fontColor = String(v))) }),
        },
      },
    ),
    custom: {
      rule: writeOnly({
        formula: (v) =>
          batch.queue({ formula: v }, () => {
            if (type !== "Custom")
              throw new Error("InvalidArgument: a CellValue format has no formula rule.");
            cf.rule = { formula: String(v) };
          }),
      }),
      format: {
        fill: writeOnly({ color: (v) => batch.queue({ fill: v }, () => (cf.fill = String(v))) }),
        font: writeOnly({
          color: (v) => batch.queue({ font: v }, () => (cf.fontColor = String(v))),
          strikethrough: (v) => batch.queue({ strike: v }, () => (cf.strikethrough = Boolean(v))),
        }),
      },
    },
  } as ConditionalFormatLike;
}

class FakeWorksheet extends Loadable implements WorksheetLike {
  constructor(
    private readonly batch: Batch,
    private sheetName: string,
    private readonly mayBeNull = false,
  ) {
    super();
  }
  get name(): string {
    return this.read("name");
  }
  set name(next: string) {
    const old = this.sheetName;
    this.batch.queue({ rename: next }, () => {
      if (this.batch.book.sheets.some((s) => s.name === next))
        throw new Error(`ItemAlreadyExists: a worksheet named '${next}' exists.`);
      sheetOf(this.batch, old).name = next;
      // Excel follows the rename in references, as here in defined names.
      for (const [n, ref] of this.batch.book.names)
        if (ref.startsWith(`${old}!`)) this.batch.book.names.set(n, next + ref.slice(old.length));
    });
    this.sheetName = next;
  }
  get isNullObject(): boolean {
    return this.read("isNullObject");
  }
  set visibility(v: WorksheetLike["visibility"]) {
    this.batch.queue(
      { visibility: v },
      () => (sheetOf(this.batch, this.sheetName).visibility = v as MemorySheet["visibility"]),
    );
  }
  get visibility(): WorksheetLike["visibility"] {
    return this.read("visibility");
  }
  set tabColor(v: string) {
    this.batch.queue({ tabColor: v }, () => {
      needs(this.batch, 7, "Worksheet.tabColor");
      sheetOf(this.batch, this.sheetName).tabColor = v;
    });
  }
  readonly onChanged = {
    add: () => {
      throw new Error("ApiNotFound: the in-memory workbook has no change events.");
    },
  };
  get tabColor(): string {
    return this.read("tabColor");
  }
  getRange(address: string): RangeLike {
    parseRange(address);
    return new FakeRange(this.batch, this.sheetName, address, this.mayBeNull);
  }
  getUsedRangeOrNullObject(valuesOnly = false): RangeLike {
    return new FakeRange(this.batch, this.sheetName, null, true, valuesOnly);
  }
  readonly tables = {
    add: (address: string, hasHeaders: boolean): TableLike => {
      const t = { name: "", address, style: "TableStyleMedium2" };
      this.batch.queue({ table: address, hasHeaders }, () =>
        sheetOf(this.batch, this.sheetName).tables.push(t),
      );
      return writeOnly<TableLike>({
        name: (v) =>
          this.batch.queue({ name: v }, () => {
            const taken =
              this.batch.book.names.has(String(v)) ||
              this.batch.book.sheets.some((s) => s.tables.some((x) => x !== t && x.name === v));
            if (taken) throw new Error(`InvalidArgument: the table name '${v}' is taken.`);
            t.name = String(v);
          }),
        style: (v) => this.batch.queue({ style: v }, () => (t.style = String(v))),
      });
    },
  };
  readonly charts = {
    add: (type: string, source: RangeLike): ChartLike => {
      const chart = {
        type,
        title: "",
        series: [] as { name: string; values: string; categories: string }[],
        from: "",
        to: "",
      };
      const src = source as FakeRange;
      this.batch.queue({ chart: type }, () => {
        chart.series.push({ name: "", values: src.a1, categories: "" });
        sheetOf(this.batch, this.sheetName).charts.push(chart);
      });
      const series = (i: () => number): ChartSeriesLike =>
        writeOnly<ChartSeriesLike>(
          { name: (v) => this.batch.queue({ name: v }, () => (chart.series[i()].name = String(v))) },
          {
            setValues: (r: RangeLike) =>
              this.batch.queue({ values: 1 }, () => (chart.series[i()].values = (r as FakeRange).a1)),
            setXAxisValues: (r: RangeLike) =>
              this.batch.queue({ x: 1 }, () => (chart.series[i()].categories = (r as FakeRange).a1)),
            format: {
              fill: { setSolidColor: (c: string) => this.batch.queue({ color: c }, () => undefined) },
            },
          },
        );
      return writeOnly<ChartLike>(
        { name: (v) => this.batch.queue({ name: v }, () => undefined) },
        {
          title: writeOnly({ text: (v) => this.batch.queue({ title: v }, () => (chart.title = String(v))) }),
          setPosition: (from: string, to?: string) =>
            this.batch.queue({ from, to }, () => ((chart.from = from), (chart.to = to ?? from))),
          series: {
            add: (name?: string) => {
              let index = -1;
              this.batch.queue({ add: name }, () => {
                if (this.batch.book.apiMinor < 7)
                  throw new Error("ApiNotFound: chart series need ExcelApi 1.7.");
                index = chart.series.push({ name: name ?? "", values: "", categories: "" }) - 1;
              });
              return series(() => index);
            },
            getItemAt: (n: number) => series(() => n),
          },
        },
      );
    },
  };
  readonly freezePanes = {
    freezeRows: (count = 1) =>
      this.batch.queue({ freezeRows: count }, () => {
        needs(this.batch, 7, "Worksheet.freezePanes");
        sheetOf(this.batch, this.sheetName).frozenRows = count;
      }),
    freezeAt: (at: string) =>
      this.batch.queue({ freezeAt: at }, () => {
        needs(this.batch, 7, "Worksheet.freezePanes");
        sheetOf(this.batch, this.sheetName).frozenAt = at;
      }),
  };
  load(names: string | string[]): WorksheetLike {
    const props = typeof names === "string" ? names.split(",").map((s) => s.trim()) : names;
    this.batch.queue({ load: props }, () => {
      const sheet = this.batch.book.sheets.find((x) => x.name === this.sheetName);
      this.loaded.set("isNullObject", !sheet);
      if (!sheet) {
        if (!this.mayBeNull)
          throw new Error(`ItemNotFound: the worksheet '${this.sheetName}' does not exist.`);
        return;
      }
      for (const p of props) {
        if (p === "name") this.loaded.set(p, sheet.name);
        else if (p === "visibility") this.loaded.set(p, sheet.visibility);
        else if (p === "tabColor") this.loaded.set(p, sheet.tabColor);
        else if (p === "position") this.loaded.set(p, this.batch.book.sheets.indexOf(sheet));
        else if (p !== "isNullObject") throw new Error(`The fake does not load Worksheet.${p}.`);
      }
    });
    return this;
  }
  activate(): void {
    this.batch.queue({ activate: this.sheetName }, () => (this.batch.book.activeSheet = this.sheetName));
  }
  set position(p: number) {
    this.batch.queue({ position: p }, () => {
      const book = this.batch.book;
      const sheet = sheetOf(this.batch, this.sheetName);
      book.sheets.splice(book.sheets.indexOf(sheet), 1);
      book.sheets.splice(p, 0, sheet);
    });
  }
  get position(): number {
    return this.read("position");
  }
  delete(): void {
    this.batch.queue({ delete: this.sheetName }, () => {
      const book = this.batch.book;
      book.sheets.splice(book.sheets.indexOf(sheetOf(this.batch, this.sheetName)), 1);
      // Names outlive their sheet, pointing at #REF!, as in Excel.
      for (const [n, ref] of book.names)
        if (ref.startsWith(`${this.sheetName}!`))
          book.names.set(n, `#REF!${ref.slice(ref.indexOf("!") + 1)}`);
    });
  }
}

/**
 * Rows (or a column) added at the end of a table. Excel would shift whatever stands below (or right of) the
 * table; the add-in never lets it come to that (it refuses first), so here anything in the way is an error.
 */
function growTable(
  batch: Batch,
  t: MemorySheet["tables"][number],
  values: (string | number | boolean)[][],
  what: "rows" | "columns",
): void {
  const sheetName = t.address.slice(0, t.address.lastIndexOf("!")).replace(/^'|'$/g, "");
  const sheet = sheetOf(batch, sheetName);
  const b = parseRange(t.address.slice(t.address.lastIndexOf("!") + 1));
  const add =
    what === "rows"
      ? { r1: b.r2 + 1, c1: b.c1, r2: b.r2 + values.length, c2: b.c2 }
      : { r1: b.r1, c1: b.c2 + 1, r2: b.r2, c2: b.c2 + 1 };
  for (let r = add.r1; r <= add.r2; r++)
    for (let c = add.c1; c <= add.c2; c++) {
      const cell = sheet.cells.get(`${r},${c}`);
      if (cell && (cell.formula || (cell.value !== null && cell.value !== "")))
        throw new Error(`The fake does not shift cells: ${sheetName} row ${r} column ${c} is in the way.`);
    }
  if (what === "rows") {
    if (values.some((row) => row.length !== b.c2 - b.c1 + 1))
      throw new Error(
        `InvalidArgument: rows of ${values[0]?.length} values do not fit the table's ${b.c2 - b.c1 + 1} columns.`,
      );
    // Rows added to a table are inserted: what stands below, in the table's columns, moves down (as
    // ListRows.Add with AlwaysInsert, its default, is documented to do).
    insertCells(sheet, add.r1, values.length, b.c1, b.c2);
    values.forEach((row, i) =>
      row.forEach((v, j) => writeValue(batch.book)(getCell(sheet, add.r1 + i, add.c1 + j), v)),
    );
  } else writeValue(batch.book)(getCell(sheet, b.r1, add.c1), values[0][0]);
  t.address = `${t.address.slice(0, t.address.lastIndexOf("!") + 1)}${formatRange({ ...b, r2: add.r2, c2: Math.max(b.c2, add.c2) })}`;
}

/** A table's data row (0-based) is deleted: its cells go, what stands below in the table's columns moves up. */
function deleteTableRow(batch: Batch, t: MemorySheet["tables"][number], index: number): void {
  const sheetName = t.address.slice(0, t.address.lastIndexOf("!")).replace(/^'|'$/g, "");
  const sheet = sheetOf(batch, sheetName);
  const b = parseRange(t.address.slice(t.address.lastIndexOf("!") + 1));
  const row = b.r1 + 1 + index;
  if (index < 0 || row > b.r2) throw new Error(`InvalidArgument: the table has no row ${index}.`);
  deleteCells(sheet, row, row, b.c1, b.c2);
  t.address = `${t.address.slice(0, t.address.lastIndexOf("!") + 1)}${formatRange({ ...b, r2: b.r2 - 1 })}`;
}

/** A fresh API context over the workbook, as `Excel.run` gives one. */
function context(batch: Batch): ContextLike {
  return {
    workbook: {
      worksheets: {
        add: (name?: string) => {
          const n = name ?? `Sheet${batch.book.sheets.length + 1}`;
          batch.queue({ addSheet: n }, () => {
            if (batch.book.sheets.some((s) => s.name === n))
              throw new Error(`ItemAlreadyExists: a worksheet named '${n}' exists.`);
            batch.book.sheets.push(newSheet(n));
          });
          return new FakeWorksheet(batch, n);
        },
        getItemOrNullObject: (n: string) => new FakeWorksheet(batch, n, true),
      },
      names: {
        add: (name: string, reference: string) =>
          batch.queue({ name, reference }, () => {
            if (batch.book.names.has(name)) throw new Error(`ItemAlreadyExists: the name '${name}' exists.`);
            batch.book.names.set(name, reference.replace(/^=/, ""));
          }),
        getItemOrNullObject: (name: string) => {
          let loaded: boolean | undefined;
          const item = {
            get isNullObject(): boolean {
              if (loaded === undefined) notLoaded("isNullObject");
              return loaded;
            },
            delete: () => batch.queue({ deleteName: name }, () => batch.book.names.delete(name)),
            load: () => (batch.queue({ load: name }, () => (loaded = !batch.book.names.has(name))), item),
            getRangeOrNullObject: (): RangeLike => {
              // The name's sheet and cells as they are at sync time; none for a missing name or #REF!.
              const ref = () => {
                const r = batch.book.names.get(name);
                return r && !r.startsWith("#REF!") && r.includes("!") ? r : null;
              };
              const sheetName = () => {
                const r = ref();
                return r ? r.slice(0, r.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'") : "";
              };
              return new FakeRange(batch, "", null, true, false, undefined, () => {
                const r = ref();
                return r ? r.slice(r.lastIndexOf("!") + 1).replace(/\$/g, "") : null;
              }).onSheet(sheetName);
            },
          };
          return item;
        },
      },
      functions: {
        date: (y: number, m: number, d: number) => {
          let value: number | undefined;
          const result = {
            get value(): number {
              if (value === undefined) notLoaded("value");
              return value;
            },
            load: () => {
              batch.queue({ date: [y, m, d] }, () => {
                const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
                value = batch.book.date1904 ? days - 1462 : days;
              });
              return result;
            },
          };
          return result;
        },
      },
      application: {
        suspendApiCalculationUntilNextSync: () =>
          batch.queue({ suspend: true }, () => {
            if (batch.book.apiMinor < 6)
              throw new Error("ApiNotFound: suspendApiCalculationUntilNextSync needs ExcelApi 1.6.");
          }),
      },
      tables: {
        getItemOrNullObject: (name: string) => {
          let loaded: boolean | undefined;
          const find = () => batch.book.sheets.flatMap((s) => s.tables).find((t) => t.name === name);
          const item = {
            get isNullObject(): boolean {
              if (loaded === undefined) notLoaded("isNullObject");
              return loaded;
            },
            set name(v: string) {
              batch.queue({ renameTable: v }, () => {
                const t = find();
                if (!t) throw new Error(`ItemNotFound: the table '${name}' does not exist.`);
                t.name = v;
              });
            },
            get name(): string {
              return notLoaded("name");
            },
            set style(v: string) {
              batch.queue({ style: v }, () => undefined);
            },
            get style(): string {
              return notLoaded("style");
            },
            load: () => (batch.queue({ load: name }, () => (loaded = !find())), item),
            getRange: (): RangeLike => {
              const at = () => find()?.address ?? null;
              return new FakeRange(batch, "", null, false, false, undefined, () => {
                const a = at();
                return a ? a.slice(a.lastIndexOf("!") + 1) : null;
              }).onSheet(() => {
                const a = at();
                return a ? a.slice(0, a.lastIndexOf("!")).replace(/^'|'$/g, "") : "";
              });
            },
            rows: {
              add: (_index?: number, values?: (string | number | boolean)[][]) =>
                batch.queue({ addRows: values }, () => {
                  const t = find();
                  if (!t) throw new Error(`ItemNotFound: the table '${name}' does not exist.`);
                  if (values && values.length > 1) needs(batch, 4, "TableRowCollection.add (several rows)");
                  growTable(batch, t, values ?? [[]], "rows");
                }),
              getItemAt: (index: number) => ({
                delete: () =>
                  batch.queue({ deleteRow: index }, () => {
                    const t = find();
                    if (!t) throw new Error(`ItemNotFound: the table '${name}' does not exist.`);
                    deleteTableRow(batch, t, index);
                  }),
              }),
            },
            columns: {
              add: (_index?: number, values?: (string | number | boolean)[][], header?: string) =>
                batch.queue({ addColumn: header, values }, () => {
                  const t = find();
                  if (!t) throw new Error(`ItemNotFound: the table '${name}' does not exist.`);
                  needs(batch, 4, "TableColumnCollection.add (at the end, named)");
                  growTable(batch, t, [[header ?? "列1"]], "columns");
                }),
            },
          };
          return item;
        },
      },
    },
    sync: () => batch.sync(),
  };
}

/** `Excel.run` over the in-memory workbook; `stats` counts syncs and request sizes across runs. */
export function fakeRun(book: MemoryWorkbook, stats: SyncStats = { syncs: 0, requestBytes: [] }): RunBatch {
  return async (fn) => {
    const batch = new Batch(book, stats);
    return fn(context(batch));
  };
}

/** `isSetSupported` for the in-memory workbook's Excel. */
export const supportsOf = (book: MemoryWorkbook) => (version: string) =>
  Number(version.split(".")[1]) <= book.apiMinor;
