import type { StreamSpec } from '../ports';
import { isValidName, subjectsOverlap } from '../util';

const SUBJECT_PATTERN = /^([a-z0-9_-]+|\*)(\.([a-z0-9_-]+|\*))*(\.>)?$|^>$/;

/** Every problem with the declared streams (names, subjects, overlaps, limits); empty when valid. */
export function checkStreams(streams: readonly StreamSpec[]): string[] {
  const problems: string[] = [];
  const names = new Set<string>();
  for (const s of streams) {
    const where = `stream '${s.name}'`;
    if (typeof s.name !== 'string' || !isValidName(s.name)) {
      problems.push(`${where}: a stream name may hold only letters, digits, '-' and '_', e.g. 'BANKING'`);
    }
    if (names.has(s.name)) problems.push(`${where} is declared twice; declare each stream once`);
    names.add(s.name);
    if (!Array.isArray(s.subjects) || s.subjects.length === 0) {
      problems.push(`${where}: give it at least one subject, e.g. subjects: ['${String(s.name).toLowerCase()}.>']`);
      continue;
    }
    for (const subject of s.subjects) {
      if (!SUBJECT_PATTERN.test(subject)) {
        problems.push(`${where}: subject '${subject}' must be dotted lower-case tokens, '*' for one token, '>' last for the rest`);
      }
    }
    for (const [field, value] of Object.entries({ maxAgeMs: s.maxAgeMs, maxBytes: s.maxBytes, maxMsgs: s.maxMsgs, duplicateWindowMs: s.duplicateWindowMs })) {
      if (value !== undefined && !(Number.isFinite(value) && value >= 0)) problems.push(`${where}: ${field} must be ≥ 0 (got ${String(value)})`);
    }
    if (s.replicas !== undefined && ![1, 3, 5].includes(s.replicas)) problems.push(`${where}: replicas must be 1, 3 or 5 (got ${String(s.replicas)})`);
  }
  for (let i = 0; i < streams.length; i++) {
    for (let j = i + 1; j < streams.length; j++) {
      const a = streams[i]!;
      const b = streams[j]!;
      for (const x of a.subjects ?? []) {
        for (const y of b.subjects ?? []) {
          if (subjectsOverlap(x, y)) {
            problems.push(`streams '${a.name}' ('${x}') and '${b.name}' ('${y}') overlap; a subject may belong to one stream only`);
          }
        }
      }
    }
  }
  return problems;
}
