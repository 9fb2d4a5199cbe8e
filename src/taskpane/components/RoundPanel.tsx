/**
 * 每月报送: 分发 (each lead unit's copy made from the open ledger, downloaded or opened in Excel) and
 * 导入反馈表 (returned copies checked first, conflicts decided one by one, then the entries written in place).
 * The xlsx writer and reader load only when used. A check shown belongs to the files picked and the workbook
 * as it was: picking other files or any write by the add-in clears it.
 */
import { Button, Field, Input, Spinner } from "@fluentui/react-components";
import * as React from "react";
import type { CollectPlan, ConflictDecision, ReturnedFile } from "../../ledger/round/collectPlan";
import type { WorkbookActions } from "../actions";
import { stampNow } from "../actions";
import type { Strings } from "../i18n";
import type { PaneSplit } from "../roundSplit";
import type { PickedFile } from "../roundImport";
import { errorNotice, Notice, type NoticeState } from "./Notice";
import { conflictKey, RoundConflicts } from "./RoundConflicts";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
/** A lazy chunk that did not load (an engine that cannot parse it, or no network): the files are not at fault. */
const chunkFailed = (err: unknown) => (err as Error)?.name === "ChunkLoadError";
const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

interface Props {
  actions: WorkbookActions;
  t: Strings;
  wrote: number;
  onWrote: () => void;
}

/** Hands a file to the browser's download (Excel on the web, a browser; desktop webviews may not allow it). */
function download(name: string, bytes: Uint8Array, type: string) {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function base64Of(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export function RoundPanel(props: Props) {
  return (
    <div className="panel">
      <SplitSection {...props} />
      <ImportSection {...props} />
    </div>
  );
}

function SplitSection({ actions, t, wrote }: Props) {
  const [round, setRound] = React.useState("");
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const [result, setResult] = React.useState<PaneSplit | null>(null);

  // The round defaults to the workbook's as-of date, read again after every write by the add-in.
  React.useEffect(() => {
    setResult(null);
    actions.asOf().then(
      (iso) => setRound((r) => r || (iso ?? "")),
      (err) => setNotice(errorNotice(t.failed, err)),
    );
  }, [actions, t, wrote]);

  const split = async () => {
    setNotice(null);
    setResult(null);
    // The xlsx writer's zip code calls BigInt when it loads, and BigInt cannot be added to an engine that lacks
    // it (Office 2019's EdgeHTML): say so at once rather than load 340 KB that cannot run (decisions §19).
    if (typeof BigInt !== "function") {
      setNotice({ intent: "error", title: t.failed, lines: [t.splitNeedsNewer] });
      return;
    }
    setBusy(true);
    try {
      const [{ snapshot }, { splitInPane }] = await Promise.all([
        actions.roundLedger(),
        import(/* webpackChunkName: "round-split" */ "../roundSplit"),
      ]);
      const r = await splitInPane(snapshot, round, stampNow());
      if (!r.copies.length) {
        setNotice({ intent: "warning", lines: [t.splitNone] });
        return;
      }
      setResult(r);
      setNotice({
        intent: r.noLead.length ? "warning" : "success",
        lines: [
          t.splitDone(r.copies.length, r.tasks),
          ...(r.noLead.length ? [t.splitNoLead(r.noLead.join("、"))] : []),
        ],
      });
    } catch (err) {
      setNotice(chunkFailed(err) ? { intent: "error", title: t.failed, lines: [t.splitNeedsNewer] } : errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  const open = async (unit: string, bytes: Uint8Array) => {
    try {
      await actions.openWorkbook!(base64Of(bytes));
      setNotice({ intent: "success", lines: [t.openedInExcel(unit)] });
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    }
  };

  return (
    <section aria-labelledby="round-split" className="round">
      <h2 id="round-split">{t.splitTitle}</h2>
      <p className="hint">{t.splitIntro}</p>
      <Field label={t.roundDate} hint={t.roundDateHint}>
        <Input
          type="date"
          placeholder="YYYY-MM-DD"
          value={round}
          onChange={(_, d) => {
            setRound(d.value);
            setResult(null);
          }}
        />
      </Field>
      <Button appearance="primary" disabled={busy || !ISO_DATE.test(round)} onClick={split}>
        {t.split}
      </Button>
      {busy && <Spinner size="tiny" label={t.splitting} />}
      <Notice notice={notice} />
      {result && (
        <div data-testid="split-result">
          <Button onClick={() => download(result.zip.file, result.zip.bytes, "application/zip")}>
            {t.downloadAll}
          </Button>
          <ul className="units">
            {result.copies.map((c) => (
              <li key={c.unit}>
                <div>
                  <strong>{c.unit}</strong> <span className="hint">{t.unitLine(c.tasks, c.milestones)}</span>
                </div>
                <div className="row">
                  <Button size="small" onClick={() => download(c.file, c.bytes, XLSX_TYPE)}>
                    {t.download}
                  </Button>
                  {actions.openWorkbook && (
                    <Button size="small" onClick={() => void open(c.unit, c.bytes)}>
                      {t.openInExcel}
                    </Button>
                  )}
                </div>
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}


function ImportSection({ actions, t, wrote, onWrote }: Props) {
  const [files, setFiles] = React.useState<PickedFile[]>([]);
  const [returned, setReturned] = React.useState<ReturnedFile[] | null>(null);
  const [checked, setChecked] = React.useState<{ plan: CollectPlan; report: string } | null>(null);
  const plan = checked?.plan ?? null;
  const [decisions, setDecisions] = React.useState<Map<string, ConflictDecision>>(new Map());
  const [busy, setBusy] = React.useState<string | null>(null);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const own = React.useRef(wrote);
  const picker = React.useRef<HTMLInputElement>(null);

  // A write by anyone else (another panel, the preview's grid) makes the check old: it is cleared.
  React.useEffect(() => {
    if (own.current !== wrote) {
      setChecked(null);
      setDecisions(new Map());
    }
    own.current = wrote;
  }, [wrote]);

  const pick = async (list: FileList | null) => {
    setChecked(null);
    setReturned(null);
    setDecisions(new Map());
    setNotice(null);
    try {
      const picked = await Promise.all(
        Array.from(list ?? []).map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      );
      setFiles(picked);
    } catch (err) {
      setFiles([]);
      setNotice(errorNotice(t.readFailed, err));
    }
  };

  const check = async () => {
    setBusy(t.checking);
    setNotice(null);
    setChecked(null);
    setDecisions(new Map());
    try {
      const { readReturns } = await import(/* webpackChunkName: "round-import" */ "../roundImport");
      const read = readReturns(files);
      setReturned(read);
      setChecked(await actions.previewCollect(read));
    } catch (err) {
      setNotice(
        chunkFailed(err) ? { intent: "error", title: t.failed, lines: [t.importNeedsReload] } : errorNotice(t.failed, err),
      );
    } finally {
      setBusy(null);
    }
  };

  const decide = (d: ConflictDecision) =>
    setDecisions((m) => new Map(m).set(conflictKey(d), d));

  const write = async () => {
    if (!returned || !plan) return;
    setBusy(t.writing);
    setNotice(null);
    try {
      const r = await actions.collect(returned, [...decisions.values()]);
      setChecked(null);
      setDecisions(new Map());
      own.current = wrote + 1;
      onWrote();
      setNotice({
        intent: r.stale ? "warning" : "success",
        lines: [
          r.written ? t.collected(r.written, r.sourcesSheet) : t.nothingToWrite,
          ...(r.dashboard ? [t.collectedDashboard] : []),
          ...(r.stale ? [t.collectedStale(r.stale)] : []),
        ],
      });
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(null);
    }
  };

  const m = plan?.outcome.merge;
  const taking = m
    ? m.taken.length +
      [...decisions.values()].filter((d) => d.take !== "master").length
    : 0;
  const writeButton = (
    <Button appearance="primary" disabled={busy !== null} onClick={write}>
      {t.writeCollect(taking)}
    </Button>
  );
  return (
    <section aria-labelledby="round-import" className="round">
      <h2 id="round-import">{t.importTitle}</h2>
      <p className="hint">{t.importIntro}</p>
      <div className="file-pick">
        <span id="round-pick-label">{t.pickReturns}</span>
        {/* The browser's own file control speaks the browser's language: a Fluent button opens it instead. */}
        <input
          ref={picker}
          type="file"
          multiple
          className="visually-hidden"
          aria-labelledby="round-pick-label"
          accept=".xlsx,.xlsm,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => void pick(e.target.files)}
        />
        <Button onClick={() => picker.current?.click()}>{t.pickButton}</Button>
      </div>
      {files.length > 0 && (
        <div className="hint" data-testid="picked">
          {t.picked(files.length)}
          <ul>
            {files.map((f, i) => (
              <li key={i}>{f.name}</li>
            ))}
          </ul>
        </div>
      )}
      <Button appearance="primary" disabled={!files.length || busy !== null} onClick={check}>
        {t.check}
      </Button>
      {busy && <Spinner size="tiny" label={busy} />}
      <Notice notice={notice} />
      {plan && m && (
        <div data-testid="collect-report" className="report">
          <h3>{t.reportTitle}</h3>
          <p>
            {t.reportCounts(m.taken.length, m.conflicts.length, m.rejected.length, plan.outcome.notReported.length)}
          </p>
          {m.conflicts.length > 0 && (
            <RoundConflicts t={t} conflicts={m.conflicts} decisions={decisions} decide={decide}>
              {writeButton}
            </RoundConflicts>
          )}
          <h4>{t.reportFull}</h4>
          <pre className="changes" data-testid="collect-text">
            {checked!.report}
          </pre>
          {/* With conflicts, the write comes after their summary (above). */}
          {m.conflicts.length === 0 && writeButton}
        </div>
      )}
    </section>
  );
}
