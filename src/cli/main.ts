/**
 * The `plan-ledger` command line. Each command is a thin shell over the pure core: read files, call the
 * core, print, set the exit code (0 fine, 1 problems found, 2 cannot proceed).
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "fs";
import path from "path";
import { CliError } from "./io";
// Each command's modules (the .xlsx library and the Word/PDF readers above all) load only when that
// command runs: a quick `parse` of a .txt or `--help` does not pay for the workbook writer.

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  now: () => Date;
}

const defaultIo: Io = {
  out: (s) => process.stdout.write(s + "\n"),
  err: (s) => process.stderr.write(s + "\n"),
  now: () => new Date(),
};

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const program = new Command()
    .name("plan-ledger")
    .description(
      "台账助手 PlanLedger：把行动计划变成可跟踪的 Excel 台账 / turn an action plan into an Excel ledger",
    )
    .version(packageVersion(), "-V, --version", "显示版本号 / show the version")
    .helpOption("-h, --help", "显示帮助 / show help")
    .helpCommand("help [command]", "显示命令的帮助 / help for a command")
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.out(s.trimEnd()),
      writeErr: (s) => io.err(s.trimEnd()),
      // Commander's own English error lines are replaced by `argumentError` below.
      outputError: () => undefined,
    });

  program
    .command("parse")
    .description("解析计划文本 / parse the plan text (default: the bundled plan)")
    .argument("[plan]", "计划文件 (.docx、PDF 或 .txt)")
    .option("--json", "输出 JSON / print the plan as JSON")
    .action(async (file: string | undefined, opts: { json?: boolean }) => {
      const { readPlanFile } = await import("./planFile");
      const { formatPlanSummary } = await import("./parseCommand");
      const { plan, file: resolved } = await readPlanFile(file, io.now());
      io.out(opts.json ? JSON.stringify(plan, null, 2) : formatPlanSummary(plan, resolved));
      exitCode = plan.diagnostics.some((d) => d.severity === "error") ? 1 : 0;
    });

  program
    .command("build")
    .description("生成台账工作簿 / build the ledger workbook (.xlsx)")
    .argument("[plan]", "计划文件 .docx、PDF 或 .txt (默认：随附的计划)")
    .option("-o, --output <file>", "输出文件 / output file (默认：当前文件夹下的“<计划标题>-台账.xlsx”)")
    .option("--force", "允许覆盖已存在的文件 / overwrite an existing file")
    .option("--as-of <date>", "统计截止日期 / as-of date (默认：今天)")
    .option("--allow-errors", "计划解析有错误时仍然生成 / build even when the parse found errors")
    .action(
      async (
        file: string | undefined,
        opts: { output?: string; force?: boolean; asOf?: string; allowErrors?: boolean },
      ) => {
        const { buildCommand } = await import("./buildCommand");
        const { summary, warnings } = await buildCommand(file, opts, io.now());
        io.out(summary);
        for (const w of warnings) io.err(w);
      },
    );

  program
    .command("validate")
    .description("校验台账中填写的内容 / check what staff typed in a ledger")
    .argument("<file>", "台账工作簿 (.xlsx)")
    .option("--as-of <date>", "统计截止日期 / as-of date (默认：工作簿“说明”中的日期)")
    .option("--json", "输出 JSON / print issues as JSON")
    .option("--fix", "把可自动修正的项目写入新文件 / write safe normalisations to a new file (needs -o)")
    .option("-o, --output <file>", "--fix 的输出文件 / output file for --fix")
    .action(async (file: string, opts: { asOf?: string; json?: boolean; fix?: boolean; output?: string }) => {
      const { validateCommand } = await import("./validateCommand");
      const r = await validateCommand(file, opts, io.now());
      io.out(r.text);
      for (const w of r.warnings ?? []) io.err(w);
      exitCode = r.code;
    });

  program
    .command("summary")
    .description("统计完成情况 / completion figures, overdue list and bulletin of a ledger")
    .argument("<file>", "台账工作簿 (.xlsx)")
    .option("--as-of <date>", "统计截止日期 / as-of date (默认：工作簿“说明”中的日期)")
    .option("--json", "输出 JSON / print the summary as JSON")
    .action(async (file: string, opts: { asOf?: string; json?: boolean }) => {
      const { summaryCommand } = await import("./summaryCommand");
      const r = await summaryCommand(file, opts, io.now());
      io.out(r.text);
      for (const w of r.warnings) io.err(w);
    });

  program
    .command("update")
    .description(
      "按计划（修订后的或原计划）更新已填写的台账，不丢失任何填写内容 / update a filled ledger safely",
    )
    .argument("<file>", "已填写的台账 (.xlsx)")
    .option("--plan <plan>", "计划文件 .docx、PDF 或 .txt (默认：随附的计划)")
    .option("-o, --output <file>", "输出新文件 (默认：<原文件名>-更新.xlsx)")
    .option("--in-place", "直接更新原文件（先备份为 .bak）/ update the file itself, keeping a .bak")
    .option("--dry-run", "只显示将要做的改动，不写文件 / show what would change")
    .option("--allow-errors", "计划解析有错误时仍然更新 / update even when the parse found errors")
    .option(
      "--as-of <date>",
      "统计截止日期，写入“说明” / as-of date, written into the workbook (默认：工作簿“说明”中的日期)",
    )
    .option(
      "-y, --yes",
      "确认移除或重新编号较多任务的更新 / confirm an update that removes or renumbers many tasks",
    )
    .action(
      async (
        file: string,
        opts: {
          plan?: string;
          output?: string;
          inPlace?: boolean;
          dryRun?: boolean;
          allowErrors?: boolean;
          yes?: boolean;
          asOf?: string;
        },
      ) => {
        const { updateCommand } = await import("./updateCommand");
        const r = await updateCommand(file, opts, io.now());
        io.out(r.text);
        for (const w of r.warnings) io.err(w);
      },
    );

  program
    .command("split")
    .description("分发：按牵头单位生成报送表 / one copy per lead unit for the monthly round")
    .argument("<file>", "总台账 (.xlsx)")
    .option("-o, --output <dir>", "输出文件夹 (默认：<台账名>-分发)")
    .option("--as-of <date>", "报送轮次的统计截止日期 (默认：工作簿“说明”中的日期)")
    .action(async (file: string, opts: { output?: string; asOf?: string }) => {
      const { splitCommand } = await import("./splitCommand");
      io.out(await splitCommand(file, opts, io.now()));
    });

  program
    .command("collect")
    .description("收集：把各单位的报送表汇总回总台账 / bring the units' returns into the master")
    .argument("<master>", "总台账 (.xlsx)")
    .argument("<returned...>", "收回的报送表 (.xlsx，可以多个)")
    .option("-o, --output <file>", "输出新文件 (默认：<原文件名>-已收集.xlsx)")
    .option("--in-place", "直接写入总台账（先备份为 .bak）/ write the master itself, keeping a .bak")
    .option("--dry-run", "只显示将要采用的内容、冲突和未报送单位，不写文件 / show everything, write nothing")
    .action(
      async (
        master: string,
        returned: string[],
        opts: { output?: string; inPlace?: boolean; dryRun?: boolean },
      ) => {
        const { collectCommand } = await import("./collectCommand");
        const r = await collectCommand(master, returned, opts, io.now());
        io.out(r.text);
        exitCode = r.code;
      },
    );

  program
    .command("close")
    .description("记录本期：把各任务的状态和进展记入“历次进展” / record the period in 历次进展")
    .argument("<file>", "总台账 (.xlsx)")
    .option("--as-of <date>", "本期的统计截止日期 (默认：工作簿“说明”中的日期)")
    .option("-o, --output <file>", "输出新文件 (默认：<原文件名>-已记录.xlsx)")
    .option("--in-place", "直接写入台账（先备份为 .bak）/ write the ledger itself, keeping a .bak")
    .option("--dry-run", "只显示将要记录的内容，不写文件 / show what would be recorded")
    .action(
      async (file: string, opts: { asOf?: string; output?: string; inPlace?: boolean; dryRun?: boolean }) => {
        const { closeCommand } = await import("./closeCommand");
        io.out(await closeCommand(file, opts, io.now()));
      },
    );

  try {
    await program.parseAsync(argv);
    return exitCode;
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version exit 0; usage mistakes exit 2, explained in Chinese first.
      if (err.exitCode === 0) return 0;
      io.err(argumentError(err, argv.slice(2)));
      return 2;
    }
    if (err instanceof CliError) {
      io.err(err.message);
      return err.exitCode;
    }
    throw err;
  }
}

function packageVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, "..", "..", "package.json"), "utf8"));
    return String(pkg.version);
  } catch {
    return "unknown";
  }
}

/** Commander's usage errors, said the way the rest of the tool speaks: Chinese, then English, with a hint. */
export function argumentError(err: CommanderError, args: string[]): string {
  const quoted = /'([^']+)'/.exec(err.message)?.[1] ?? "";
  const suggestion = /Did you mean (.+)\?/.exec(err.message)?.[1];
  const command = ["parse", "build", "validate", "summary", "update", "split", "collect", "close"].find((c) =>
    args.includes(c),
  );
  const help = command ? `plan-ledger ${command} --help` : "plan-ledger --help";
  const hint = `${suggestion ? `是不是要用 ${suggestion}？` : ""}运行 \`${help}\` 查看用法。`;
  const zh: Record<string, string> = {
    "commander.missingArgument": `缺少参数 ${quoted}：请给出台账文件，例如 \`plan-ledger ${command ?? "summary"} 台账.xlsx\`。`,
    "commander.unknownOption": `不认识的选项 ${quoted}。`,
    "commander.unknownCommand": `没有 ${quoted} 这个命令。可用的命令：parse、build、validate、summary、update、split、collect、close。`,
    "commander.excessArguments": "参数太多了：每个命令只接受一个文件。",
    "commander.optionMissingArgument": `选项 ${quoted} 后面缺少值。`,
    "commander.missingMandatoryOptionValue": `必须给出选项 ${quoted}。`,
    "commander.invalidArgument": `参数无效：${err.message}`,
  };
  const first = zh[err.code] ?? `命令行参数有误。`;
  return `${first}${hint}\n${err.message.replace(/^error: /, "Error: ")}`;
}
