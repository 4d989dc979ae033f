import { inject, injectable } from 'inversify';
import { DataSource } from 'typeorm';
import { NotificationEntity, type NotificationType } from './notification.entity';

/** A notification as the API shows it. */
export interface Notification {
  readonly type: NotificationType;
  readonly actorId: string;
  /** For "mentioned" and "liked". */
  readonly postId?: string;
  /** ISO 8601. */
  readonly at: string;
}

/** Reads notifications (the notifications service's table). */
@injectable()
export class NotificationQueries {
  constructor(@inject(DataSource) private readonly dataSource: DataSource) {}

  /** The newest `limit` notifications of `userId`, newest first. */
  async latest(userId: string, limit: number): Promise<Notification[]> {
    const rows = await this.dataSource.manager.find(NotificationEntity, {
      where: { userId },
      order: { at: 'DESC', id: 'DESC' },
      take: limit,
    });
    return rows.map((row) => ({
      type: row.type,
      actorId: row.actorId,
      ...(row.postId === null ? {} : { postId: row.postId }),
      at: new Date(row.at).toISOString(),
    }));
  }
}
