/** Fills a seed ledger the way a month of staff returns does: varied, partly messy, reproducible by seed. */
import type { Workbook } from "../../src/render/xlsx/excelts";
import { seedPlan, setLedger, utcDate } from "./ledgerFile";

/** A small deterministic generator (mulberry32), so a failing case can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STATUSES = ["未启动", "推进中", "推进中", "已完成", "已完成", "已完成", "已办结", "推进中 "];
const pad = (n: number) => String(n).padStart(2, "0");

export function fillLedger(wb: Workbook, seed: number): void {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const day = () => `2022-${pad(7 + Math.floor(rnd() * 6))}-${pad(1 + Math.floor(rnd() * 28))}`;
  for (const t of seedPlan.tasks) {
    const status = pick(STATUSES);
    setLedger(wb, t.id, "状态", status);
    if (status.startsWith("已")) {
      const r = rnd();
      if (r < 0.8) setLedger(wb, t.id, "完成日期", utcDate(day()), "yyyy-mm-dd");
      else if (r < 0.9) setLedger(wb, t.id, "完成日期", `2022/${7 + Math.floor(rnd() * 5)}/15`);
    }
    const r = rnd();
    if (r < 0.05) setLedger(wb, t.id, "牵头单位", `${t.leadUnits[0] ?? "税务局"}、税务局`);
    else if (r < 0.08) setLedger(wb, t.id, "完成时限", utcDate(day()), "yyyy-mm-dd");
    else if (r < 0.1) setLedger(wb, t.id, "完成时限", "年底");
  }
  const ms = wb.getWorksheet("时间节点")!;
  for (let row = 2; row <= ms.rowCount; row++) {
    if (!ms.getCell(row, 1).value) continue;
    const status = pick(STATUSES);
    ms.getCell(row, 6).value = status;
    if (status.startsWith("已") && rnd() < 0.9) {
      ms.getCell(row, 7).value = utcDate(day());
      ms.getCell(row, 7).numFmt = "yyyy-mm-dd";
    }
  }
}
