/** Why the process could not start, in one message, with a hint where one helps (a busy port). */
export function describeStartError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return (error as { code?: string } | null)?.code === 'EADDRINUSE' ? `${message}; set PORT to a free port` : message;
}
