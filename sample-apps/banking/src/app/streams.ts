import type { DeadLetterOptions, StreamSpec } from '@jetbox/core';

/** The banking stream (`<NS>` ← `<ns>.>`) and its dead-letter stream (`<NS>_DLQ` ← `<ns>-dlq.>`). */
export function bankingStreams(namespace: string): { readonly streams: readonly StreamSpec[]; readonly deadLetter: DeadLetterOptions } {
  const name = namespace.toUpperCase();
  return {
    streams: [{ name, subjects: [`${namespace}.>`], description: 'Jetbox banking sample: account and transfer events and commands' }],
    deadLetter: { stream: `${name}_DLQ`, subjectPrefix: `${namespace}-dlq` },
  };
}
