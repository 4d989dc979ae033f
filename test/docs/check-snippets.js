#!/usr/bin/env node
// Type-checks every ```ts block in README.md and docs/**/*.md against the packages' sources, so the
// code the docs show compiles. Each block is a module of its own; mark a block ```ts nocheck to skip it
// (only for sketches of APIs not built yet, or deliberately wrong examples). Exits 1 on any error.
const fs = require('node:fs');
const path = require('node:path');
const ts = require('typescript');

const root = path.resolve(__dirname, '../..');
const outDir = path.join(root, 'out-tsc/docs-snippets');

function markdownFiles(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

const files = [path.join(root, 'README.md'), ...markdownFiles(path.join(root, 'docs'))];
fs.rmSync(outDir, { recursive: true, force: true });
fs.mkdirSync(outDir, { recursive: true });
const origins = new Map();
for (const file of files) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|typescript)(\s+.*)?$/.exec(lines[i]);
    if (!open) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && lines[end] !== '```') end++;
    if (!(open[2] ?? '').includes('nocheck')) {
      const name = `${path.relative(root, file).replace(/[^A-Za-z0-9]+/g, '_')}_L${start + 1}.ts`;
      const body = lines.slice(start, end).join('\n');
      // A block without imports or exports would be a script sharing one global scope with the others.
      fs.writeFileSync(path.join(outDir, name), /^\s*(import|export)\s/m.test(body) ? body : `${body}\nexport {};\n`);
      origins.set(name, { file: path.relative(root, file), line: start + 1 });
    }
    i = end;
  }
}

const options = {
  strict: true,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.CommonJS,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
  esModuleInterop: true,
  skipLibCheck: true,
  types: ['node', 'jest'],
  baseUrl: root,
  paths: { '@jetbox/*': ['framework/*/src/index.ts'] },
};
const program = ts.createProgram([...origins.keys()].map((n) => path.join(outDir, n)), options);
const diagnostics = ts.getPreEmitDiagnostics(program).filter((d) => d.file && d.file.fileName.startsWith(outDir));
for (const d of diagnostics) {
  const origin = origins.get(path.basename(d.file.fileName));
  const { line } = d.file.getLineAndCharacterOfPosition(d.start ?? 0);
  console.error(`${origin.file}:${origin.line + line}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
}
console.log(`docs: ${origins.size} TypeScript blocks checked, ${diagnostics.length} errors`);
process.exit(diagnostics.length > 0 ? 1 : 0);
