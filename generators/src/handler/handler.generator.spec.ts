import type { Tree } from '@nx/devkit';
import { eventGenerator } from '../event/event.generator';
import { refusalOf } from '../testing/refusal';
import { read, workspaceWithApp } from '../testing/trees';
import { handlerGenerator, publishedNames } from './handler.generator';

async function paymentsWithEvents(...events: string[]): Promise<Tree> {
  const tree = await workspaceWithApp('payments');
  for (const name of events) await eventGenerator(tree, { name, project: 'payments' });
  return tree;
}

const decoratedLines = (source: string) => source.split('\n').filter((line) => /^\s*(@Handles|@Publishes|async on|ctx\.publish|import)/.test(line)).map((line) => line.trim());

describe('the handler generator', () => {
  describe('when it adds an idempotent capture-recorder that publishes payment-recorded', () => {
    let tree: Tree;

    beforeAll(async () => {
      tree = await paymentsWithEvents('payment-captured', 'payment-recorded');
      await handlerGenerator(tree, { name: 'capture-recorder', project: 'payments', event: 'payment-captured', idempotent: true, publishes: 'payment-recorded' });
    });

    it('should write an injectable service whose @Handles method is idempotent and publishes PaymentRecorded', () => {
      expect(decoratedLines(read(tree, 'apps/payments/src/handlers/capture-recorder.handler.ts'))).toStrictEqual([
        "import { Handles, Publishes, type Logger, type MessageContext } from '@jetbox/core';",
        "import { inject, injectable } from 'inversify';",
        "import type { EntityManager } from 'typeorm';",
        "import { PaymentCaptured, PaymentRecorded } from '../events';",
        "import { AppLogger } from '../logger';",
        "@Handles(PaymentCaptured, { durable: 'payments-capture-recorder', idempotent: true })",
        '@Publishes(PaymentRecorded)',
        'async onPaymentCaptured(event: PaymentCaptured, ctx: MessageContext<EntityManager>): Promise<void> {',
        'ctx.publish(new PaymentRecorded(event.paymentId), { key: event.paymentId });',
      ]);
    });

    it("should bind it in the app's container through the services list", () => {
      const services = read(tree, 'apps/payments/src/services.ts');
      expect([
        services.includes("import { CaptureRecorder } from './handlers/capture-recorder.handler';"),
        services.includes('export const services: readonly ServiceClass[] = [\n  PingResponder,\n  CaptureRecorder,\n];'),
      ]).toStrictEqual([true, true]);
    });

    it('should write a test that publishes the event with the harness and checks the handler ran, used the inbox and published', () => {
      const spec = read(tree, 'apps/payments/src/handlers/capture-recorder.handler.spec.ts');
      expect(
        [
          "await app.harness.publish(new PaymentCaptured('payment-1'));",
          "await app.harness.waitForHandled({ message: PaymentCaptured, durable: 'payments-capture-recorder' });",
          'SELECT consumer, message_id FROM jetbox_inbox',
          "toStrictEqual([{ paymentId: 'payment-1' }]);",
        ].map((part) => spec.includes(part)),
      ).toStrictEqual([true, true, true, true]);
    });
  });

  describe('when it adds a handler without --idempotent or --publishes', () => {
    let source: string;

    beforeAll(async () => {
      const tree = await paymentsWithEvents('payment-captured');
      await handlerGenerator(tree, { name: 'capture-logger', project: 'payments', event: 'payment-captured' });
      source = read(tree, 'apps/payments/src/handlers/capture-logger.handler.ts');
    });

    it('should say idempotent: false and publish nothing', () => {
      expect(decoratedLines(source).filter((line) => !line.startsWith('import'))).toStrictEqual([
        "@Handles(PaymentCaptured, { durable: 'payments-capture-logger', idempotent: false })",
        'async onPaymentCaptured(event: PaymentCaptured, ctx: MessageContext): Promise<void> {',
      ]);
    });
  });

  describe('publishedNames', () => {
    it('should split, trim and dedupe --publishes, given once or more', () => {
      expect([publishedNames(' a, b ,a,'), publishedNames(['a,b', 'c']), publishedNames(undefined)]).toStrictEqual([['a', 'b'], ['a', 'b', 'c'], []]);
    });
  });

  describe('refusals', () => {
    let tree: Tree;

    beforeAll(async () => {
      tree = await paymentsWithEvents('payment-captured', 'payment-recorded');
      await handlerGenerator(tree, { name: 'capture-recorder', project: 'payments', event: 'payment-captured' });
    });

    describe('when the handler exists', () => {
      let refusal: string;
      let services: string;

      beforeAll(async () => {
        tree.write('apps/payments/src/handlers/capture-recorder.handler.spec.ts', '// mine now\n');
        services = read(tree, 'apps/payments/src/services.ts');
        refusal = await refusalOf(() => handlerGenerator(tree, { name: 'capture-recorder', project: 'payments', event: 'payment-captured', idempotent: true }));
      });

      it('should refuse, naming the files and what to do', () => {
        expect(refusal).toStrictEqual(
          'These files already exist: apps/payments/src/handlers/capture-recorder.handler.spec.ts, apps/payments/src/handlers/capture-recorder.handler.ts, and generators never overwrite your files. To generate it again, delete it first; otherwise pick another handler name.',
        );
      });

      it("should leave the user's files as they were", () => {
        expect([read(tree, 'apps/payments/src/handlers/capture-recorder.handler.spec.ts'), read(tree, 'apps/payments/src/services.ts')]).toStrictEqual([
          '// mine now\n',
          services,
        ]);
      });
    });

    it.each([
      [{ name: 'CaptureAuditor', event: 'payment-captured' }, "The handler name 'CaptureAuditor' is not kebab case: type capture-auditor."],
      [{ name: 'capture-auditor', event: 'payment_captured' }, "--event 'payment_captured' is not kebab case: type payment-captured."],
      [
        { name: 'capture-auditor', event: 'payment-captured', publishes: 'payment-recorded,AuditWritten' },
        "--publishes entry 'AuditWritten' is not kebab case: type audit-written.",
      ],
      [
        { name: 'capture-auditor', event: 'payment-refunded' },
        '--event=payment-refunded: there is no event \'payment-refunded\' in payments (no apps/payments/src/events/payment-refunded.event.ts). Events in payments: payment-captured, payment-recorded, ping, pong. Create it first with `nx g @jetbox/generators:event payment-refunded --project=payments`.',
      ],
      [
        { name: 'capture-auditor', event: 'payment-captured', publishes: 'audit-written' },
        "--publishes=audit-written: there is no event 'audit-written' in payments (no apps/payments/src/events/audit-written.event.ts). Events in payments: payment-captured, payment-recorded, ping, pong. Create it first with `nx g @jetbox/generators:event audit-written --project=payments`.",
      ],
      [
        { name: 'capture-auditor', event: 'payment-captured', publishes: 'payment-captured' },
        '--publishes=payment-captured: the handler would publish the event it handles, and so handle its own messages forever. Name another event.',
      ],
      [
        { name: 'payment-captured', event: 'payment-captured' },
        "The handler 'payment-captured' would be a class PaymentCaptured, the name of the event class it uses. Name the handler after what it does, e.g. payment-captured-handler.",
      ],
    ])('should refuse %j with what to type instead', async (options, message) => {
      expect(await refusalOf(() => handlerGenerator(tree, { project: 'payments', ...options }))).toStrictEqual(message);
    });

    describe('when --project names no project', () => {
      it('should refuse, listing the Jetbox apps to type', async () => {
        expect(await refusalOf(() => handlerGenerator(tree, { name: 'capture-auditor', project: 'payment', event: 'payment-captured' }))).toStrictEqual(
          "There is no project 'payment' in this workspace. Jetbox apps here: payments — type --project=payments, or create a new app with `nx g @jetbox/generators:app payment`.",
        );
      });
    });

    describe("when the app's services list is gone", () => {
      it('should refuse before writing the handler, saying what to add by hand', async () => {
        const restructured = await paymentsWithEvents('payment-captured');
        restructured.write('apps/payments/src/services.ts', 'export function services() {\n  return [];\n}\n');
        const refusal = await refusalOf(() => handlerGenerator(restructured, { name: 'capture-auditor', project: 'payments', event: 'payment-captured' }));
        expect([refusal, restructured.exists('apps/payments/src/handlers/capture-auditor.handler.ts')]).toStrictEqual([
          'Cannot find `export const services = [ … ]` in apps/payments/src/services.ts, so the generator cannot add CaptureAuditor to it. Restore that array (one class a line), or add CaptureAuditor to your own list by hand and generate again.',
          false,
        ]);
      });
    });
  });
});
