import 'reflect-metadata';
import { Event, Handles, memoryTransport, Publishes, unitOfWork, type MessageContext } from '@jetbox/core';
import { JetboxTestHarness, waitFor } from '@jetbox/testing';
import { runJetboxMigrations, typeormOutbox } from '@jetbox/typeorm';
import { Container, injectable } from 'inversify';
import { Column, Entity, PrimaryColumn, type EntityManager } from 'typeorm';
import { createTestDatabase, type TestDatabase } from './support/databases';

@Entity('embedded_note')
class Note {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ type: 'varchar', length: 200 })
  text!: string;
}

@Event('embedded.note.written.v1')
class NoteWritten {
  constructor(readonly noteId: string) {}
}

@injectable()
class Notes {
  readonly handled: string[] = [];

  @Publishes(NoteWritten)
  async write(id: string, text: string, fail = false, ctx = unitOfWork<EntityManager>()): Promise<void> {
    await ctx.manager.insert(Note, { id, text });
    ctx.publish(new NoteWritten(id));
    if (fail) throw new Error('changed my mind');
  }

  @Handles(NoteWritten)
  async onWritten(event: NoteWritten, ctx: MessageContext<EntityManager>): Promise<void> {
    await ctx.manager.update(Note, { id: event.noteId }, { text: 'seen' });
    this.handled.push(event.noteId);
  }
}

/** The embedded mode: the in-memory transport and a SQLite outbox, no server at all. */
describe('the embedded mode (in-memory transport, SQLite outbox)', () => {
  let db: TestDatabase;
  let harness: JetboxTestHarness;
  let notes: Notes;

  beforeAll(async () => {
    db = await createTestDatabase('sqlite', [Note]);
    await runJetboxMigrations(db.dataSource);
    const container = new Container();
    container.bind(Notes).toSelf().inSingletonScope();
    harness = await JetboxTestHarness.start({
      container,
      services: [Notes],
      transport: memoryTransport(),
      outbox: typeormOutbox({ dataSource: db.dataSource }),
      streams: [{ name: 'EMBEDDED', subjects: ['embedded.>'] }],
    });
    notes = container.get(Notes);
    await notes.write('n-1', 'hello');
    await notes.write('n-2', 'never', true).catch(() => undefined);
    await harness.waitForHandled();
    await waitFor(async () => (await harness.app.outboxBacklog()).unsent === 0, { description: 'an empty backlog' });
  });

  afterAll(async () => {
    await harness?.stop();
    await db?.drop();
  });

  it('should handle the committed note once, in its own transaction', async () => {
    expect([notes.handled, (await db.dataSource.getRepository(Note).findOneByOrFail({ id: 'n-1' })).text]).toStrictEqual([['n-1'], 'seen']);
  });

  it('should neither store nor publish the rolled-back note', async () => {
    expect([await db.dataSource.getRepository(Note).countBy({ id: 'n-2' }), harness.published(NoteWritten).length]).toStrictEqual([0, 1]);
  });
});
