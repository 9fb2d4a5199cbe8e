/** The task pane: three actions on the workbook, plus the workbook itself in the browser preview. */
import { FluentProvider, Tab, TabList, type Theme } from "@fluentui/react-components";
import * as React from "react";
import type { WorkbookActions } from "./actions";
import { DashboardPanel } from "./components/DashboardPanel";
import { GeneratePanel } from "./components/GeneratePanel";
import { errorNotice, Notice, type NoticeState } from "./components/Notice";
import { PreviewGrid } from "./components/PreviewGrid";
import { RoundPanel } from "./components/RoundPanel";
import { ValidatePanel } from "./components/ValidatePanel";
import type { Strings } from "./i18n";
import type { Preview } from "./previewActions";

interface Props {
  actions: WorkbookActions;
  t: Strings;
  preview: Preview | null;
  bundledPlan: () => Promise<string>;
  /** Office's theme (light or dark), as Fluent tokens. */
  theme: Theme;
}

const TABS = ["generate", "validate", "dashboard", "round", "preview"] as const;

export function App({ actions, t, preview, bundledPlan, theme }: Props) {
  const [tab, setTab] = React.useState("generate");
  // The round's panel is made the first time its tab is opened (its file picker and reads are not needed
  // before), and kept from then on so that a check survives a look at another tab.
  const [roundOpened, setRoundOpened] = React.useState(false);
  React.useEffect(() => {
    if (tab === "round") setRoundOpened(true);
  }, [tab]);
  const [version, setVersion] = React.useState(0);
  const [editError, setEditError] = React.useState<NoticeState>(null);
  // Bumped on every write by the add-in or an edit in the preview: what the panels show must follow.
  const [wrote, setWrote] = React.useState(0);
  // A write that went through makes an earlier failed preview edit old news.
  const onWrote = React.useCallback(() => {
    setEditError(null);
    setWrote((v) => v + 1);
  }, []);
  React.useEffect(
    () =>
      preview?.subscribe(() => {
        setVersion((v) => v + 1);
      }),
    [preview],
  );
  const labels: Record<(typeof TABS)[number], string> = {
    generate: t.tabGenerate,
    validate: t.tabValidate,
    dashboard: t.tabDashboard,
    round: t.tabRound,
    preview: t.tabPreview,
  };
  const panel = (id: (typeof TABS)[number], content: React.ReactNode) => (
    <div role="tabpanel" id={`panel-${id}`} aria-labelledby={`tab-${id}`} hidden={tab !== id}>
      {content}
    </div>
  );
  return (
    <FluentProvider theme={theme} className="app">
      <main className="pane">
        <h1>{t.appName}</h1>
        {preview && <Notice notice={{ intent: "info", lines: [t.previewNotice] }} />}
        <TabList
          className="tabs"
          aria-label={t.tabsLabel}
          selectedValue={tab}
          onTabSelect={(_, d) => setTab(String(d.value))}
        >
          {TABS.filter((id) => id !== "preview" || preview).map((id) => (
            <Tab key={id} value={id} id={`tab-${id}`} aria-controls={`panel-${id}`}>
              {labels[id]}
            </Tab>
          ))}
        </TabList>
        {panel("generate", <GeneratePanel actions={actions} t={t} bundledPlan={bundledPlan} wrote={wrote} onWrote={onWrote} />)}
        {panel("validate", <ValidatePanel actions={actions} t={t} wrote={wrote} onWrote={onWrote} />)}
        {panel("dashboard", <DashboardPanel actions={actions} t={t} wrote={wrote} onWrote={onWrote} />)}
        {panel(
          "round",
          (roundOpened || tab === "round") && (
            <RoundPanel actions={actions} t={t} wrote={wrote} onWrote={onWrote} />
          ),
        )}
        {preview &&
          panel(
            "preview",
            tab === "preview" && (
              <PreviewGrid
                book={preview.book}
                version={version}
                t={t}
                onEdit={(sheet, address, value) =>
                  preview
                    .edit(sheet, address, value)
                    .then(onWrote)
                    .catch((err) => setEditError(errorNotice(t.failed, err)))
                }
              />
            ),
          )}
        <Notice notice={editError} />
      </main>
    </FluentProvider>
  );
}
