/** The most characters (Unicode code points, so an emoji counts once) a post may hold. */
export const MAX_POST_LENGTH = 280;

/** Characters in `text` as a reader counts them: code points, not UTF-16 units. */
export function postLength(text: string): number {
  return [...text].length;
}

const MENTION = /(?<![A-Za-z0-9_])@([A-Za-z0-9_]{1,30})(?![A-Za-z0-9_])/g;

/** The handles a post names with `@handle`, lower-cased, each once, in order of first mention. */
export function mentionedHandles(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((match) => match[1]!.toLowerCase()))];
}
