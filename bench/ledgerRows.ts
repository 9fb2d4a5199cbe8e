/** Synthetic ledger snapshots (as a reader would return them) for the engine benchmarks. */
import type { LedgerSnapshot, ReadCell, ReadRow } from "../src/ledger/snapshot";
import { isoToSerial } from "../src/ledger/dates";
import { UNITS } from "./synthetic";

// About one row in ten carries a problem, as in a real month's returns.
const STATUSES = [
  ...Array(9).fill("未启动"),
  ...Array(9).fill("推进中"),
  ...Array(9).fill("已完成"),
  "序时推进",
  "已办结",
  "推进中 ",
];
const cell = (address: string, value: ReadCell["value"], numFmt = "General"): ReadCell => ({
  address,
  value,
  text: String(value ?? ""),
  numFmt,
});

export function syntheticSnapshot(n: number): LedgerSnapshot {
  const rows: ReadRow[] = [];
  for (let i = 1; i <= n; i++) {
    const r = i + 1;
    const month = 7 + (i % 6);
    const status = STATUSES[i % STATUSES.length];
    const done =
      status === "已完成" || status === "已办结"
        ? i % 53 === 0
          ? `2022/${Math.min(month, 9)}/15`
          : isoToSerial(`2022-0${Math.min(month, 9)}-10`)
        : null;
    rows.push({
      row: r,
      cells: {
        序号: cell(`A${r}`, i),
        牵头单位: cell(`E${r}`, i % 37 === 0 ? "行政审批部" : UNITS[i % UNITS.length]),
        责任单位: cell(
          `F${r}`,
          i % 41 === 0 ? `${UNITS[(i + 1) % 8]}，${UNITS[(i + 2) % 8]}` : `${UNITS[(i + 3) % 8]}、区直各部门`,
        ),
        完成时限: cell(`G${r}`, isoToSerial(`2022-${String(month).padStart(2, "0")}-28`), "yyyy-mm-dd"),
        状态: cell(`J${r}`, status),
        完成日期: cell(`L${r}`, done, typeof done === "number" ? "yyyy-mm-dd" : "General"),
      },
    });
  }
  const unitRows: ReadRow[] = UNITS.map((u, k) => ({
    row: k + 2,
    cells: { 单位名称: cell(`A${k + 2}`, u), 类型: cell(`B${k + 2}`, "单位"), 别名: cell(`C${k + 2}`, null) },
  }));
  return {
    ledger: { name: "任务台账", headerRow: 1, headers: [], rows },
    milestones: null,
    units: { name: "单位", headerRow: 1, headers: [], rows: unitRows },
    asOf: cell("B4", { date: "2022-09-30" }),
    date1904: false,
    plan: null,
  };
}
