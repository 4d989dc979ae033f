import { Event } from '@jetbox/core';
import { z } from 'zod';

/** A user registered with a handle. */
@Event('social.user.registered.v1', {
  schema: z.object({ userId: z.string().min(1), handle: z.string().min(1), at: z.iso.datetime() }),
})
export class UserRegistered {
  constructor(
    readonly userId: string,
    readonly handle: string,
    /** ISO 8601. */
    readonly at: string,
  ) {}
}
