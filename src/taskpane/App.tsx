/** The task pane: three actions on the workbook, plus the workbook itself in the browser preview. */
import { FluentProvider, Tab, TabList, webLightTheme } from "@fluentui/react-components";
import * as React from "react";
import type { WorkbookActions } from "./actions";
import { DashboardPanel } from "./components/DashboardPanel";
import { GeneratePanel } from "./components/GeneratePanel";
import { errorNotice, Notice, type NoticeState } from "./components/Notice";
import { PreviewGrid } from "./components/PreviewGrid";
import { ValidatePanel } from "./components/ValidatePanel";
import type { Strings } from "./i18n";
import type { Preview } from "./previewActions";

interface Props {
  actions: WorkbookActions;
  t: Strings;
  preview: Preview | null;
  bundledPlan: () => Promise<string>;
}

export function App({ actions, t, preview, bundledPlan }: Props) {
  const [tab, setTab] = React.useState("generate");
  const [version, setVersion] = React.useState(0);
  const [editError, setEditError] = React.useState<NoticeState>(null);
  React.useEffect(() => preview?.subscribe(() => setVersion((v) => v + 1)), [preview]);
  return (
    <FluentProvider theme={webLightTheme}>
      <main className="pane">
        <h1>{t.appName}</h1>
        {preview && <Notice notice={{ intent: "info", lines: [t.previewNotice] }} />}
        <TabList selectedValue={tab} onTabSelect={(_, d) => setTab(String(d.value))}>
          <Tab value="generate">{t.tabGenerate}</Tab>
          <Tab value="validate">{t.tabValidate}</Tab>
          <Tab value="dashboard">{t.tabDashboard}</Tab>
          {preview && <Tab value="preview">{t.tabPreview}</Tab>}
        </TabList>
        <div hidden={tab !== "generate"}>
          <GeneratePanel actions={actions} t={t} bundledPlan={bundledPlan} />
        </div>
        <div hidden={tab !== "validate"}>
          <ValidatePanel actions={actions} t={t} />
        </div>
        <div hidden={tab !== "dashboard"}>
          <DashboardPanel actions={actions} t={t} />
        </div>
        {preview && tab === "preview" && (
          <PreviewGrid
            book={preview.book}
            version={version}
            onEdit={(sheet, address, value) =>
              preview.edit(sheet, address, value).catch((err) => setEditError(errorNotice(t.failed, err)))
            }
          />
        )}
        <Notice notice={editError} />
      </main>
    </FluentProvider>
  );
}
