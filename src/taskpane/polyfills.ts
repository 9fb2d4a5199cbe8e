/**
 * Built-ins newer than ES2017 that the pane's code (or a library it bundles) calls. The bundle is compiled
 * to ES2017 syntax for Office 2019's EdgeHTML 18 webview (and Safari 12 on older Mac Office), but syntax
 * down-levelling does not add missing library methods: without these, parsing fails on `matchAll` and
 * validation on `Object.fromEntries`. Only the modules needed are imported, so the bundle stays small;
 * test/e2e/taskpane.test.ts runs the built pane with these built-ins deleted.
 */
import "core-js/modules/es.string.match-all.js";
import "core-js/modules/es.string.replace-all.js";
import "core-js/modules/es.string.trim-start.js";
import "core-js/modules/es.string.trim-end.js";
import "core-js/modules/es.string.at-alternative.js";
import "core-js/modules/es.array.flat.js";
import "core-js/modules/es.array.flat-map.js";
import "core-js/modules/es.array.at.js";
import "core-js/modules/es.array.find-last.js";
import "core-js/modules/es.array.find-last-index.js";
import "core-js/modules/es.object.from-entries.js";
import "core-js/modules/es.object.has-own.js";
import "core-js/modules/es.promise.all-settled.js";
import "core-js/modules/es.global-this.js";
