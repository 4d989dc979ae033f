import { z } from 'zod';
import { MAX_POST_LENGTH, postLength } from '../posts/post-text';
import { HANDLE_PATTERN, HANDLE_RULE } from '../users/handle';

/** A required string field, with messages that name it and say what to send. */
const requiredString = (field: string, example: string) =>
  z.string({
    error: (issue) =>
      issue.input === undefined
        ? `${field} is required, e.g. "${field}": "${example}"`
        : `${field} must be a string, e.g. "${field}": "${example}"`,
  });

/** A JSON object body, with a message that says so when something else came. */
const body = <T extends z.ZodRawShape>(shape: T, example: string) =>
  z.object(shape, { error: `send a JSON object body, e.g. ${example}` });

/** `POST /users`: `{ "handle" }`, 1–30 characters of `[a-z0-9_]`. */
export const CreateUserBody = body(
  { handle: requiredString('handle', 'ada_lovelace').regex(HANDLE_PATTERN, { error: HANDLE_RULE }) },
  '{"handle":"ada_lovelace"}',
);

/** `POST /users/:id/follows`: `{ "followeeId" }`. */
export const FollowBody = body(
  { followeeId: requiredString('followeeId', '<user id>').min(1, { error: 'followeeId must not be empty' }) },
  '{"followeeId":"<user id>"}',
);

/** `POST /posts`: `{ "authorId", "text" }`, text of 1–280 characters, not only spaces. */
export const CreatePostBody = body(
  {
    authorId: requiredString('authorId', '<user id>').min(1, { error: 'authorId must not be empty' }),
    text: requiredString('text', 'hello @ada')
      .refine((text) => text.trim().length > 0, { error: 'text must hold something besides spaces' })
      .refine((text) => postLength(text) <= MAX_POST_LENGTH, {
        error: (issue) =>
          `text must be at most ${MAX_POST_LENGTH} characters; it has ${postLength(String(issue.input))}`,
      }),
  },
  '{"authorId":"<user id>","text":"hello @ada"}',
);

/** `POST /posts/:id/likes`: `{ "userId" }`. */
export const LikeBody = body(
  { userId: requiredString('userId', '<user id>').min(1, { error: 'userId must not be empty' }) },
  '{"userId":"<user id>"}',
);

/** Most items a timeline page returns. */
export const MAX_PAGE = 100;

/** `GET /users/:id/timeline?limit=20&before=<cursor>`: limit 1–100 (default 20). */
export const TimelineQuery = z.object({
  limit: z.coerce
    .number({ error: `limit must be a whole number from 1 to ${MAX_PAGE}` })
    .int({ error: `limit must be a whole number from 1 to ${MAX_PAGE}` })
    .min(1, { error: `limit must be a whole number from 1 to ${MAX_PAGE}` })
    .max(MAX_PAGE, { error: `limit must be a whole number from 1 to ${MAX_PAGE}` })
    .default(20),
  before: z.string().min(1, { error: "before must be the 'next' of a previous page" }).optional(),
});

/** Most notifications one answer holds. */
export const MAX_NOTIFICATIONS = 1_000;

/** `GET /users/:id/notifications?limit=100`: limit 1–1 000 (default 100). */
export const NotificationsQuery = z.object({
  limit: z.coerce
    .number({ error: `limit must be a whole number from 1 to ${MAX_NOTIFICATIONS}` })
    .int({ error: `limit must be a whole number from 1 to ${MAX_NOTIFICATIONS}` })
    .min(1, { error: `limit must be a whole number from 1 to ${MAX_NOTIFICATIONS}` })
    .max(MAX_NOTIFICATIONS, { error: `limit must be a whole number from 1 to ${MAX_NOTIFICATIONS}` })
    .default(100),
});
