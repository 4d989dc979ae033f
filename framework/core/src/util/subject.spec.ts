import { isValidMessageType, subjectMatches, subjectsOverlap } from './subject';

describe('subjectMatches', () => {
  it.each([
    ['banking.>', 'banking.transfer.requested.v1', true],
    ['banking.>', 'banking', false],
    ['banking.*.requested.v1', 'banking.transfer.requested.v1', true],
    ['banking.*', 'banking.transfer.requested', false],
    ['banking.transfer.requested.v1', 'banking.transfer.requested.v1', true],
    ['feed.>', 'banking.transfer.requested.v1', false],
    ['>', 'a.b', true],
  ])('should match %s against %s as %s', (pattern, subject, expected) => {
    expect(subjectMatches(pattern, subject)).toBe(expected);
  });
});

describe('subjectsOverlap', () => {
  it.each([
    ['banking.>', 'banking.transfer.*', true],
    ['banking.>', 'feed.>', false],
    ['a.*.c', 'a.b.*', true],
    ['a.b', 'a.b.c', false],
    ['jetbox.dlq.>', 'jetbox.>', true],
  ])('should find %s and %s overlapping: %s', (a, b, expected) => {
    expect(subjectsOverlap(a, b)).toBe(expected);
  });
});

describe('isValidMessageType', () => {
  it.each([
    ['banking.transfer.requested.v1', true],
    ['feed.post_published.v2', true],
    ['Banking.Transfer', false],
    ['single', false],
    ['banking.*.v1', false],
    ['banking..v1', false],
  ])('should judge %s valid: %s', (type, expected) => {
    expect(isValidMessageType(type)).toBe(expected);
  });
});
