/**
 * The in-memory workbook of the browser preview, one sheet at a time, as a grid that works without a mouse
 * (the WAI-ARIA grid pattern, as Fluent's DataGrid does it): one cell is in the Tab order, arrow keys, Home/End
 * and Ctrl+Home/End move between cells, Enter or F2 (or typing) edits the cell in place, Enter keeps the entry
 * and moves down as in Excel, Escape gives the cell back unchanged. Double-clicking a cell edits it too.
 */
import { Tab, TabList } from "@fluentui/react-components";
import * as React from "react";
import { colLetters } from "../../workbook/a1";
import { displayText } from "../../render/office/memory/display";
import { usedBounds, type MemoryWorkbook } from "../../render/office/memory/state";
import type { Strings } from "../i18n";

const MAX_ROWS = 200;

interface Props {
  book: MemoryWorkbook;
  version: number;
  t: Strings;
  /** A cell was given a new entry, as typing into Excel would. */
  onEdit: (sheet: string, address: string, value: string) => void;
}

interface Position {
  row: number;
  col: number;
}

/** The open editor: its cell, what is typed, and the text the cell showed when it opened. */
interface Editing {
  at: Position;
  value: string;
  shown: string;
}

export function PreviewGrid({ book, version, t, onEdit }: Props) {
  const visible = book.sheets.filter((s) => s.visibility === "Visible");
  const [name, setName] = React.useState<string | null>(null);
  const [active, setActive] = React.useState<Position>({ row: 1, col: 1 });
  const [editing, setEditing] = React.useState<Editing | null>(null);
  const editRef = React.useRef<Editing | null>(null);
  const edit = (e: Editing | null) => {
    editRef.current = e;
    setEditing(e);
  };
  const table = React.useRef<HTMLTableElement>(null);
  // Set when the active cell moved by key or edit: focus follows it once it is rendered.
  const focusNext = React.useRef(false);
  const sheet = visible.find((s) => s.name === (name ?? book.activeSheet)) ?? visible[0];
  const b = sheet ? usedBounds(sheet) : null;
  const rows = b ? Math.min(b.r2, MAX_ROWS) : 0;
  const cols = b ? b.c2 : 0;

  React.useEffect(() => {
    if (!focusNext.current || editing) return;
    focusNext.current = false;
    table.current
      ?.querySelector<HTMLElement>(`td[data-address="${colLetters(active.col)}${active.row}"]`)
      ?.focus();
  });

  if (!sheet) return <p data-testid="preview-empty">（空白工作簿）</p>;
  const selected = book.selection?.sheet === sheet.name ? book.selection.address : "";
  const at = (p: Position) => ({
    row: Math.min(Math.max(p.row, 1), rows),
    col: Math.min(Math.max(p.col, 1), cols),
  });
  const cellText = (p: Position) => {
    const cell = sheet.cells.get(`${p.row},${p.col}`);
    return cell?.formula ?? displayText(cell);
  };
  const move = (p: Position) => {
    focusNext.current = true;
    setActive(at(p));
  };
  const startEdit = (p: Position, value = cellText(p)) => {
    setActive(p);
    edit({ at: p, value, shown: cellText(p) });
  };
  const finishEdit = (keep: boolean, next?: Position) => {
    // Once only: the editor's blur as it goes must not enter what Escape gave back.
    const open = editRef.current;
    if (!open) return;
    editRef.current = null;
    // An editor closed without a change writes nothing: writing the shown text back would let Excel convert
    // text typed with an apostrophe ('=abc, '00123) into a formula or a number.
    if (keep && open.value !== open.shown)
      onEdit(sheet.name, `${colLetters(open.at.col)}${open.at.row}`, open.value);
    setEditing(null);
    move(next ?? open.at);
  };

  const onGridKey = (e: React.KeyboardEvent) => {
    if (editing || !rows || !cols) return;
    const { row, col } = at(active);
    const ctrl = e.ctrlKey || e.metaKey;
    const page = Math.max(1, Math.floor((table.current?.parentElement?.clientHeight ?? 300) / 22) - 1);
    const targets: Record<string, Position> = {
      ArrowUp: { row: row - 1, col },
      ArrowDown: { row: row + 1, col },
      ArrowLeft: { row, col: col - 1 },
      ArrowRight: { row, col: col + 1 },
      PageUp: { row: row - page, col },
      PageDown: { row: row + page, col },
      Home: ctrl ? { row: 1, col: 1 } : { row, col: 1 },
      End: ctrl ? { row: rows, col: cols } : { row, col: cols },
    };
    if (targets[e.key]) {
      e.preventDefault();
      move(targets[e.key]);
    } else if (e.key === "Enter" || e.key === "F2") {
      e.preventDefault();
      startEdit({ row, col });
    } else if (e.key.length === 1 && !ctrl && !e.altKey) {
      // Typing into a cell replaces its entry, as in Excel (letters, digits, marks; an input method's
      // composition sends no such key, hence Enter/F2 in the hint).
      e.preventDefault();
      startEdit({ row, col }, e.key);
    }
  };

  const hintId = "preview-grid-keys";
  return (
    <div data-version={version}>
      <TabList
        size="small"
        className="tabs"
        aria-label={t.sheet}
        selectedValue={sheet.name}
        onTabSelect={(_, d) => {
          setName(String(d.value));
          edit(null);
          setActive({ row: 1, col: 1 });
        }}
      >
        {visible.map((s) => (
          <Tab key={s.name} value={s.name}>
            {s.name}
          </Tab>
        ))}
      </TabList>
      <p id={hintId} className="hint">
        {t.gridKeys}
      </p>
      <div className="grid-wrap">
        <table
          ref={table}
          className="grid"
          role="grid"
          aria-label={t.gridLabel(sheet.name)}
          aria-describedby={hintId}
          aria-rowcount={rows + 1}
          aria-colcount={cols + 1}
          data-testid="preview-grid"
          data-sheet={sheet.name}
          onKeyDown={onGridKey}
        >
          <thead>
            <tr>
              <td aria-hidden="true" />
              {Array.from({ length: cols }, (_, c) => (
                <th key={c} role="columnheader" scope="col">
                  {colLetters(c + 1)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {Array.from({ length: rows }, (_, r) => (
              <tr key={r}>
                <th role="rowheader" scope="row">
                  {r + 1}
                </th>
                {Array.from({ length: cols }, (_, c) => {
                  const p = { row: r + 1, col: c + 1 };
                  const cell = sheet.cells.get(`${p.row},${p.col}`);
                  const address = `${colLetters(p.col)}${p.row}`;
                  const isActive = active.row === p.row && active.col === p.col;
                  const isEditing = editing?.at.row === p.row && editing.at.col === p.col;
                  return (
                    <td
                      key={c}
                      role="gridcell"
                      data-address={address}
                      tabIndex={isActive && !isEditing ? 0 : -1}
                      aria-selected={isActive}
                      onClick={() => setActive(p)}
                      onDoubleClick={() => startEdit(p)}
                      title={cell?.formula ?? ""}
                      className={
                        [address === selected ? "selected" : "", isEditing ? "editing" : ""]
                          .join(" ")
                          .trim() || undefined
                      }
                      style={{ background: cell?.style.fill, fontWeight: cell?.style.bold ? 600 : undefined }}
                    >
                      {isEditing ? (
                        <input
                          autoFocus
                          // The caret at the end, as F2 puts it in Excel (and after a first typed character).
                          onFocus={(e) =>
                            e.currentTarget.setSelectionRange(
                              e.currentTarget.value.length,
                              e.currentTarget.value.length,
                            )
                          }
                          aria-label={t.editCell(sheet.name, address)}
                          value={editing.value}
                          onChange={(e) =>
                            edit({
                              at: p,
                              value: e.target.value,
                              shown: editRef.current?.shown ?? cellText(p),
                            })
                          }
                          onKeyDown={(e) => {
                            if (e.key === "Enter") {
                              e.preventDefault();
                              finishEdit(true, at({ row: p.row + 1, col: p.col }));
                            } else if (e.key === "Escape") {
                              e.preventDefault();
                              finishEdit(false);
                            } else if (e.key === "Tab") {
                              e.preventDefault();
                              finishEdit(true, at({ row: p.row, col: p.col + (e.shiftKey ? -1 : 1) }));
                            }
                            e.stopPropagation();
                          }}
                          onBlur={() => finishEdit(true)}
                        />
                      ) : cell?.formula ? (
                        <span className="formula" aria-label={cell.formula}>
                          ƒ
                        </span>
                      ) : (
                        displayText(cell)
                      )}
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
