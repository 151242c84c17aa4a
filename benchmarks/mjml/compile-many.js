// Compiles every .mjml file of a folder in this one Node process, for benchmarks/mjml.py.
//
// usage: node benchmarks/mjml/compile-many.js IN_FOLDER OUT_FOLDER
//
// Uses MJML from benchmarks/node_modules (npm install --prefix benchmarks) with
// its default options (soft validation, as the mjml command line), writes
// OUT_FOLDER/<name>.html for each IN_FOLDER/<name>.mjml, and prints one line of
// JSON: the milliseconds from process start to this script's first line, to
// load mjml, and to read, compile and write each file, in order.
// Any validation error or warning is printed and fails the run (exit 1).
'use strict';

const started = performance.now();
const fs = require('fs');
const path = require('path');

const [inFolder, outFolder] = process.argv.slice(2);
if (!inFolder || !outFolder) {
  console.error('usage: node compile-many.js IN_FOLDER OUT_FOLDER');
  process.exit(2);
}

const beforeRequire = performance.now();
const mjml2html = require(path.join(__dirname, '..', 'node_modules', 'mjml'));
const requireMs = performance.now() - beforeRequire;

async function main() {
  fs.mkdirSync(outFolder, { recursive: true });
  const names = fs.readdirSync(inFolder).filter((name) => name.endsWith('.mjml')).sort();
  const files = [];
  for (const name of names) {
    const begin = performance.now();
    const source = path.join(inFolder, name);
    // Promise.resolve: mjml2html returns the result in MJML 4, a promise in MJML 5.
    const result = await Promise.resolve(mjml2html(fs.readFileSync(source, 'utf8'), { filePath: source }));
    if (result.errors.length > 0) {
      console.error(`${name}:\n${result.errors.map((e) => e.formattedMessage).join('\n')}`);
      process.exit(1);
    }
    fs.writeFileSync(path.join(outFolder, name.replace(/\.mjml$/, '.html')), result.html);
    files.push({ name, ms: performance.now() - begin });
  }
  console.log(JSON.stringify({ startupMs: started, requireMs, files }));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
