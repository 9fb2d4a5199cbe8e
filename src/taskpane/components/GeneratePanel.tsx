/** 生成台账: pick the plan (bundled, pasted, or a .txt), see what was parsed, then write the workbook. */
import {
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  Radio,
  RadioGroup,
  Spinner,
  Textarea,
} from "@fluentui/react-components";
import * as React from "react";
import { diagnosticPlace, parsePlan, type Diagnostic, type Plan, type PlanSource } from "../../plan";
import { PLAN_FILE_TYPES, planTextOfFile } from "../planFile";
import { today, type WorkbookActions } from "../actions";
import type { Strings } from "../i18n";
import { errorNotice, Notice, type NoticeState } from "./Notice";

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

interface Props {
  actions: WorkbookActions;
  t: Strings;
  bundledPlan: () => Promise<string>;
  /** Bumped whenever the add-in wrote to the workbook. */
  wrote: number;
  onWrote: () => void;
}

export function GeneratePanel({ actions, t, bundledPlan, wrote, onWrote }: Props) {
  const [source, setSource] = React.useState<"bundled" | "paste" | "file">("bundled");
  const [pasted, setPasted] = React.useState("");
  const [fileText, setFileText] = React.useState<string | null>(null);
  // What reading the file doubted (a PDF's tables): shown with the parse's diagnostics.
  const [fileNotes, setFileNotes] = React.useState<Diagnostic[]>([]);
  const [fileSource, setFileSource] = React.useState<PlanSource | undefined>(undefined);
  const [plan, setPlan] = React.useState<Plan | null>(null);
  const [asOf, setAsOf] = React.useState(today());
  const [busy, setBusy] = React.useState(false);
  const [notice, setNotice] = React.useState<NoticeState>(null);
  const [hasLedger, setHasLedger] = React.useState(false);

  React.useEffect(() => {
    actions.hasLedger().then(setHasLedger, (err) => setNotice(errorNotice(t.failed, err)));
  }, [actions, t, wrote]);

  // A parsed plan, and the outcome of acting on it, belong to the text it came from: changing the source
  // or the text drops both.
  React.useEffect(() => {
    setPlan(null);
    setNotice(null);
  }, [source, pasted, fileText]);
  const updateButton = React.useRef<HTMLButtonElement>(null);

  const readFile = async (file: File) => {
    try {
      const read = await planTextOfFile(file);
      setFileText(read.text);
      setFileNotes(read.notes);
      setFileSource(read.source);
      setNotice(null);
    } catch (err) {
      setFileText(null);
      setFileNotes([]);
      setFileSource(undefined);
      setNotice(errorNotice(t.readFailed, err));
    }
  };

  const parse = async () => {
    setNotice(null);
    try {
      const text =
        source === "bundled" ? await bundledPlan() : source === "paste" ? pasted : (fileText ?? "");
      const notes = source === "file" ? fileNotes : [];
      const from = source === "file" ? fileSource : undefined;
      setPlan(parsePlan(text, { fallbackYear: Number(today().slice(0, 4)), notes, source: from }));
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    }
  };

  const generate = async () => {
    if (!plan) return;
    setBusy(true);
    setNotice(null);
    try {
      const r = await actions.generate(plan, asOf);
      setNotice({
        intent: "success",
        title: t.generated(r.sheets.length),
        lines: [t.generatedNext],
        ...(r.skipped.length ? { details: { summary: t.skipped, lines: r.skipped } } : {}),
      });
      setHasLedger(true);
      onWrote();
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  /** The change list shown before writing, and why staff must confirm it (null: no need). */
  const [pending, setPending] = React.useState<string | null>(null);
  const [mustConfirm, setMustConfirm] = React.useState<string | null>(null);
  const [checked, setChecked] = React.useState(false);

  const previewUpdate = async () => {
    if (!plan) return;
    setBusy(true);
    setNotice(null);
    try {
      const preview = await actions.previewUpdate(plan);
      setMustConfirm(preview.confirm);
      setChecked(false);
      setPending(preview.summary);
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  const closeDialog = () => {
    setPending(null);
    // Focus goes back where it was before the dialog.
    setTimeout(() => updateButton.current?.focus());
  };

  const update = async () => {
    if (!plan) return;
    closeDialog();
    setBusy(true);
    try {
      const r = await actions.update(plan, { confirmed: mustConfirm !== null && checked });
      setNotice({
        intent: "success",
        title: r.changed ? t.updated : t.unchanged,
        lines: [r.summary],
        ...(r.skipped.length ? { details: { summary: t.skipped, lines: r.skipped } } : {}),
      });
      onWrote();
    } catch (err) {
      setNotice(errorNotice(t.failed, err));
    } finally {
      setBusy(false);
    }
  };

  const problems = plan?.diagnostics.filter((d) => d.severity !== "info") ?? [];
  const hasErrors = plan?.diagnostics.some((d) => d.severity === "error") ?? false;
  return (
    <div className="panel">
      {hasLedger ? (
        <Notice notice={{ intent: "info", lines: [t.hasLedger] }} />
      ) : (
        <section className="first-run" aria-label={t.firstRunTitle}>
          <h2>{t.firstRunTitle}</h2>
          <p>{t.firstRunIntro}</p>
          <ul>
            {t.firstRunSheets.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
          <p>{t.firstRunSafe}</p>
        </section>
      )}
      <Field label={t.source}>
        <RadioGroup value={source} onChange={(_, d) => setSource(d.value as typeof source)}>
          <Radio value="bundled" label={t.sourceBundled} />
          <Radio value="paste" label={t.sourcePaste} />
          <Radio value="file" label={t.sourceFile} />
        </RadioGroup>
      </Field>
      {source === "paste" && (
        <Textarea
          aria-label={t.sourcePaste}
          value={pasted}
          onChange={(_, d) => setPasted(d.value)}
          placeholder={t.pastePlaceholder}
          resize="vertical"
          rows={8}
        />
      )}
      {source === "file" && (
        <input
          aria-label={t.sourceFile}
          type="file"
          accept={PLAN_FILE_TYPES}
          onChange={(e) => e.target.files?.[0] && readFile(e.target.files[0])}
        />
      )}
      <Button onClick={parse}>{t.parse}</Button>
      {plan && (
        <div className="parsed" data-testid="parse-result">
          <strong>{plan.title}</strong>
          <div>{t.parsed(plan.domains.length, plan.tasks.length, plan.units.length)}</div>
          <ol className="domains">
            {plan.domains.map((d) => (
              <li key={d.ordinal}>
                {d.name}（{plan.tasks.filter((x) => x.domainOrdinal === d.ordinal).length}）
              </li>
            ))}
          </ol>
          {problems.length > 0 && (
            <details open>
              <summary>
                {t.diagnostics}（{problems.length}）
              </summary>
              <ul>
                {problems.map((d, i) => (
                  <li key={i} className={d.severity}>
                    {diagnosticPlace(d) ? `${diagnosticPlace(d)}：` : ""}
                    {d.message}
                  </li>
                ))}
              </ul>
            </details>
          )}
        </div>
      )}
      <Field label={t.asOf} hint={ISO_DATE.test(asOf) ? undefined : t.dateFormatHint}>
        <Input type="date" placeholder="YYYY-MM-DD" value={asOf} onChange={(_, d) => setAsOf(d.value)} />
      </Field>
      {hasLedger ? (
        <Button
          ref={updateButton}
          appearance="primary"
          disabled={!plan || hasErrors || busy || !plan.tasks.length}
          onClick={previewUpdate}
        >
          {t.update}
        </Button>
      ) : (
        <Button
          appearance="primary"
          disabled={!plan || hasErrors || busy || !plan.tasks.length || !ISO_DATE.test(asOf)}
          onClick={generate}
        >
          {t.generate}
        </Button>
      )}
      {busy && <Spinner size="tiny" label={hasLedger ? t.previewing : t.generating} />}
      <Notice notice={notice} />
      <Dialog open={pending !== null} onOpenChange={(_, d) => !d.open && closeDialog()}>
        <DialogSurface>
          <DialogBody>
            <DialogTitle>{t.confirmTitle}</DialogTitle>
            <DialogContent>
              {mustConfirm && (
                <Notice notice={{ intent: "warning", title: t.confirmNeeded, lines: [mustConfirm] }} />
              )}
              <pre className="changes" data-testid="update-preview">
                {pending}
              </pre>
              {mustConfirm && (
                <Checkbox
                  checked={checked}
                  onChange={(_, d) => setChecked(d.checked === true)}
                  label={t.confirmChecked}
                />
              )}
            </DialogContent>
            <DialogActions>
              <Button appearance="secondary" onClick={closeDialog}>
                {t.cancel}
              </Button>
              <Button appearance="primary" disabled={mustConfirm !== null && !checked} onClick={update}>
                {t.confirm}
              </Button>
            </DialogActions>
          </DialogBody>
        </DialogSurface>
      </Dialog>
    </div>
  );
}
