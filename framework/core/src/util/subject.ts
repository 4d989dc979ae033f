const TOKEN = /^[a-z0-9_-]+$/;

/** True when `subject` is a concrete, dotted, lower-case subject: `banking.transfer.requested.v1`. */
export function isValidMessageType(subject: string): boolean {
  const tokens = subject.split('.');
  return tokens.length >= 2 && tokens.every((t) => TOKEN.test(t));
}

/** True when `pattern` (NATS wildcards: `*` one token, `>` the rest) matches the concrete `subject`. */
export function subjectMatches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length) return false;
    if (p[i] !== '*' && p[i] !== s[i]) return false;
  }
  return p.length === s.length;
}

/** True when some subject could match both patterns. */
export function subjectsOverlap(a: string, b: string): boolean {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    if (x[i] === '>' && i < y.length) return true;
    if (y[i] === '>' && i < x.length) return true;
    if (i >= x.length || i >= y.length) return false;
    if (x[i] !== '*' && y[i] !== '*' && x[i] !== y[i]) return false;
  }
  return true;
}

/** Valid for stream, consumer and durable names: `[A-Za-z0-9_-]+`. */
export function isValidName(name: string): boolean {
  return /^[A-Za-z0-9_-]+$/.test(name);
}
