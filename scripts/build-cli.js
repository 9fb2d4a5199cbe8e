// Builds the command line into dist/cli (run by `npm run build:cli`, and so by `npm ci` through `prepare`).
//
// Why a bundle: compiled file by file, `plan-ledger validate` loaded about 75 modules and `build` about 460
// (the xlsx library alone is 404), and finding, reading and compiling them took longer than the command's
// own work on the bundled plan. Bundled with esbuild, each command loads one file for our code and the
// small libraries every ledger command needs, plus one file per large library only the commands that use it
// load:
//   main.js     the CLI, the core, commander, fflate, htmlparser2
//   excelts.js  the xlsx library with its chart support (`build` only)
//   mammoth.js  the Word reader (plans given as .docx only)
// pdf.js stays in node_modules: it is ES modules with a worker and data files it finds there by itself.
// Types are checked by `tsc` (see package.json); esbuild only strips them.
"use strict";
const esbuild = require("esbuild");
const fs = require("fs");
const path = require("path");
const { execFileSync } = require("child_process");

const root = path.join(__dirname, "..");
const outdir = path.join(root, "dist", "cli");

/** Libraries bundled into a file of their own, loaded by `require` from main.js when first needed. */
const separate = [
  // Every use of the xlsx library goes through src/render/xlsx/excelts.ts, which installs chart support.
  { file: "excelts.js", entry: path.join(root, "src", "render", "xlsx", "excelts.ts") },
  { file: "mammoth.js", entry: require.resolve("mammoth"), module: "mammoth" },
];

const common = {
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  logLevel: "warning",
  // No source maps: nothing reads them at run time, and users see messages, never stack traces.
  sourcemap: false,
  // Less text for node to read and parse on every start (requiring the xlsx library's 2.6 MB took 20–40%
  // longer than its 1.6 MB form without spaces). Names are kept, so code that looks at them sees the same.
  minifyWhitespace: true,
  minifySyntax: true,
  legalComments: "none",
  // `import()` of another file becomes `require()`, as tsc compiled it: the Word reader's bundle is CommonJS,
  // and pdf.js's ES modules load through require on Node 20.19+.
  supported: { "dynamic-import": false },
};

/** Imports of a separately bundled library become `require("./<file>")` of that bundle. */
const useSeparateBundles = {
  name: "separate-bundles",
  setup(build) {
    const bundleOf = (args) =>
      separate.find((s) =>
        s.module
          ? args.path === s.module
          : args.path.startsWith(".") &&
            path.resolve(args.resolveDir, args.path) === s.entry.replace(/\.ts$/, ""),
      );
    build.onResolve({ filter: /./ }, (args) => {
      const s = bundleOf(args);
      return s ? { path: `./${s.file}`, external: true } : undefined;
    });
  },
};

async function main() {
  fs.rmSync(outdir, { recursive: true, force: true });
  await Promise.all([
    ...separate.map((s) =>
      esbuild.build({ ...common, entryPoints: [s.entry], outfile: path.join(outdir, s.file) }),
    ),
    esbuild.build({
      ...common,
      entryPoints: [path.join(root, "src", "cli", "main.ts")],
      outfile: path.join(outdir, "main.js"),
      external: ["pdfjs-dist", "pdfjs-dist/*"],
      plugins: [useSeparateBundles],
    }),
  ]);
}

main()
  // The code cache is made from the bundles just written (see bin/bundleLoader.js), in a process of its
  // own so that it is made as a command's process makes it.
  .then(() =>
    execFileSync(process.execPath, [path.join(__dirname, "warm-code-cache.js")], { stdio: "inherit" }),
  )
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
