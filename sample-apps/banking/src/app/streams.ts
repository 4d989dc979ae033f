import type { DeadLetterOptions, StreamSpec } from '@jetbox/core';

/** The banking stream (`BANKING` ← `banking.>`) and its dead-letter stream (`BANKING_DLQ` ← `banking-dlq.>`). */
export const BANKING_STREAMS: { readonly streams: readonly StreamSpec[]; readonly deadLetter: DeadLetterOptions } = {
  streams: [{ name: 'BANKING', subjects: ['banking.>'], description: 'Jetbox banking sample: account and transfer events and commands' }],
  deadLetter: { stream: 'BANKING_DLQ', subjectPrefix: 'banking-dlq' },
};
