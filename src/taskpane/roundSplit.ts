/**
 * 分发 in the pane: the per-unit copies made from the open ledger by the command line's own split code
 * (same layout, same hidden 报送信息 with the marker and the baseline), so `plan-ledger collect` and the
 * pane's 导入反馈表 take them back alike. Loaded only when 分发 is used: it carries the xlsx writer.
 */
import { zipSync, type Zippable } from "fflate";
import type { LedgerSnapshot } from "../ledger/snapshot";
import { masterIdOfLedger, unitFileNames } from "../ledger/round";
import { splitCopies } from "../render/xlsx/splitCopies";

export interface PaneCopy {
  unit: string;
  /** File name (the unit's name, characters file systems refuse made `_`). */
  file: string;
  tasks: number;
  milestones: number;
  bytes: Uint8Array;
}

export interface PaneSplit {
  copies: PaneCopy[];
  /** Tasks sent (a task with two leads goes to both, and counts once here). */
  tasks: number;
  /** Tasks no unit leads (序号), sent to nobody. */
  noLead: string[];
  /** The .zip of every copy, and its name. */
  zip: { file: string; bytes: Uint8Array };
}

export async function splitInPane(master: LedgerSnapshot, round: string, issued: string): Promise<PaneSplit> {
  const copies = await splitCopies(master, round, issued);
  const names = unitFileNames(copies.map((c) => c.unit));
  const out = copies.map((c) => ({ ...c, file: names.get(c.unit)! }));
  // The copies are compressed already: stored in the zip as they are.
  const entries: Zippable = {};
  for (const c of out) entries[c.file] = [c.bytes, { level: 0 }];
  const title = masterIdOfLedger(master)
    .title.replace(/[\\/:*?"<>|]/g, "_")
    .slice(0, 40);
  const led = (r: LedgerSnapshot["ledger"]["rows"][number]) =>
    Boolean(String(r.cells["牵头单位"]?.value ?? "").trim());
  return {
    copies: out,
    tasks: master.ledger.rows.filter(led).length,
    noLead: master.ledger.rows.filter((r) => !led(r)).map((r) => r.cells["序号"]?.text || String(r.row)),
    zip: { file: `${title}-分发-${round}.zip`, bytes: zipSync(entries) },
  };
}
