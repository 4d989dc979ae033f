import { GeneratorRefusal } from './generator-refusal';

const LAST_IMPORT = /^import\s[^;]*?from\s+['"][^'"]+['"];[ \t]*$/gm;

/** `source` with `importLine` after its last import (or first, when it has none), unless it already has that line. */
export function addImport(source: string, importLine: string): string {
  if (source.split('\n').includes(importLine)) return source;
  let end = -1;
  for (const match of source.matchAll(LAST_IMPORT)) end = match.index + match[0].length;
  return end < 0 ? `${importLine}\n${source}` : `${source.slice(0, end)}\n${importLine}${source.slice(end)}`;
}

/**
 * Adds `element` to the array literal assigned to `export const <name>` in `source`, one element a
 * line. Refuses when `source` has no such array (the user restructured the file), saying what to add
 * by hand; leaves `source` as it is when the array already holds `element`.
 */
export function addToExportedArray(source: string, name: string, element: string, file: string): string {
  const array = new RegExp(`(export const ${name}\\b[^=]*=\\s*\\[)([^\\]]*)(\\])`).exec(source);
  if (!array) {
    throw new GeneratorRefusal(
      `Cannot find \`export const ${name} = [ … ]\` in ${file}, so the generator cannot add ${element} to it. Restore that array (one class a line), or add ${element} to your own list by hand and generate again.`,
    );
  }
  const elements = array[2]!
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.length > 0);
  if (elements.includes(element)) return source;
  const list = [...elements, element].map((entry) => `  ${entry},\n`).join('');
  return `${source.slice(0, array.index)}${array[1]}\n${list}${array[3]}${source.slice(array.index + array[0].length)}`;
}

/** `source` with `line` appended, unless it already has it. */
export function appendLine(source: string, line: string): string {
  if (source.split('\n').includes(line)) return source;
  return `${source.replace(/\n*$/, '\n')}${line}\n`;
}
