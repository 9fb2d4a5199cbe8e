// Builds the task pane and the ribbon-command page, as in Microsoft's task-pane template.
// The URL the add-in is served from is one option: `npm run build -- --env url=https://intranet.example/planledger/`
// (default for development: https://localhost:3000/). It is written into dist/manifest.xml.
const path = require("path");
const HtmlWebpackPlugin = require("html-webpack-plugin");
const CopyWebpackPlugin = require("copy-webpack-plugin");

const DEV_URL = "https://localhost:3000/";

async function httpsOptions() {
  // Trusted localhost certificates for sideloading into Excel (installed on first `npm run dev-server`).
  const devCerts = require("office-addin-dev-certs");
  const o = await devCerts.getHttpsServerOptions();
  return { ca: o.ca, key: o.key, cert: o.cert };
}

module.exports = async (env, options) => {
  const dev = options.mode !== "production";
  const url = (env && env.url) || DEV_URL;
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
    resolve: { extensions: [".ts", ".tsx", ".js"] },
    module: {
      rules: [
        {
          test: /\.tsx?$/,
          exclude: /node_modules/,
          use: {
            loader: "ts-loader",
            options: { transpileOnly: true, compilerOptions: { module: "esnext", moduleResolution: "node" } },
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
      }),
      new HtmlWebpackPlugin({
        filename: "commands.html",
        template: "./src/commands/commands.html",
        chunks: ["commands"],
      }),
      new CopyWebpackPlugin({
        patterns: [
          { from: "assets/*.png", to: "assets/[name][ext]" },
          { from: "src/taskpane/taskpane.css", to: "taskpane.css" },
          {
            from: "manifest.xml",
            to: "manifest.xml",
            transform: (content) => (url === DEV_URL ? content : content.toString().split(DEV_URL).join(url)),
          },
        ],
      }),
    ],
    performance: { hints: false },
    devServer: {
      headers: { "Access-Control-Allow-Origin": "*" },
      server: { type: "https", options: dev && !process.env.PLAIN_HTTP ? await httpsOptions() : {} },
      port: Number(process.env.npm_package_config_dev_server_port || 3000),
      static: { directory: path.resolve(__dirname, "dist", "addin") },
    },
  };
};
