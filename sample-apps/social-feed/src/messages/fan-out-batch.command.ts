import { Command } from '@jetbox/core';
import { z } from 'zod';

/**
 * Put one post into the timelines of these followers: one batch of a post's fan-out, written in one
 * transaction by the timeline service. `createdAt` is the post's (its place in the timelines);
 * `batch` counts from 0 within the post; `followerIds` are in ascending order and no two batches of
 * a post share one. The post's text reaches the timeline service in `PostPublished`.
 */
@Command('social.timeline.fan_out_batch.v1', {
  schema: z.object({
    postId: z.string().min(1),
    createdAt: z.iso.datetime(),
    batch: z.number().int().min(0),
    followerIds: z.array(z.string().min(1)).min(1),
  }),
})
export class FanOutBatch {
  constructor(
    readonly postId: string,
    readonly createdAt: string,
    readonly batch: number,
    readonly followerIds: readonly string[],
  ) {}
}
