import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import * as React from "react";
import { officeErrorMessage } from "../../render/office/errors";

export type NoticeState = {
  intent: "success" | "warning" | "error" | "info";
  title?: string;
  lines: string[];
  /** Secondary lines (e.g. features this Excel lacks), shown folded so the result itself stays in view. */
  details?: { summary: string; lines: string[] };
} | null;

/** A result or an error, in full: errors say what happened and what to do, never only "failed". */
export function Notice({ notice }: { notice: NoticeState }) {
  const ref = React.useRef<HTMLDivElement>(null);
  // A narrow pane (350 px) puts the result below the fold: bring it into view when it changes.
  React.useEffect(() => {
    if (notice) ref.current?.scrollIntoView?.({ block: "nearest" });
  }, [notice]);
  if (!notice) return null;
  return (
    <div ref={ref}>
      <MessageBar
        intent={notice.intent}
        layout="multiline"
        role={notice.intent === "error" ? "alert" : "status"}
      >
        <MessageBarBody>
          {notice.title && <MessageBarTitle>{notice.title}</MessageBarTitle>}
          {notice.lines.map((l, i) => (
            <div key={i}>{l}</div>
          ))}
          {notice.details && (
            <details>
              <summary>{notice.details.summary}</summary>
              <ul>
                {notice.details.lines.map((l, i) => (
                  <li key={i}>{l}</li>
                ))}
              </ul>
            </details>
          )}
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}

/** Turns any thrown value into a notice the user can act on: Chinese, with what to do. */
export function errorNotice(title: string, err: unknown): NoticeState {
  const lines = [officeErrorMessage(err)];
  const written = (err as { written?: string[] })?.written;
  if (written?.length) lines.push(`涉及的工作表：${written.join("、")}`);
  return { intent: "error", title, lines };
}
