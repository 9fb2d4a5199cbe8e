import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import * as React from "react";

export type NoticeState = {
  intent: "success" | "warning" | "error" | "info";
  title?: string;
  lines: string[];
} | null;

/** A result or an error, in full: errors say what happened and what to do, never only "failed". */
export function Notice({ notice }: { notice: NoticeState }) {
  if (!notice) return null;
  return (
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
      </MessageBarBody>
    </MessageBar>
  );
}

/** Turns any thrown value into a notice the user can act on. */
export function errorNotice(title: string, err: unknown): NoticeState {
  const message = err instanceof Error ? err.message : String(err);
  const written = (err as { written?: string[] })?.written;
  const lines = [message];
  if (written?.length) lines.push(`已涉及的工作表：${written.join("、")}`);
  return { intent: "error", title, lines };
}
