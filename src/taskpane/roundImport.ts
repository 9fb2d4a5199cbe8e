/**
 * 导入反馈表 in the pane: returned copies read in the browser by the command line's own reader (the package
 * reader needs no file system). A file that is not a usable copy is kept with the reason, so the report lists
 * it as `collect` does. Loaded only when returns are picked.
 */
import { UnusableWorkbookError } from "../ledger/grid";
import type { ReturnedFile } from "../ledger/round";
import { readReturnedCopy } from "../render/xlsx/collectReturns";

export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

export function readReturns(files: PickedFile[]): ReturnedFile[] {
  return files.map(({ name, bytes }) => {
    try {
      return { file: name, copy: readReturnedCopy(bytes) };
    } catch (err) {
      if (err instanceof UnusableWorkbookError) return { file: name, unusable: err.message };
      // Anything else is a file the reader did not expect: say so for that file, and go on with the others.
      return {
        file: name,
        unusable: `无法读取这个文件（${err instanceof Error ? err.message : String(err)}）。请在 Excel/WPS 中打开并另存为 .xlsx 后再选。`,
      };
    }
  });
}
