// Builds the dashboard's vendor assets into the folder given as the first argument: the npm
// packages' dist files copied as they are, and the CodeMirror YAML editor bundled into one file.
// The csproj runs it after `npm ci`; the dashboard serves the folder at /assets/vendor/.
import { build } from "esbuild";
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync, readdirSync } from "node:fs";
import { join } from "node:path";

const out = process.argv[2];
if (!out) throw new Error("usage: node build.mjs <output folder>");
rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

const copy = (from, to) => cpSync(join("node_modules", from), join(out, to), { recursive: true });
copy("htmx.org/dist/htmx.min.js", "htmx.min.js");
copy("htmx-ext-sse/dist/sse.min.js", "htmx-ext-sse.min.js");
copy("uplot/dist/uPlot.iife.min.js", "uplot.min.js");
copy("uplot/dist/uPlot.min.css", "uplot.min.css");

// Beer CSS with its icon fonts and shapes beside it. Its @font-face lists a CDN copy of each font
// after the local one; the dashboard serves everything itself, so the CDN entries go.
const beer = join(out, "beercss");
mkdirSync(beer);
const beerDist = join("node_modules", "beercss", "dist", "cdn");
for (const file of readdirSync(beerDist)) {
  if (file.endsWith(".woff2") || file.endsWith(".svg")) cpSync(join(beerDist, file), join(beer, file));
}
const css = readFileSync(join(beerDist, "beer.min.css"), "utf8").replace(/,?\s*url\(https?:\/\/[^)]*\)(\s*format\([^)]*\))?/g, "");
writeFileSync(join(beer, "beer.min.css"), css);
copy("beercss/dist/cdn/beer.min.js", "beercss/beer.min.js");

await build({
  entryPoints: ["src/editor.js"],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2020",
  outfile: join(out, "codemirror-yaml.min.js"),
  logLevel: "warning",
});
