/** The in-memory workbook of the browser preview, one sheet at a time, as a plain grid. */
import { Tab, TabList } from "@fluentui/react-components";
import * as React from "react";
import { colLetters } from "../../workbook/a1";
import { displayText } from "../../render/office/memory/display";
import { usedBounds, type MemoryWorkbook } from "../../render/office/memory/state";

const MAX_ROWS = 200;

interface Props {
  book: MemoryWorkbook;
  version: number;
  /** Double-clicking a cell asks for a new value, as typing into Excel would. */
  onEdit: (sheet: string, address: string, value: string) => void;
}

export function PreviewGrid({ book, version, onEdit }: Props) {
  const visible = book.sheets.filter((s) => s.visibility === "Visible");
  const [name, setName] = React.useState<string | null>(null);
  const sheet = visible.find((s) => s.name === (name ?? book.activeSheet)) ?? visible[0];
  if (!sheet) return <p data-testid="preview-empty">（空白工作簿）</p>;
  const b = usedBounds(sheet);
  const rows = b ? Math.min(b.r2, MAX_ROWS) : 0;
  const cols = b ? b.c2 : 0;
  const selected = book.selection?.sheet === sheet.name ? book.selection.address : "";
  return (
    <div data-version={version}>
      <TabList size="small" selectedValue={sheet.name} onTabSelect={(_, d) => setName(String(d.value))}>
        {visible.map((s) => (
          <Tab key={s.name} value={s.name}>
            {s.name}
          </Tab>
        ))}
      </TabList>
      <div className="grid-wrap">
        <table className="grid" data-testid="preview-grid" data-sheet={sheet.name}>
          <thead>
            <tr>
              <th />
              {Array.from({ length: cols }, (_, c) => (
                <th key={c}>{colLetters(c + 1)}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              <tr key={r}>
                <th>{r + 1}</th>
                {Array.from({ length: cols }, (_, c) => {
                  const cell = sheet.cells.get(`${r + 1},${c + 1}`);
                  const address = `${colLetters(c + 1)}${r + 1}`;
                  return (
                    <td
                      key={c}
                      data-address={address}
                      onDoubleClick={() => {
                        const v = window.prompt(
                          `${sheet.name}!${address}`,
                          cell?.formula ?? displayText(cell),
                        );
                        if (v !== null) onEdit(sheet.name, address, v);
                      }}
                      title={cell?.formula ?? ""}
                      className={address === selected ? "selected" : undefined}
                      style={{ background: cell?.style.fill, fontWeight: cell?.style.bold ? 600 : undefined }}
                    >
                      {cell?.formula ? <span className="formula">ƒ</span> : displayText(cell)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
