/** What a handle is: 1–30 characters of `[a-z0-9_]`. */
export const HANDLE_PATTERN = /^[a-z0-9_]{1,30}$/;

/** Says what a valid handle looks like, for error messages. */
export const HANDLE_RULE = 'a handle is 1–30 characters of a-z, 0-9 and _ (lower case), e.g. "ada_lovelace"';
