// Builds the card into the single ES module the integration ships and serves.
//
//   node build.mjs          # write ../custom_components/octoeverywhere/frontend/<card>.js
//   node build.mjs --check  # fail if the committed module differs from a fresh build
//
// Both print the gzipped size and fail above the budget.
import { build } from "esbuild";
import { readFile, writeFile, mkdir } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const here = dirname(fileURLToPath(import.meta.url));
const OUTPUT = `${here}/../custom_components/octoeverywhere/frontend/octoeverywhere-printer-card.js`;
const BUDGET_GZIP = 60 * 1024;

const result = await build({
  entryPoints: [`${here}/src/index.ts`],
  bundle: true,
  format: "esm",
  target: "es2021",
  minify: true,
  legalComments: "eof",
  write: false,
  banner: { js: "// OctoEverywhere printer card. Built from frontend/ (npm run build): do not edit." },
  logLevel: "warning",
});
const code = Buffer.from(result.outputFiles[0].contents);
const gzipped = gzipSync(code, { level: 9 }).length;
const shown = relative(process.cwd(), OUTPUT);
console.log(
  `${shown}: ${(code.length / 1024).toFixed(1)} KiB, ${(gzipped / 1024).toFixed(1)} KiB gzipped ` +
    `(budget ${BUDGET_GZIP / 1024} KiB)`,
);
if (gzipped > BUDGET_GZIP) {
  console.error(`the card is over its size budget: ${gzipped} > ${BUDGET_GZIP} bytes gzipped`);
  process.exit(1);
}
if (process.argv.includes("--check")) {
  const committed = await readFile(OUTPUT).catch(() => Buffer.alloc(0));
  if (!committed.equals(code)) {
    console.error(
      `${shown} differs from a build of frontend/src: run \`npm run build\` in frontend/ and commit it`,
    );
    process.exit(1);
  }
  console.log(`${shown} matches its source`);
} else {
  await mkdir(dirname(OUTPUT), { recursive: true });
  await writeFile(OUTPUT, code);
}
