// Loads the command line's bundles (dist/cli/*.js) with V8's code cache, so that a command does not compile
// the same JavaScript on every start. Node 20 has no `module.enableCompileCache`; `vm.Script` takes and
// makes the cache itself. Each bundle's cache is a file beside it (`main.js` → `main.js.v8cache`), made by
// `npm run build:cli` after running every command once in one process (scripts/warm-code-cache.js), so
// that it holds the compiled form of the functions the commands use, not only of the top level.
//
// The cache only saves time: V8 rejects it for another Node version, other V8 flags or a changed bundle,
// and the bundle is then compiled from its text as `require` would; the cache is made again for that Node
// when the command ends. A cache that cannot be written (a read-only installation) stays as it was.
//
// V8 checks that a cache belongs to the same source and flags, but not that its bytes are intact: a cache
// damaged on disk can crash V8 outright. So each cache file starts with a fingerprint of its content
// (SHA-256), and a cache that does not match it, or cannot be read at all, is treated as missing.
"use strict";
const { Buffer } = require("buffer");
const crypto = require("crypto");
const fs = require("fs");
const path = require("path");
const vm = require("vm");
const Module = require("module");

/** Bundle file → its module and script, once loaded. */
const loaded = new Map();

const cacheOf = (file) => `${file}.v8cache`;

const MAGIC = Buffer.from("PLV8CC1\n");
const DIGEST_BYTES = 32;
const digest = (bytes) => crypto.createHash("sha256").update(bytes).digest();

/** The cache file's content: a marker, the fingerprint of the cache, the cache. */
const sealed = (cache) => Buffer.concat([MAGIC, digest(cache), cache]);

/**
 * The bundle's cache when it is whole; undefined when there is none, it cannot be read (a folder, no
 * permission) or its bytes do not match their fingerprint. Then the bundle is compiled from its text,
 * as `require` would, and the cache is made again when the command ends.
 */
function readCache(file) {
  let bytes;
  try {
    bytes = fs.readFileSync(cacheOf(file));
  } catch {
    return undefined; // only time is lost; writing it again reports what stands in the way
  }
  const head = MAGIC.length + DIGEST_BYTES;
  if (bytes.length <= head || !bytes.subarray(0, MAGIC.length).equals(MAGIC)) return undefined;
  const cache = bytes.subarray(head);
  return digest(cache).equals(bytes.subarray(MAGIC.length, head)) ? cache : undefined;
}

/** `require` of a bundle: the same module object on every call, as `require` caches. */
function loadBundle(file) {
  const known = loaded.get(file);
  if (known) return known.module.exports;
  const dir = path.dirname(file);
  const cachedData = readCache(file);
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8")), {
    filename: file,
    cachedData,
    ...(vm.constants && vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER
      ? { importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER }
      : {}),
  });
  const module = { exports: {}, filename: file, id: file, loaded: false };
  const stale = !cachedData || script.cachedDataRejected === true;
  loaded.set(file, { module, script, stale });
  const nodeRequire = Module.createRequire(file);
  // Another bundle of ours (`require("./excelts.js")`) goes through this loader too; everything else
  // (Node's modules, pdf.js in node_modules) through Node's own `require`, resolved from the bundle.
  const bundleRequire = Object.assign(
    (id) =>
      /^\.\/[\w.-]+\.js$/.test(id) && fs.existsSync(path.join(dir, id))
        ? loadBundle(path.join(dir, id))
        : nodeRequire(id),
    { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: require.main },
  );
  script.runInThisContext()(module.exports, bundleRequire, module, file, dir);
  module.loaded = true;
  return module.exports;
}

/**
 * Writes the cache of every bundle loaded in this process (`all`), or only of those that had none or
 * whose cache V8 rejected. Written whole under another name, then renamed: a command starting meanwhile
 * reads the old cache or the new one, never half of one.
 */
function saveCodeCaches(all = false) {
  for (const [file, { script, stale }] of loaded) {
    if (!all && !stale) continue;
    const temp = `${cacheOf(file)}.${process.pid}.tmp`;
    try {
      fs.writeFileSync(temp, sealed(script.createCachedData()));
      fs.renameSync(temp, cacheOf(file));
    } catch (err) {
      fs.rmSync(temp, { force: true });
      // An installation users cannot write to keeps running from the bundle's text, as fast as before.
      if (all || !["EACCES", "EPERM", "EROFS"].includes(err && err.code)) throw err;
    }
  }
}

module.exports = { loadBundle, saveCodeCaches };
