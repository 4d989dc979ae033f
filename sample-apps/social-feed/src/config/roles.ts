/** The parts of the feed a process can run; several processes of one role share its work. */
export const ROLES = ['api', 'users', 'posts', 'timeline', 'notifications'] as const;

/** One of {@link ROLES}. */
export type Role = (typeof ROLES)[number];

/**
 * Reads a `ROLES` value: a comma list of roles (spaces and repeats ignored); empty or absent means
 * all. Throws a list of problems for unknown roles: "ROLES holds 'timelines', which is not a role; …".
 */
export function parseRoles(value: string | undefined): { roles: Role[]; problems: string[] } {
  const asked = (value ?? '')
    .split(',')
    .map((role) => role.trim())
    .filter((role) => role !== '');
  if (asked.length === 0) return { roles: [...ROLES], problems: [] };
  const problems = asked
    .filter((role) => !(ROLES as readonly string[]).includes(role))
    .map(
      (role) =>
        `ROLES holds '${role}', which is not a role: use a comma list of ${ROLES.join(', ')} (or leave ROLES unset for all)`,
    );
  return { roles: ROLES.filter((role) => asked.includes(role)), problems };
}
