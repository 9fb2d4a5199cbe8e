/**
 * Microsoft's own Excel client library (`@microsoft/office-js`, dist/excel-web-16.00.debug.js) loaded in a
 * Node `vm`, so the add-in's code builds its requests with the real `Excel.run`, proxies and serialiser.
 * Only the transport is ours: a session whose request executor is the host emulator.
 */
import { readFileSync } from "fs";
import path from "path";
import vm from "vm";

export interface RequestMessage {
  Url: string;
  Headers: Record<string, string>;
  Body: RequestBody;
}
export interface RequestBody {
  Actions: {
    Id: number;
    ActionType: number;
    Name: string;
    ObjectPathId: number;
    ArgumentInfo?: { Arguments?: unknown[]; ReferencedObjectPathIds?: (number | number[])[] };
    QueryInfo?: { Select?: string[]; Expand?: string[] };
  }[];
  ObjectPaths: Record<
    string,
    {
      Id: number;
      ObjectPathType: number;
      Name: string;
      ParentObjectPathId?: number;
      ArgumentInfo?: { Arguments?: unknown[]; ReferencedObjectPathIds?: (number | number[])[] };
    }
  >;
}
export interface ResponseMessage {
  HttpStatusCode: number;
  ErrorCode: string;
  ErrorMessage: string;
  Headers: Record<string, string>;
  Body: unknown;
}
export interface Executor {
  executeAsync(customData: unknown, flags: number, message: RequestMessage): Promise<ResponseMessage>;
}

/** The library's globals we use. */
export interface RealLibrary {
  Excel: typeof Excel & {
    run<T>(session: unknown, batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  };
  OfficeExtension: typeof OfficeExtension & Record<string, unknown>;
  /** A session (the library's own `SessionBase`) whose requests go to `executor`. */
  session(executor: Executor): unknown;
  /** Delivers a host event (e.g. a worksheet change) to the handlers the library registered. */
  fireEvent(eventType: number, targetId: string, args: object): void;
  /** `Type.member` → the ExcelApi minor version the library itself states for it (members absent are 1.1). */
  levels: Map<string, number>;
}

const FILE = path.join(
  path.dirname(require.resolve("@microsoft/office-js/package.json")),
  "dist",
  "excel-web-16.00.debug.js",
);

let loaded: RealLibrary | null = null;
/** The ExcelApi minor version the library is told this host has; the emulator sets it before each run. */
export const hostLevel = { minor: 20 };

export function realLibrary(): RealLibrary {
  if (loaded) return loaded;
  const source = readFileSync(FILE, "utf8");
  const g: Record<string, unknown> = {
    console: { log() {}, warn() {}, error() {}, info() {} },
    setTimeout,
    clearTimeout,
    Promise,
    JSON,
    navigator: { userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Edg/120.0" },
    location: { href: "https://localhost/taskpane.html", search: "", hash: "", protocol: "https:" },
  };
  // What the library asks Office: which ExcelApi level this host has (it splits large writes from 1.3 on).
  g.Office = {
    context: {
      requirements: {
        isSetSupported: (set: string, version: string | number) =>
          set !== "ExcelApi" || Number(String(version).split(".")[1] ?? 0) <= hostLevel.minor,
      },
    },
  };
  g.window = g;
  g.self = g;
  vm.createContext(g);
  vm.runInContext(source, g, { filename: FILE });
  const OE = g.OfficeExtension as Record<string, any>;
  // Event delivery without Office's host bridge: the library's own test hooks.
  OE._testSetRichApiMessageReadyImpl(() => Promise.resolve());
  const Session = vm.runInContext(
    `(function (Base) {
      function S(executor) { Base.call(this); this.executor = executor; }
      S.prototype = Object.create(Base.prototype);
      S.prototype.constructor = S;
      S.prototype._createRequestExecutorOrNull = function () { return this.executor; };
      return S;
    })`,
    g,
  )(OE.SessionBase);
  const levels = new Map<string, number>();
  for (const m of source.matchAll(
    /_throwIfApiNotSupported\("([A-Za-z]+\.[A-Za-z]+)", _defaultApiSetName, "1\.(\d+)"/g,
  )) {
    const [, member, minor] = m;
    levels.set(member, Math.min(levels.get(member) ?? Infinity, Number(minor)));
  }
  loaded = {
    Excel: g.Excel as RealLibrary["Excel"],
    OfficeExtension: OE as RealLibrary["OfficeExtension"],
    session: (executor) => new Session(executor),
    fireEvent: (eventType, targetId, args) =>
      OE._testTriggerRichApiMessageEvent({
        entries: [
          { messageCategory: 65536, messageType: eventType, targetId, message: JSON.stringify(args) },
        ],
      }),
    levels,
  };
  return loaded;
}
