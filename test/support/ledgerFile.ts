/** Build the seed's ledger in memory and edit it the way staff do, for validation and summary tests. */
import { Workbook } from "../../src/render/xlsx/excelts";
import { parsePlan } from "../../src/plan";
import { LEDGER_HEADERS, MILESTONE_HEADERS } from "../../src/ledger/vocabulary";
import { writeXlsx } from "../../src/render/xlsx/writeXlsx";
import { ledgerWorkbook } from "../../src/workbook/ledgerWorkbook";
import { seedText } from "./files";

export const seedPlan = parsePlan(seedText());

export async function seedWorkbook(asOf = "2022-09-30", text = seedText()): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load((await writeXlsx(ledgerWorkbook(parsePlan(text), { asOf }))) as never);
  return wb;
}

const col = (headers: readonly string[], h: string) => String.fromCharCode(65 + headers.indexOf(h));

/** Address of a ledger cell: task number (row) and header (column). */
export const ledgerCell = (task: number, header: (typeof LEDGER_HEADERS)[number]) =>
  `${col(LEDGER_HEADERS, header)}${task + 1}`;
export const milestoneCell = (row: number, header: (typeof MILESTONE_HEADERS)[number]) =>
  `${col(MILESTONE_HEADERS, header)}${row + 1}`;

export function setLedger(
  wb: Workbook,
  task: number,
  header: (typeof LEDGER_HEADERS)[number],
  value: unknown,
  numFmt?: string,
): void {
  const cell = wb.getWorksheet("任务台账")!.getCell(ledgerCell(task, header));
  cell.value = value as never;
  if (numFmt) cell.numFmt = numFmt;
}

export const utcDate = (iso: string) => new Date(`${iso}T00:00:00Z`);
