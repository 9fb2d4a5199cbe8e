/**
 * The two doubles the add-in's Office.js code is tested through: the strict fake (src/render/office/memory)
 * and Microsoft's own client library with the host emulator behind it. Each counts syncs and request bytes
 * and can make a chosen sync fail in one of the ways a request fails (refused, half applied, answer lost).
 */
import {
  fakeRun,
  supportsOf,
  type SyncFault,
  type SyncStats,
} from "../../../src/render/office/memory/fakeExcel";
import type { MemoryWorkbook } from "../../../src/render/office/memory/state";
import type { RunBatch } from "../../../src/render/office/api";
import { ExcelEmulator, LATEST } from "./emulator";

export interface Shell {
  run: RunBatch;
  supports: (v: string) => boolean;
  syncs: () => number;
  requests: () => number[];
  fail: (f: SyncFault | null) => void;
}

export const SHELLS: [string, (book: MemoryWorkbook) => Shell][] = [
  [
    "strict fake",
    (book) => {
      const stats: SyncStats = { syncs: 0, requestBytes: [] };
      return {
        run: fakeRun(book, stats),
        supports: supportsOf(book),
        syncs: () => stats.syncs,
        requests: () => stats.requestBytes,
        fail: (f) => (stats.fault = f ?? undefined),
      };
    },
  ],
  [
    "Microsoft's client library",
    (book) => {
      const excel = new ExcelEmulator(book, LATEST);
      return {
        run: excel.run,
        supports: excel.supports,
        syncs: () => excel.stats.syncs,
        requests: () => excel.stats.requestBytes,
        fail: (f) => (excel.fault = f),
      };
    },
  ],
];

export const FAULT_MODES: SyncFault["mode"][] = ["rejected", "partial", "lost"];

/** Everything in the workbook staff could see or rely on, in one comparable form (empty cells left out). */
export function stateOf(book: MemoryWorkbook) {
  return {
    names: [...book.names].sort(),
    sheets: book.sheets.map((s) => ({
      name: s.name,
      visibility: s.visibility,
      tables: s.tables.map((t) => [t.name, t.address]),
      validations: s.validations.map((v) => [v.address, JSON.stringify(v.rule)]),
      conditionalFormats: s.conditionalFormats.map((c) => [
        c.address,
        JSON.stringify(c.rule),
        c.strikethrough,
      ]),
      cells: [...s.cells]
        .filter(
          ([, c]) =>
            (c.value !== null && c.value !== "") ||
            c.formula ||
            c.numberFormat !== "General" ||
            Object.keys(c.style).length ||
            c.hyperlink ||
            c.comment ||
            c.note,
        )
        .map(([k, c]) => [
          k,
          JSON.stringify([
            c.formula ? null : c.value,
            c.formula ?? null,
            c.quoted ?? false,
            c.numberFormat,
            c.style,
            c.hyperlink ?? null,
            c.comment ?? null,
            c.note ?? null,
          ]),
        ])
        .sort(),
    })),
  };
}
