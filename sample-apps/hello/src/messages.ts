import { Event } from '@jetbox/core';
import { z } from 'zod';

export const GreetingRequestedSchema = z.object({ name: z.string().min(1).max(100) });

/** Someone asked to greet `name`. */
@Event('hello.greeting.requested.v1', { schema: GreetingRequestedSchema })
export class GreetingRequested {
  constructor(readonly name: string) {}
}

/** `name` was greeted with `text`. */
@Event('hello.greeted.v1', { schema: z.object({ name: z.string(), text: z.string() }) })
export class Greeted {
  constructor(
    readonly name: string,
    readonly text: string,
  ) {}
}
