/**
 * A host emulator behind the real Excel client library's request executor. It answers the library's
 * requests (object paths and actions, as Excel receives them) from the in-memory workbook, enforcing what
 * Excel and its documentation say: each member's ExcelApi level (taken from the library's own metadata),
 * 5 MB per request and per response (UTF-8 bytes of the JSON the library sends and receives), actions applied
 * in order and kept when a later one fails (requests are not transactions), the conversions Excel makes of
 * text (excelInput.ts), 32,767 characters per cell, 409 pt per row, unique sheet/table/defined names (names
 * outliving their sheet as #REF!), used ranges counting formatted cells, the 1904 date system, and worksheet
 * change events delivered to whatever handlers the library still has registered.
 */
import { formatRange, parseRange, type CellRange } from "../../../src/workbook/a1";
import type { ContextLike, RunBatch } from "../../../src/render/office/api";
import { displayText } from "../../../src/render/office/memory/display";
import { enterInto, formulaRead, ROW_HEIGHT_LIMIT } from "../../../src/render/office/memory/excelInput";
import {
  clearValidations,
  deleteCells,
  getCell,
  insertCells,
  newSheet,
  usedBounds,
  type MemorySheet,
  type MemoryWorkbook,
} from "../../../src/render/office/memory/state";
import { hostLevel, realLibrary, type RequestBody, type ResponseMessage } from "./library";
import { FAULT_ERRORS, type SyncFault } from "../../../src/render/office/memory/fakeExcel";

/** Excel on the web refuses a request or a response larger than this. */
export const PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** The level used for "the latest Excel". */
export const LATEST = 20;

export interface EmulatorStats {
  syncs: number;
  requestBytes: number[];
  responseBytes: number[];
  /**
   * Per request: is it the library's clean-up after `Excel.run` (only references released)? `Excel.run`
   * sends it without waiting for the answer, so the action does not wait for this round trip.
   */
  cleanup: boolean[];
  /** Every `Type.member` the add-in used, with the ExcelApi minor version it needs. */
  members: Map<string, number>;
}

class HostError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Bounds = CellRange;
interface RangeTarget {
  sheet: MemorySheet;
  b: Bounds;
}
interface Handle {
  type: string;

  t: any;
}

const camel = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const pascal = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const quoteSheet = (name: string) => (/^[A-Za-z0-9_]+$/.test(name) ? name : `'${name}'`);
const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const INVALID_SHEET_NAME = /[[\]:*?/\\]/;

const sheetCounter = { next: 1 };

/** The emulator: `run` is the add-in's `Excel.run`, through Microsoft's library. */
export class ExcelEmulator {
  readonly stats: EmulatorStats = {
    syncs: 0,
    requestBytes: [],
    responseBytes: [],
    cleanup: [],
    members: new Map(),
  };
  private readonly lib = realLibrary();
  private readonly session: unknown;
  private readonly refs = new Map<string, Handle>();
  private readonly ids = new WeakMap<MemorySheet, string>();
  private nextRef = 1;
  /** Makes the host fail on a member, to test what an action leaves behind when it fails half-way. */
  failOn: ((member: string) => boolean) | null = null;
  /** Makes one request fail (refused, half applied, or applied with its answer lost), counted as `stats.syncs`. */
  fault: SyncFault | null = null;
  /** Worksheet ids with a change handler registered at the host. */
  private readonly watched = new Set<string>();
  private pendingEvents: { sheet: MemorySheet; address: string }[] = [];

  constructor(
    readonly book: MemoryWorkbook,
    readonly apiMinor: number,
    private readonly limit = PAYLOAD_LIMIT,
  ) {
    book.apiMinor = apiMinor;
    this.session = this.lib.session({ executeAsync: (_c, _f, m) => Promise.resolve(this.execute(m.Body)) });
  }

  /** `Excel.run` through the real library, in a fresh request context. */
  readonly run: RunBatch = (batch) => {
    hostLevel.minor = this.apiMinor;
    return this.lib.Excel.run(this.session, (context) => batch(context as unknown as ContextLike));
  };

  /** `isSetSupported("ExcelApi", v)` of this host. */
  readonly supports = (version: string) => Number(version.split(".")[1]) <= this.apiMinor;

  /** Staff type into a cell in Excel: stored with Excel's conversions, and the change event fires. */
  type(sheetName: string, address: string, input: unknown): void {
    const sheet = this.sheetNamed(sheetName);
    const b = parseRange(address);
    enterInto(getCell(sheet, b.r1, b.c1), input, this.book.date1904);
    this.pendingEvents.push({ sheet, address });
    this.deliverEvents();
  }

  /** The workbook's sheet id as the library sees it. */
  sheetId(sheet: MemorySheet): string {
    let id = this.ids.get(sheet);
    // Unique across emulators: the library's event registry is one per process.
    if (!id)
      this.ids.set(
        sheet,
        (id = `{${String(sheetCounter.next++).padStart(8, "0")}-0000-4000-8000-000000000000}`),
      );
    return id;
  }

  /** How many worksheets have a change handler registered at the host. */
  get watchedSheets(): number {
    return this.watched.size;
  }

  private sheetNamed(name: string): MemorySheet {
    const s = this.book.sheets.find((x) => sameName(x.name, name));
    if (!s) throw new HostError("ItemNotFound", `The requested resource doesn't exist. (worksheet ${name})`);
    return s;
  }

  /** Each change just made raises an event for the handlers registered now (delivered asynchronously). */
  private deliverEvents(): void {
    const events = this.pendingEvents;
    this.pendingEvents = [];
    for (const e of events) {
      const id = this.sheetId(e.sheet);
      if (!this.watched.has(id)) continue;
      setTimeout(() =>
        this.lib.fireEvent(10, id, {
          type: "WorksheetChanged",
          changeType: "RangeEdited",
          source: "Local",
          address: e.address,
          worksheetId: id,
        }),
      );
    }
  }

  // ---- requests ----

  private execute(body: RequestBody): ResponseMessage {
    const requestBytes = Buffer.byteLength(JSON.stringify(body), "utf8");
    this.stats.syncs++;
    this.stats.requestBytes.push(requestBytes);
    this.stats.cleanup.push(
      body.Actions.every((a) => a.ActionType === 1 || a.Name === "_RemoveReference") &&
        body.Actions.some((a) => a.Name === "_RemoveReference"),
    );
    if (requestBytes > this.limit) {
      return {
        HttpStatusCode: 400,
        ErrorCode: "RequestPayloadSizeLimitExceeded",
        ErrorMessage: `The request payload size has exceeded the limit (${requestBytes} bytes).`,
        Headers: {},
        Body: null,
      };
    }
    const resolved = new Map<number, Handle | null>();
    const results: { ActionId: number; Value: unknown }[] = [];
    const traceIds: number[] = [];
    let error: object | undefined;
    const fault = this.fault?.at.includes(this.stats.syncs) ? this.fault.mode : null;
    const faultError = (index: number) => {
      const [code, message] = FAULT_ERRORS[fault!].split(/: (.*)/s);
      return { Code: code, Message: message, HttpStatusCode: 400, ActionIndex: index, Location: "" };
    };
    const stopAt = fault === "rejected" ? 0 : fault === "partial" ? Math.floor(body.Actions.length / 2) : -1;
    for (const [index, action] of body.Actions.entries()) {
      if (index === stopAt) {
        error = faultError(index);
        break;
      }
      try {
        const value = this.act(body, resolved, action);
        // Trace actions: listed as executed, and answered (the library runs its callbacks on the answer).
        if (action.ActionType === 5)
          (traceIds.push(action.Id), results.push({ ActionId: action.Id, Value: null }));
        else if (value !== undefined) results.push({ ActionId: action.Id, Value: value });
      } catch (err) {
        const e = err instanceof HostError ? err : new HostError("GeneralException", (err as Error).message);
        error = { Code: e.code, Message: e.message, HttpStatusCode: 400, ActionIndex: index, Location: "" };
        break;
      }
    }
    if (fault === "lost" && !error) error = faultError(body.Actions.length - 1);
    const responseBody = error
      ? { Error: error, Results: results, TraceIds: traceIds }
      : { Results: results, TraceIds: traceIds };
    const responseBytes = Buffer.byteLength(JSON.stringify(responseBody), "utf8");
    this.stats.responseBytes.push(responseBytes);
    this.deliverEvents();
    if (responseBytes > this.limit) {
      return {
        HttpStatusCode: 400,
        ErrorCode: "ResponsePayloadSizeLimitExceeded",
        ErrorMessage: `The response payload size has exceeded the limit (${responseBytes} bytes).`,
        Headers: {},
        Body: null,
      };
    }
    return { HttpStatusCode: 200, ErrorCode: "", ErrorMessage: "", Headers: {}, Body: responseBody };
  }

  private act(
    body: RequestBody,
    resolved: Map<number, Handle | null>,
    action: RequestBody["Actions"][number],
  ): unknown {
    if (action.ActionType === 5) return undefined; // trace
    const h = this.resolve(body, resolved, action.ObjectPathId);
    if (action.ActionType === 1) {
      if (!h) return null;
      if (h.type === "Workbook") return undefined;
      const ref = `ref${this.nextRef++}`;
      this.refs.set(ref, h);
      return h.type === "Worksheet" ? { _ReferenceId: ref, Id: this.sheetId(h.t) } : { _ReferenceId: ref };
    }
    if (
      !h &&
      (action.ActionType === 2 || action.Name === "_KeepReference" || action.Name === "_RemoveReference")
    )
      return action.ActionType === 2 ? null : undefined;
    if (!h)
      throw new HostError("InvalidObjectPath", "The object path isn't working for what you're trying to do.");
    const args = this.args(body, resolved, action.ArgumentInfo);
    if (action.ActionType === 2) {
      if (!action.QueryInfo?.Select)
        throw new HostError(
          "InvalidArgument",
          "Load named properties: the add-in must never load() everything.",
        );
      const out: Record<string, unknown> = {};
      for (const p of action.QueryInfo.Select) {
        if (p === "isNullObject") continue;
        if (p.includes("/"))
          throw new HostError("InvalidArgument", `The emulator does not load paths (${p}).`);
        this.use(h.type, p);
        const get = TYPES[h.type]?.get?.[p];
        if (!get) throw new HostError("InvalidArgument", `The emulator does not load ${h.type}.${p}.`);
        out[pascal(p)] = get(h.t, this);
      }
      return out;
    }
    if (action.ActionType === 4) {
      const p = camel(action.Name);
      this.use(h.type, p);
      const set = TYPES[h.type]?.set?.[p];
      if (!set) throw new HostError("InvalidArgument", `The emulator does not set ${h.type}.${p}.`);
      set(h.t, args[0], this);
      return undefined;
    }
    if (action.ActionType === 3) {
      if (action.Name === "_KeepReference" || action.Name === "_RemoveReference") return undefined;
      if (action.Name === "_ValidateArraySize") {
        const r = h.t as RangeTarget;
        if (r.b.r2 - r.b.r1 + 1 !== args[0] || r.b.c2 - r.b.c1 + 1 !== args[1])
          throw new HostError(
            "InvalidArgument",
            "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
          );
        return undefined;
      }
      if (action.Name === "_RegisterDataChangedEvent" || action.Name === "_UnregisterDataChangedEvent") {
        if (h.type !== "Worksheet") throw new HostError("InvalidArgument", `${action.Name} on ${h.type}`);
        const id = this.sheetId(h.t);
        if (action.Name.startsWith("_Register")) this.watched.add(id);
        else this.watched.delete(id);
        return undefined;
      }
      const m = camel(action.Name);
      this.use(h.type, m);
      const call = TYPES[h.type]?.call?.[m];
      if (!call) throw new HostError("InvalidArgument", `The emulator does not call ${h.type}.${m}().`);
      const r = call(h.t, args, this);
      return r && typeof r === "object" && "type" in r ? undefined : (r ?? undefined);
    }
    throw new HostError("InvalidArgument", `The emulator does not handle action type ${action.ActionType}.`);
  }

  private args(
    body: RequestBody,
    resolved: Map<number, Handle | null>,
    info: { Arguments?: unknown[]; ReferencedObjectPathIds?: (number | number[])[] } | undefined,
  ): unknown[] {
    const args = [...(info?.Arguments ?? [])];
    info?.ReferencedObjectPathIds?.forEach((id, i) => {
      if (typeof id === "number" && id) args[i] = this.resolve(body, resolved, id);
    });
    return args;
  }

  private resolve(body: RequestBody, resolved: Map<number, Handle | null>, id: number): Handle | null {
    if (resolved.has(id)) return resolved.get(id)!;
    const p = body.ObjectPaths[String(id)];
    if (!p) throw new HostError("InvalidObjectPath", `No object path ${id}.`);
    let h: Handle | null;
    if (p.ObjectPathType === 1) h = { type: "Workbook", t: this.book };
    else if (p.ObjectPathType === 6) {
      h = this.refs.get(p.Name) ?? null;
      if (!h) throw new HostError("InvalidObjectPath", `Unknown reference ${p.Name}.`);
    } else if (p.ObjectPathType === 7) h = null;
    else {
      const parent = this.resolve(body, resolved, p.ParentObjectPathId!);
      // Members of a null object are null objects (unverified in Excel; see README).
      if (!parent) {
        resolved.set(id, null);
        return null;
      }
      const args = this.args(body, resolved, p.ArgumentInfo);
      if (p.ObjectPathType === 4) {
        const member = camel(p.Name);
        this.use(parent.type, member);
        const nav = TYPES[parent.type]?.nav?.[member];
        if (!nav) throw new HostError("InvalidArgument", `The emulator has no ${parent.type}.${member}.`);
        h = { type: nav[0], t: nav[1](parent.t) };
      } else {
        const member = p.ObjectPathType === 5 ? "getItem" : camel(p.Name);
        this.use(parent.type, member);
        const call = TYPES[parent.type]?.call?.[member];
        if (!call) throw new HostError("InvalidArgument", `The emulator has no ${parent.type}.${member}().`);
        h = call(parent.t, args, this) as Handle | null;
      }
    }
    resolved.set(id, h);
    return h;
  }

  /** Records a member and refuses it above this host's level. */
  private use(type: string, member: string): void {
    const need = this.lib.levels.get(`${type}.${member}`) ?? 1;
    this.stats.members.set(`${type}.${member}`, need);
    if (this.failOn?.(`${type}.${member}`))
      throw new HostError(
        "GeneralException",
        `There was an internal error while processing the request. (${type}.${member})`,
      );
    if (need > this.apiMinor)
      throw new HostError(
        "ApiNotFound",
        `The API you are trying to use could not be found. ${type}.${member} needs ExcelApi 1.${need}; this Excel has 1.${this.apiMinor}.`,
      );
  }

  // ---- workbook operations used by the type table ----

  addSheet(name: string): MemorySheet {
    if (!name || name.length > 31 || INVALID_SHEET_NAME.test(name) || /^'|'$/.test(name))
      throw new HostError(
        "InvalidArgument",
        `The argument is invalid or missing or has an incorrect format. (sheet name ${name})`,
      );
    if (this.book.sheets.some((s) => sameName(s.name, name)))
      throw new HostError(
        "ItemAlreadyExists",
        `A resource with the same name or identifier already exists. (worksheet ${name})`,
      );
    const s = newSheet(name);
    this.book.sheets.push(s);
    return s;
  }

  findSheet(name: string): MemorySheet | undefined {
    return this.book.sheets.find((s) => sameName(s.name, name));
  }

  renameSheet(sheet: MemorySheet, next: string): void {
    if (this.book.sheets.some((s) => s !== sheet && sameName(s.name, next)))
      throw new HostError(
        "ItemAlreadyExists",
        `A resource with the same name or identifier already exists. (worksheet ${next})`,
      );
    const old = sheet.name;
    sheet.name = next;
    for (const [n, ref] of this.book.names)
      if (ref.startsWith(`${old}!`) || ref.startsWith(`'${old}'!`))
        this.book.names.set(n, `${quoteSheet(next)}!${ref.slice(ref.indexOf("!") + 1)}`);
  }

  deleteSheet(sheet: MemorySheet): void {
    const i = this.book.sheets.indexOf(sheet);
    if (i < 0) throw new HostError("ItemNotFound", "The requested resource doesn't exist.");
    if (this.book.sheets.filter((s) => s.visibility === "Visible" && s !== sheet).length === 0)
      throw new HostError("InvalidOperation", "A workbook must contain at least one visible worksheet.");
    this.book.sheets.splice(i, 1);
    // A deleted sheet's change events go with it.
    this.watched.delete(this.sheetId(sheet));
    // Names outlive their sheet, pointing at #REF!.
    for (const [n, ref] of this.book.names)
      if (ref.startsWith(`${sheet.name}!`) || ref.startsWith(`'${sheet.name}'!`))
        this.book.names.set(n, `#REF!${ref.slice(ref.indexOf("!") + 1)}`);
  }

  nameTaken(name: string, except?: object): boolean {
    return (
      [...this.book.names.keys()].some((n) => sameName(n, name)) ||
      this.book.sheets.some((s) => s.tables.some((t) => t !== except && sameName(t.name, name)))
    );
  }

  touched(sheet: MemorySheet, b: Bounds): void {
    this.pendingEvents.push({ sheet, address: formatRange(b) });
  }

  writeCells(
    r: RangeTarget,
    grid: unknown,
    apply: (cell: ReturnType<typeof getCell>, v: unknown) => void,
  ): void {
    const rows = r.b.r2 - r.b.r1 + 1;
    const cols = r.b.c2 - r.b.c1 + 1;
    const single = !Array.isArray(grid);
    if (
      !single &&
      ((grid as unknown[][]).length !== rows || (grid as unknown[][]).some((x) => x.length !== cols))
    )
      throw new HostError(
        "InvalidArgument",
        `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${r.sheet.name}!${formatRange(r.b)}).`,
      );
    for (let i = 0; i < rows; i++)
      for (let j = 0; j < cols; j++) {
        const v = single ? grid : (grid as unknown[][])[i][j];
        try {
          apply(getCell(r.sheet, r.b.r1 + i, r.b.c1 + j), v);
        } catch (err) {
          throw new HostError("InvalidArgument", (err as Error).message);
        }
      }
    this.touched(r.sheet, r.b);
  }
}

const grid = (r: RangeTarget, f: (row: number, col: number) => unknown) =>
  Array.from({ length: r.b.r2 - r.b.r1 + 1 }, (_, i) =>
    Array.from({ length: r.b.c2 - r.b.c1 + 1 }, (_, j) => f(r.b.r1 + i, r.b.c1 + j)),
  );
const cellAt = (r: RangeTarget, row: number, col: number) => r.sheet.cells.get(`${row},${col}`);
const styleAll = (e: ExcelEmulator, r: RangeTarget, f: (s: Record<string, unknown>) => void) => {
  for (let row = r.b.r1; row <= r.b.r2; row++)
    for (let col = r.b.c1; col <= r.b.c2; col++)
      f(getCell(r.sheet, row, col).style as Record<string, unknown>);
  e.touched(r.sheet, r.b);
};
const rangeOn = (sheet: MemorySheet, address: string): RangeTarget => {
  const local = address.slice(address.lastIndexOf("!") + 1);
  try {
    return { sheet, b: parseRange(local.replace(/\$/g, "")) };
  } catch {
    throw new HostError(
      "InvalidArgument",
      `The argument is invalid or missing or has an incorrect format. (${address})`,
    );
  }
};
const usedRange = (sheet: MemorySheet, valuesOnly: unknown): RangeTarget | null => {
  const b = usedBounds(sheet, valuesOnly === true);
  return b ? { sheet, b } : null;
};

interface TypeDef {
  get?: Record<string, (t: any, e: ExcelEmulator) => unknown>;

  set?: Record<string, (t: any, v: any, e: ExcelEmulator) => void>;

  nav?: Record<string, [string, (t: any) => unknown]>;

  call?: Record<string, (t: any, args: any[], e: ExcelEmulator) => unknown>;
}

const obj = (type: string, t: unknown): Handle => ({ type, t });

const TYPES: Record<string, TypeDef> = {
  Workbook: {
    nav: {
      worksheets: ["WorksheetCollection", (b) => b],
      names: ["NamedItemCollection", (b) => b],
      tables: ["TableCollection", (b) => ({ book: b })],
      application: ["Application", (b) => b],
      functions: ["Functions", (b) => b],
      comments: ["CommentCollection", (b) => b],
    },
  },
  CommentCollection: {
    call: {
      add: (b: MemoryWorkbook, [cellAddress, content], e) => {
        const at = typeof cellAddress === "string" ? cellAddress : formatRange((cellAddress as Handle).t.b);
        const target =
          typeof cellAddress === "string"
            ? rangeOn(e.findSheet(at.slice(0, at.lastIndexOf("!")).replace(/^'|'$/g, "")) ?? b.sheets[0], at)
            : ((cellAddress as Handle).t as RangeTarget);
        if (target.b.r1 !== target.b.r2 || target.b.c1 !== target.b.c2)
          throw new HostError("InvalidArgument", "A comment goes on one cell.");
        getCell(target.sheet, target.b.r1, target.b.c1).comment = { content: String(content) };
        return obj("Comment", { sheet: target.sheet, row: target.b.r1, col: target.b.c1 });
      },
      getItemByCell: (b: MemoryWorkbook, [cellAddress], e) => {
        const at = String(cellAddress);
        const sheet = e.findSheet(at.slice(0, at.lastIndexOf("!")).replace(/^'|'$/g, ""));
        const c = sheet ? rangeOn(sheet, at).b : null;
        if (!sheet || !c || !sheet.cells.get(`${c.r1},${c.c1}`)?.comment)
          throw new HostError("ItemNotFound", `The requested resource doesn't exist. (comment ${at})`);
        return obj("Comment", { sheet, row: c.r1, col: c.c1 });
      },
    },
  },
  Comment: {
    get: {
      content: (c: { sheet: MemorySheet; row: number; col: number }) =>
        c.sheet.cells.get(`${c.row},${c.col}`)?.comment?.content ?? "",
    },
  },
  Application: { call: { suspendApiCalculationUntilNextSync: () => undefined } },
  Functions: {
    call: {
      date: (b: MemoryWorkbook, [y, m, d]: number[]) => {
        const days = Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000);
        return obj("FunctionResult", { value: b.date1904 ? days - 1462 : days });
      },
    },
  },
  FunctionResult: { get: { value: (t) => t.value, error: () => null } },
  WorksheetCollection: {
    call: {
      add: (_b, [name], e) => obj("Worksheet", e.addSheet(name ?? `Sheet${e.book.sheets.length + 1}`)),
      getItem: (_b, [name], e) => {
        const s = e.findSheet(String(name));
        if (!s)
          throw new HostError("ItemNotFound", `The requested resource doesn't exist. (worksheet ${name})`);
        return obj("Worksheet", s);
      },
      getItemOrNullObject: (_b, [name], e) => {
        const s = e.findSheet(String(name));
        return s ? obj("Worksheet", s) : null;
      },
    },
  },
  Worksheet: {
    get: {
      name: (s: MemorySheet) => s.name,
      position: (s: MemorySheet, e) => e.book.sheets.indexOf(s),
      visibility: (s: MemorySheet) => s.visibility,
      tabColor: (s: MemorySheet) => s.tabColor,
      id: (s: MemorySheet, e) => e.sheetId(s),
    },
    set: {
      name: (s: MemorySheet, v: string, e) => e.renameSheet(s, v),
      position: (s: MemorySheet, p: number, e) => {
        e.book.sheets.splice(e.book.sheets.indexOf(s), 1);
        e.book.sheets.splice(p, 0, s);
      },
      visibility: (s: MemorySheet, v) => (s.visibility = v),
      tabColor: (s: MemorySheet, v) => (s.tabColor = v),
    },
    nav: {
      tables: ["TableCollection", (s: MemorySheet) => ({ sheet: s })],
      charts: ["ChartCollection", (s) => s],
      freezePanes: ["WorksheetFreezePanes", (s) => s],
    },
    call: {
      getRange: (s: MemorySheet, [address]) => obj("Range", rangeOn(s, String(address))),
      getUsedRange: (s: MemorySheet, [valuesOnly]) =>
        obj("Range", usedRange(s, valuesOnly) ?? { sheet: s, b: { r1: 1, c1: 1, r2: 1, c2: 1 } }),
      getUsedRangeOrNullObject: (s: MemorySheet, [valuesOnly]) => {
        const r = usedRange(s, valuesOnly);
        return r ? obj("Range", r) : null;
      },
      activate: (s: MemorySheet, _a, e) => void (e.book.activeSheet = s.name),
      delete: (s: MemorySheet, _a, e) => e.deleteSheet(s),
    },
  },
  WorksheetFreezePanes: {
    call: {
      freezeRows: (s: MemorySheet, [n]) => void (s.frozenRows = n ?? 1),
      freezeAt: (s: MemorySheet, [at]) =>
        void (s.frozenAt = typeof at === "string" ? at : formatRange((at as Handle).t.b)),
    },
  },
  Range: {
    get: {
      values: (r: RangeTarget) =>
        grid(r, (row, col) => {
          const c = cellAt(r, row, col);
          return c?.formula ? "" : (c?.value ?? "");
        }),
      formulas: (r: RangeTarget) => grid(r, (row, col) => formulaRead(cellAt(r, row, col))),
      numberFormat: (r: RangeTarget) => grid(r, (row, col) => cellAt(r, row, col)?.numberFormat ?? "General"),
      text: (r: RangeTarget, e) =>
        grid(r, (row, col) => {
          const c = cellAt(r, row, col);
          return c?.formula ? "" : displayText(c, e.book.date1904);
        }),
      address: (r: RangeTarget) => `${quoteSheet(r.sheet.name)}!${formatRange(r.b)}`,
      hyperlink: (r: RangeTarget) => {
        // A value object, handed to the add-in as it comes (the library does not convert its keys).
        const h = cellAt(r, r.b.r1, r.b.c1)?.hyperlink;
        return h ? JSON.parse(JSON.stringify(h)) : null;
      },
      rowCount: (r: RangeTarget) => r.b.r2 - r.b.r1 + 1,
      columnCount: (r: RangeTarget) => r.b.c2 - r.b.c1 + 1,
    },
    set: {
      values: (r: RangeTarget, v, e) => e.writeCells(r, v, (c, x) => enterInto(c, x, e.book.date1904)),
      formulas: (r: RangeTarget, v, e) => e.writeCells(r, v, (c, x) => enterInto(c, x, e.book.date1904)),
      numberFormat: (r: RangeTarget, v, e) => e.writeCells(r, v, (c, x) => (c.numberFormat = String(x))),
      hyperlink: (r: RangeTarget, v: Record<string, string | undefined>, e) => {
        // The library sends the link's fields as given (camelCase) or serialised (PascalCase).
        const f = (k: string) => v?.[k] ?? v?.[pascal(k)];
        for (let row = r.b.r1; row <= r.b.r2; row++)
          for (let col = r.b.c1; col <= r.b.c2; col++)
            getCell(r.sheet, row, col).hyperlink = {
              address: f("address"),
              documentReference: f("documentReference"),
              screenTip: f("screenTip"),
              textToDisplay: f("textToDisplay"),
            };
        const t = f("textToDisplay");
        if (t !== undefined) enterInto(getCell(r.sheet, r.b.r1, r.b.c1), `'${t}`, e.book.date1904);
        e.touched(r.sheet, r.b);
      },
    },
    nav: {
      format: ["RangeFormat", (r) => r],
      dataValidation: ["DataValidation", (r) => r],
      conditionalFormats: ["ConditionalFormatCollection", (r) => r],
    },
    call: {
      select: (r: RangeTarget, _a, e) =>
        void (e.book.selection = { sheet: r.sheet.name, address: formatRange(r.b) }),
      merge: (r: RangeTarget) => void r.sheet.merges.push(formatRange(r.b)),
      copyFrom: (r: RangeTarget, [source, copyType], e) => {
        if (copyType !== "Values" || typeof source !== "string")
          throw new HostError("InvalidArgument", "The emulator copies values from an address only.");
        const from = e.findSheet(source.slice(0, source.lastIndexOf("!")).replace(/^'|'$/g, ""));
        if (!from) throw new HostError("ItemNotFound", `The requested resource doesn't exist. (${source})`);
        const s = rangeOn(from, source).b;
        if (s.r2 - s.r1 !== r.b.r2 - r.b.r1 || s.c2 - s.c1 !== r.b.c2 - r.b.c1)
          throw new HostError("InvalidArgument", "The source and destination ranges differ in size.");
        for (let i = 0; i <= s.r2 - s.r1; i++)
          for (let j = 0; j <= s.c2 - s.c1; j++) {
            const src = from.cells.get(`${s.r1 + i},${s.c1 + j}`);
            const cell = getCell(r.sheet, r.b.r1 + i, r.b.c1 + j);
            // A copy of values: a formula's result, text stays text.
            cell.value = src?.formula ? null : (src?.value ?? null);
            cell.quoted = src?.quoted;
            cell.formula = undefined;
          }
        e.touched(r.sheet, r.b);
      },
      getRow: (r: RangeTarget, [i]: number[]) =>
        obj("Range", { sheet: r.sheet, b: { r1: r.b.r1 + i, r2: r.b.r1 + i, c1: r.b.c1, c2: r.b.c2 } }),
      getResizedRange: (r: RangeTarget, [rows, cols]: number[]) => {
        const b = { ...r.b, r2: r.b.r2 + rows, c2: r.b.c2 + cols };
        if (b.r2 < b.r1 || b.c2 < b.c1 || b.r2 > 1_048_576 || b.c2 > 16_384)
          throw new HostError(
            "InvalidArgument",
            "The argument is invalid or missing or has an incorrect format.",
          );
        return obj("Range", { sheet: r.sheet, b });
      },
      getBoundingRect: (r: RangeTarget, [other]) => {
        const o = (other as Handle).t as RangeTarget;
        return obj("Range", {
          sheet: r.sheet,
          b: {
            r1: Math.min(r.b.r1, o.b.r1),
            c1: Math.min(r.b.c1, o.b.c1),
            r2: Math.max(r.b.r2, o.b.r2),
            c2: Math.max(r.b.c2, o.b.c2),
          },
        });
      },
    },
  },
  RangeFormat: {
    set: {
      wrapText: (r, v, e) => styleAll(e, r, (s) => (s.wrap = v)),
      verticalAlignment: (r, v, e) => styleAll(e, r, (s) => (s.vertical = v)),
      horizontalAlignment: (r, v, e) => styleAll(e, r, (s) => (s.horizontal = v)),
      columnWidth: (r: RangeTarget, v: number) => {
        for (let c = r.b.c1; c <= r.b.c2; c++) r.sheet.columnWidths.set(c, v);
      },
      rowHeight: (r: RangeTarget, v: number) => {
        if (v > ROW_HEIGHT_LIMIT || v < 0)
          throw new HostError(
            "InvalidArgument",
            `Row height must be between 0 and ${ROW_HEIGHT_LIMIT} points (got ${v}).`,
          );
        for (let row = r.b.r1; row <= r.b.r2; row++) r.sheet.rowHeights.set(row, v);
      },
    },
    nav: { fill: ["RangeFill", (r) => r], font: ["RangeFont", (r) => r] },
  },
  RangeFill: {
    get: { color: (r: RangeTarget) => cellAt(r, r.b.r1, r.b.c1)?.style.fill ?? "#FFFFFF" },
    set: { color: (r, v, e) => styleAll(e, r, (s) => (s.fill = v)) },
    call: { clear: (r, _a, e) => styleAll(e, r, (s) => delete s.fill) },
  },
  RangeFont: {
    set: {
      bold: (r, v, e) => styleAll(e, r, (s) => (s.bold = v)),
      color: (r, v, e) => styleAll(e, r, (s) => (s.fontColor = v)),
      size: (r, v, e) => styleAll(e, r, (s) => (s.fontSize = v)),
      name: (r, v, e) => styleAll(e, r, (s) => (s.fontName = v)),
    },
  },
  DataValidation: {
    set: {
      rule: (r: RangeTarget, v) => void (validation(r).rule = v),
      prompt: (r: RangeTarget, v) => void (validation(r).prompt = v),
      errorAlert: (r: RangeTarget, v) => void (validation(r).errorAlert = v),
    },
    call: {
      clear: (r: RangeTarget) => clearValidations(r.sheet, r.b.r1, r.b.r2, r.b.c1, r.b.c2),
    },
  },
  ConditionalFormatCollection: {
    call: {
      add: (r: RangeTarget, [type]) => {
        const cf = { address: formatRange(r.b), rule: null as unknown, fill: "", fontColor: "", type };
        r.sheet.conditionalFormats.push(cf);
        return obj("ConditionalFormat", cf);
      },
    },
  },
  ConditionalFormat: {
    nav: {
      cellValue: ["CellValueConditionalFormat", (cf) => cf],
      custom: ["CustomConditionalFormat", (cf) => cf],
    },
  },
  CustomConditionalFormat: {
    nav: { rule: ["ConditionalFormatRule", (cf) => cf], format: ["ConditionalRangeFormat", (cf) => cf] },
  },
  ConditionalFormatRule: {
    set: {
      formula: (cf, v) => {
        if (cf.type !== "Custom")
          throw new HostError("InvalidArgument", "Only a Custom conditional format has a formula rule.");
        cf.rule = { formula: String(v) };
      },
    },
  },
  CellValueConditionalFormat: {
    set: { rule: (cf, v) => void (cf.rule = v) },
    nav: { format: ["ConditionalRangeFormat", (cf) => cf] },
  },
  ConditionalRangeFormat: {
    nav: { fill: ["ConditionalRangeFill", (cf) => cf], font: ["ConditionalRangeFont", (cf) => cf] },
  },
  ConditionalRangeFill: { set: { color: (cf, v) => void (cf.fill = v) } },
  ConditionalRangeFont: {
    set: {
      color: (cf, v) => void (cf.fontColor = v),
      strikethrough: (cf, v) => void (cf.strikethrough = Boolean(v)),
    },
  },
  TableCollection: {
    call: {
      add: (t: { sheet?: MemorySheet; book?: MemoryWorkbook }, [address, hasHeaders], e) => {
        const at = String(address);
        const sheetName = at.includes("!")
          ? at.slice(0, at.lastIndexOf("!")).replace(/^'|'$/g, "")
          : t.sheet?.name;
        const sheet = sheetName ? e.findSheet(sheetName) : undefined;
        if (!sheet) throw new HostError("InvalidArgument", `No sheet for the table at ${at}.`);
        const r = rangeOn(sheet, at);
        const overlaps = sheet.tables.some((x) => {
          const o = parseRange(x.address.slice(x.address.lastIndexOf("!") + 1));
          return !(o.r2 < r.b.r1 || o.r1 > r.b.r2 || o.c2 < r.b.c1 || o.c1 > r.b.c2);
        });
        if (overlaps) throw new HostError("InvalidOperation", "A table can't overlap another table.");
        let n = 1;
        while (e.nameTaken(`Table${n}`)) n++;
        const table = {
          name: `Table${n}`,
          address: `${quoteSheet(sheet.name)}!${formatRange(r.b)}`,
          style: "TableStyleMedium2",
          hasHeaders,
        };
        sheet.tables.push(table);
        return obj("Table", table);
      },
      getItemOrNullObject: (_t, [name], e) => {
        const table = e.book.sheets.flatMap((s) => s.tables).find((x) => sameName(x.name, String(name)));
        return table ? obj("Table", table) : null;
      },
    },
  },
  Table: {
    get: { name: (t) => t.name, style: (t) => t.style },
    nav: {
      rows: ["TableRowCollection", (t) => t],
      columns: ["TableColumnCollection", (t) => t],
    },
    call: {
      getRange: (t, _a, e) => {
        const sheet = e.findSheet(t.address.slice(0, t.address.lastIndexOf("!")).replace(/^'|'$/g, ""));
        if (!sheet)
          throw new HostError("ItemNotFound", "The requested resource doesn't exist. (table sheet)");
        return obj("Range", rangeOn(sheet, t.address));
      },
    },
    set: {
      name: (t, v: string, e) => {
        if (e.nameTaken(v, t))
          throw new HostError(
            "InvalidArgument",
            `The argument is invalid or missing or has an incorrect format. (table name ${v} is taken)`,
          );
        t.name = v;
      },
      style: (t, v) => void (t.style = v),
    },
  },
  TableRowCollection: {
    call: {
      add: (t, [index, values], e) => {
        if (index !== null && index !== undefined && index !== -1)
          throw new HostError("InvalidArgument", "The emulator adds table rows at the end only.");
        const rows = (values as unknown[][] | undefined) ?? [[]];
        if (rows.length > 1 && e.apiMinor < 4)
          throw new HostError("ApiNotFound", "Adding several table rows at once needs ExcelApi 1.4.");
        growTable(e, t, rows, "rows");
        return undefined;
      },
      getItemAt: (t, [index]: number[]) => obj("TableRow", { table: t, index }),
    },
  },
  TableRow: {
    call: {
      delete: ({ table, index }: { table: { address: string }; index: number }, _a, e) => {
        const sheet = e.findSheet(
          table.address.slice(0, table.address.lastIndexOf("!")).replace(/^'|'$/g, ""),
        );
        if (!sheet)
          throw new HostError("ItemNotFound", "The requested resource doesn't exist. (table sheet)");
        const b = rangeOn(sheet, table.address).b;
        const row = b.r1 + 1 + index;
        if (index < 0 || row > b.r2)
          throw new HostError(
            "InvalidArgument",
            `The argument is invalid or missing or has an incorrect format. (row ${index})`,
          );
        deleteCells(sheet, row, row, b.c1, b.c2);
        table.address = `${quoteSheet(sheet.name)}!${formatRange({ ...b, r2: b.r2 - 1 })}`;
        e.touched(sheet, { ...b, r1: row, r2: row });
      },
    },
  },
  TableColumnCollection: {
    call: {
      add: (t, [index, values, name], e) => {
        if (index !== null && index !== undefined && index !== -1)
          throw new HostError("InvalidArgument", "The emulator adds table columns at the end only.");
        if ((index === null || index === undefined || name !== undefined) && e.apiMinor < 4)
          throw new HostError("ApiNotFound", "Adding a named column at the end needs ExcelApi 1.4.");
        if (values !== null && values !== undefined)
          throw new HostError("InvalidArgument", "The emulator adds an empty named column only.");
        growTable(e, t, [[String(name ?? "列1")]], "columns");
        return undefined;
      },
    },
  },
  NamedItemCollection: {
    call: {
      add: (b: MemoryWorkbook, [name, reference], e) => {
        if (e.nameTaken(String(name)))
          throw new HostError(
            "ItemAlreadyExists",
            `A resource with the same name or identifier already exists. (name ${name})`,
          );
        b.names.set(String(name), String(reference).replace(/^=/, ""));
        return obj("NamedItem", { name: String(name) });
      },
      getItemOrNullObject: (b: MemoryWorkbook, [name]) => {
        const n = [...b.names.keys()].find((x) => sameName(x, String(name)));
        return n ? obj("NamedItem", { name: n }) : null;
      },
    },
  },
  NamedItem: {
    get: {
      name: (n) => n.name,
      formula: (n, e) => `=${e.book.names.get(n.name)}`,
      value: (n, e) => e.book.names.get(n.name),
    },
    call: {
      delete: (n, _a, e) => void e.book.names.delete(n.name),
      getRangeOrNullObject: (n, _a, e) => {
        const ref = e.book.names.get(n.name) ?? "";
        if (ref.startsWith("#REF!") || !ref.includes("!")) return null;
        const sheet = e.findSheet(
          ref.slice(0, ref.lastIndexOf("!")).replace(/^'|'$/g, "").replace(/''/g, "'"),
        );
        return sheet ? obj("Range", rangeOn(sheet, ref)) : null;
      },
    },
  },
  ChartCollection: {
    call: {
      add: (s: MemorySheet, [type, source]) => {
        const src = (source as Handle).t as RangeTarget;
        const chart = {
          type: String(type),
          title: "",
          series: [{ name: "", values: formatRange(src.b), categories: "" }],
          from: "",
          to: "",
        };
        s.charts.push(chart);
        return obj("Chart", chart);
      },
    },
  },
  Chart: {
    set: { name: () => undefined },
    nav: { title: ["ChartTitle", (c) => c], series: ["ChartSeriesCollection", (c) => c] },
    call: { setPosition: (c, [from, to]) => void ((c.from = from), (c.to = to ?? from)) },
  },
  ChartTitle: { set: { text: (c, v) => void (c.title = v) } },
  ChartSeriesCollection: {
    call: {
      add: (c, [name]) =>
        obj("ChartSeries", {
          chart: c,
          index: c.series.push({ name: name ?? "", values: "", categories: "" }) - 1,
        }),
      getItemAt: (c, [i]) => {
        if (!c.series[i])
          throw new HostError("ItemNotFound", "The requested resource doesn't exist. (series)");
        return obj("ChartSeries", { chart: c, index: i });
      },
    },
  },
  ChartSeries: {
    set: { name: (s, v) => void (s.chart.series[s.index].name = v) },
    nav: { format: ["ChartSeriesFormat", (s) => s] },
    call: {
      setValues: (s, [r]) => void (s.chart.series[s.index].values = formatRange((r as Handle).t.b)),
      setXAxisValues: (s, [r]) => void (s.chart.series[s.index].categories = formatRange((r as Handle).t.b)),
    },
  },
  ChartSeriesFormat: { nav: { fill: ["ChartFill", (s) => s] } },
  ChartFill: { call: { setSolidColor: () => undefined } },
};

/**
 * Rows (or a named column) added at the end of a table. Excel shifts what stands below (or right of) the
 * table; the add-in refuses before it comes to that, so here anything in the way is an error.
 */
function growTable(
  e: ExcelEmulator,
  t: { address: string },
  values: unknown[][],
  what: "rows" | "columns",
): void {
  const sheet = e.findSheet(t.address.slice(0, t.address.lastIndexOf("!")).replace(/^'|'$/g, ""));
  if (!sheet) throw new HostError("ItemNotFound", "The requested resource doesn't exist. (table sheet)");
  const b = rangeOn(sheet, t.address).b;
  const add =
    what === "rows"
      ? { r1: b.r2 + 1, c1: b.c1, r2: b.r2 + values.length, c2: b.c2 }
      : { r1: b.r1, c1: b.c2 + 1, r2: b.r2, c2: b.c2 + 1 };
  for (let r = add.r1; r <= add.r2; r++)
    for (let c = add.c1; c <= add.c2; c++) {
      const cell = sheet.cells.get(`${r},${c}`);
      if (cell && (cell.formula || (cell.value !== null && cell.value !== "")))
        throw new HostError(
          "InvalidOperation",
          `The emulator does not shift cells (${sheet.name} R${r}C${c} is in the way).`,
        );
    }
  if (what === "rows") {
    if (values.some((row) => row.length !== b.c2 - b.c1 + 1))
      throw new HostError(
        "InvalidArgument",
        "The number of rows or columns in the input array doesn't match the size or dimensions of the range.",
      );
    // Rows added to a table are inserted: what stands below in its columns moves down (ListRows.Add's default).
    insertCells(sheet, add.r1, values.length, b.c1, b.c2);
    e.writeCells({ sheet, b: add }, values, (c, x) => enterInto(c, x, e.book.date1904));
  } else
    e.writeCells({ sheet, b: { ...add, r2: add.r1 } }, [[values[0][0]]], (c, x) =>
      enterInto(c, x, e.book.date1904),
    );
  t.address = `${quoteSheet(sheet.name)}!${formatRange({ ...b, r2: add.r2, c2: add.c2 })}`;
}

function validation(r: RangeTarget) {
  const a1 = formatRange(r.b);
  let v = r.sheet.validations.find((x) => x.address === a1);
  if (!v) r.sheet.validations.push((v = { address: a1, rule: null }));
  return v;
}
