import type { JetStreamManager } from 'nats';

/**
 * Makes room for a stream of `subject` on a shared NATS server: deletes streams capturing it whose
 * names start with `ownPrefix` (left by an interrupted run of the same test), and throws, naming it,
 * when another stream captures it (two streams may not overlap).
 */
export async function clearStreamsOf(jsm: JetStreamManager, subject: string, ownPrefix: string): Promise<void> {
  for await (const stream of jsm.streams.list()) {
    if (!stream.config.subjects?.includes(subject)) continue;
    if (!stream.config.name.startsWith(ownPrefix)) {
      throw new Error(`The stream ${stream.config.name} on the shared NATS server already captures '${subject}', so the test cannot create its own: delete it (\`nats stream rm ${stream.config.name}\`) if nothing needs it.`);
    }
    await jsm.streams.delete(stream.config.name);
  }
}
