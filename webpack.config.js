// Builds the task pane and the ribbon-command page, as in Microsoft's task-pane template.
// The URL the add-in is served from is one option: `npm run build:addin -- --env url=https://intranet.example/planledger/`
// (default for development: https://localhost:3000/). It is written into dist/manifest.xml.
// `--env officejs=self` serves office.js from the add-in's own server (copied from @microsoft/office-js) for
// intranets that cannot reach Microsoft's CDN; by default the pages load it from the CDN, as Microsoft supports.
// Everything, node_modules included, is compiled down to ES2017, which the webviews of the supported Office
// versions run (EdgeHTML 18 in Office 2019, WebView2, Safari on the Mac); test/unit/taskpane checks the output.
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";
const CDN_OFFICE_JS = "https://appsforoffice.microsoft.com/lib/1/hosted/office.js";
/** The language level every emitted file must parse at (EdgeHTML 18 has no ?. ?? or object spread). */
const TARGET = "es2017";

async function httpsOptions() {
  // Trusted localhost certificates for sideloading into Excel (installed on first `npm run dev-server`).
  const devCerts = require("office-addin-dev-certs");
  const o = await devCerts.getHttpsServerOptions();
  return { ca: o.ca, key: o.key, cert: o.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  const url = (env && env.url) || DEV_URL;
  const selfHostedOfficeJs = env && env.officejs === "self";
  const officeJs = selfHostedOfficeJs ? "office-js/office.js" : CDN_OFFICE_JS;
  if (!/^https:\/\/.+\/$/.test(url))
    throw new Error(`--env url must be an https URL ending with "/": ${url}`);
  return {
    devtool: dev ? "source-map" : false,
    entry: {
      taskpane: "./src/taskpane/index.tsx",
      commands: "./src/commands/commands.ts",
    },
    output: {
      path: path.resolve(__dirname, "dist", "addin"),
      filename: "[name].[contenthash:8].js",
      chunkFilename: "[name].[contenthash:8].js",
      clean: true,
    },
    target: ["web", TARGET],
    // The .xlsx package reader (returns read in the pane) inflates with Node's zlib where it exists and with
    // fflate otherwise: in the browser, zlib is left out and fflate does the work.
    resolve: { extensions: [".ts", ".tsx", ".js"], fallback: { zlib: false, buffer: false } },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { module: "esnext", moduleResolution: "node", target: TARGET },
            },
          },
        },
        {
          // Libraries ship newer syntax (?. ?? and class fields in Fluent UI and its dependencies).
          test: /\.m?js$/,
          include: /node_modules/,
          use: {
            loader: "ts-loader",
            options: {
              transpileOnly: true,
              compilerOptions: { allowJs: true, module: "esnext", target: TARGET, sourceMap: false },
            },
          },
        },
        { test: /\.txt$/, type: "asset/source" },
      ],
    },
    plugins: [
      new HtmlWebpackPlugin({
        filename: "taskpane.html",
        template: "./src/taskpane/taskpane.html",
        chunks: ["taskpane"],
        officeJs,
      }),
      new HtmlWebpackPlugin({
        filename: "help.html",
        template: "./src/taskpane/help.html",
        chunks: [],
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
        officeJs,
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          // office.js and the files it loads for Excel, in Chinese and English only.
          ...(selfHostedOfficeJs
            ? [
                {
                  from: "node_modules/@microsoft/office-js/dist",
                  to: "office-js",
                  // Microsoft's files as published: not minified again, nothing extracted from them.
                  info: { minimized: true },
                  globOptions: {
                    ignore: ["**/*.debug.js", "**/office-vsdoc.js"],
                  },
                  filter: (file) =>
                    /[\\/]dist[\\/](office|excel-[^/\\]*|o15apptofilemappingtable|telemetry[^/\\]*)\.js$/.test(
                      file,
                    ) || /[\\/]dist[\\/](zh-cn|en-us|ariatelemetry|telemetry)[\\/]/.test(file),
                },
              ]
            : []),
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (url === DEV_URL ? content : content.toString().split(DEV_URL).join(url)),
          },
        ],
      }),
    ],
    // The xlsx writer (分发 in the pane) in a chunk of its own name, loaded only when copies are made. Like pdf.js,
    // it is ES2020 (BigInt literals, Unicode property escapes in regular expressions): it needs WebView2 or
    // another current engine, and on EdgeHTML 18 the pane says to use `plan-ledger split` instead.
    optimization: {
      splitChunks: {
        cacheGroups: {
          xlsxWriter: {
            test: /[\\/]node_modules[\\/]@cj-tech-master[\\/]excelts[\\/]/,
            name: "xlsx-writer",
            chunks: "async",
            enforce: true,
            priority: 20,
          },
        },
      },
    },
    performance: { hints: false },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: dev && !process.env.PLAIN_HTTP ? await httpsOptions() : {} },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      static: { directory: path.resolve(__dirname, "dist", "addin") },
    },
  };
};
