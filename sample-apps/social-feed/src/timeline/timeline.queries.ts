import { inject, injectable } from 'inversify';
import { DataSource } from 'typeorm';
import { TimelineEntryEntity } from './timeline-entry.entity';
import { TimelinePostEntity } from './timeline-post.entity';
import { encodeCursor, type TimelinePosition } from './timeline.cursor';

/** One post in a timeline page. */
export interface TimelineItem {
  readonly postId: string;
  readonly authorId: string;
  readonly text: string;
  /** ISO 8601. */
  readonly createdAt: string;
}

/** A page of a timeline, newest first; `next` is there when older items may follow. */
export interface TimelinePage {
  readonly items: TimelineItem[];
  readonly next?: string;
}

interface Row {
  postId: string;
  authorId: string;
  text: string;
  createdAt: string | number;
}

/** Reads timelines (the timeline service's tables), newest first, by cursor. */
@injectable()
export class TimelineQueries {
  constructor(@inject(DataSource) private readonly dataSource: DataSource) {}

  /**
   * Up to `limit` entries of `userId`'s timeline older than `before` (from the newest when undefined),
   * ordered by (createdAt, postId) descending: stable under ties and under new posts arriving.
   */
  async page(userId: string, limit: number, before?: TimelinePosition): Promise<TimelinePage> {
    const query = this.dataSource.manager
      .createQueryBuilder(TimelineEntryEntity, 'e')
      .innerJoin(TimelinePostEntity, 'p', 'p.post_id = e.post_id')
      .select([
        'e.post_id AS postId',
        'p.author_id AS authorId',
        'p.text AS text',
        'e.created_at AS createdAt',
      ])
      .where('e.user_id = :userId', { userId })
      .orderBy('e.created_at', 'DESC')
      .addOrderBy('e.post_id', 'DESC')
      .limit(limit + 1);
    if (before) {
      query.andWhere('(e.created_at < :at OR (e.created_at = :at AND e.post_id < :postId))', {
        at: before.createdAt,
        postId: before.postId,
      });
    }
    const rows = await query.getRawMany<Row>();
    const items = rows.slice(0, limit).map((row) => ({
      postId: row.postId,
      authorId: row.authorId,
      text: row.text,
      createdAt: new Date(Number(row.createdAt)).toISOString(),
    }));
    if (rows.length <= limit) return { items };
    const last = items[items.length - 1]!;
    return { items, next: encodeCursor({ createdAt: Date.parse(last.createdAt), postId: last.postId }) };
  }
}
