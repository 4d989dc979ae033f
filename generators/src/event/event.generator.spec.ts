import type { Tree } from '@nx/devkit';
import { refusalOf } from '../testing/refusal';
import { emptyWorkspace, read, workspaceWithApp } from '../testing/trees';
import { eventGenerator } from './event.generator';

const declarationLines = (source: string) => source.split('\n').filter((line) => /^(@Event|export (class|const))/.test(line) || line.includes(': z.'));

describe('the event generator', () => {
  describe('when it adds payment-captured to payments', () => {
    let tree: Tree;

    beforeAll(async () => {
      tree = await workspaceWithApp('payments');
      await eventGenerator(tree, { name: 'payment-captured', project: 'payments' });
    });

    it('should write a class with a zod schema and the subject payments.payment.captured.v1', () => {
      expect(declarationLines(read(tree, 'apps/payments/src/events/payment-captured.event.ts'))).toStrictEqual([
        'export const PaymentCapturedSchema = z.object({',
        '  paymentId: z.string().min(1),',
        "@Event('payments.payment.captured.v1', { schema: PaymentCapturedSchema })",
        'export class PaymentCaptured {',
      ]);
    });

    it('should export it from the app', () => {
      expect(read(tree, 'apps/payments/src/events/index.ts').split('\n').filter((line) => line.startsWith('export'))).toStrictEqual([
        "export * from './ping.event';",
        "export * from './pong.event';",
        "export * from './payment-captured.event';",
      ]);
    });
  });

  describe('when --version=2 is given for an event that has version 1', () => {
    let tree: Tree;

    beforeAll(async () => {
      tree = await workspaceWithApp('payments');
      await eventGenerator(tree, { name: 'payment-captured', project: 'payments' });
      await eventGenerator(tree, { name: 'payment-captured', project: 'payments', version: 2 });
    });

    it('should write the new version beside the first, with the version in its class and subject', () => {
      expect(declarationLines(read(tree, 'apps/payments/src/events/payment-captured.v2.event.ts')).slice(2)).toStrictEqual([
        "@Event('payments.payment.captured.v2', { schema: PaymentCapturedV2Schema })",
        'export class PaymentCapturedV2 {',
      ]);
    });
  });

  describe('refusals', () => {
    describe('when the event exists', () => {
      let tree: Tree;
      let before: string;
      let refusal: string;

      beforeAll(async () => {
        tree = await workspaceWithApp('payments');
        await eventGenerator(tree, { name: 'payment-captured', project: 'payments' });
        tree.write('apps/payments/src/events/payment-captured.event.ts', '// mine now\n');
        before = read(tree, 'apps/payments/src/events/index.ts');
        refusal = await refusalOf(() => eventGenerator(tree, { name: 'payment-captured', project: 'payments' }));
      });

      it('should refuse, naming the file and what to do', () => {
        expect(refusal).toStrictEqual(
          'apps/payments/src/events/payment-captured.event.ts already exists, and generators never overwrite your files. To generate it again, delete it first; otherwise pick another event name, or add a version with --version=2.',
        );
      });

      it("should leave the user's file and the index as they were", () => {
        expect([read(tree, 'apps/payments/src/events/payment-captured.event.ts'), read(tree, 'apps/payments/src/events/index.ts')]).toStrictEqual(['// mine now\n', before]);
      });
    });

    describe('when the event name is not kebab case', () => {
      it('should refuse with the kebab-case name to type', async () => {
        const tree = await workspaceWithApp('payments');
        expect(await refusalOf(() => eventGenerator(tree, { name: 'PaymentCaptured', project: 'payments' }))).toStrictEqual(
          "The event name 'PaymentCaptured' is not kebab case: type payment-captured.",
        );
      });
    });

    describe('when --project names no project', () => {
      it('should refuse, listing the Jetbox apps to type', async () => {
        const tree = await workspaceWithApp('payments');
        expect(await refusalOf(() => eventGenerator(tree, { name: 'payment-captured', project: 'paymnts' }))).toStrictEqual(
          "There is no project 'paymnts' in this workspace. Jetbox apps here: payments — type --project=payments, or create a new app with `nx g @jetbox/generators:app paymnts`.",
        );
      });
    });

    describe('when the workspace has no Jetbox app', () => {
      it('should refuse, saying how to create one', async () => {
        expect(await refusalOf(() => eventGenerator(emptyWorkspace(), { name: 'payment-captured', project: 'payments' }))).toStrictEqual(
          "There is no project 'payments' in this workspace. There is no Jetbox app in this workspace yet: create one with `nx g @jetbox/generators:app payments`.",
        );
      });
    });

    describe('when --project is not a Jetbox app', () => {
      it('should refuse, listing the Jetbox apps', async () => {
        const tree = await workspaceWithApp('payments');
        expect(await refusalOf(() => eventGenerator(tree, { name: 'payment-captured', project: 'tools' }))).toStrictEqual(
          "Project 'tools' is not a Jetbox app: its project configuration has no 'jetbox:app' tag (apps made by `nx g @jetbox/generators:app` have it). Jetbox apps here: payments — type --project=payments, or create a new app with `nx g @jetbox/generators:app tools`.",
        );
      });
    });

    describe('when --version is not a whole number from 1', () => {
      it('should refuse with a version to type', async () => {
        const tree = await workspaceWithApp('payments');
        expect(await refusalOf(() => eventGenerator(tree, { name: 'payment-captured', project: 'payments', version: 0 }))).toStrictEqual(
          '--version=0 is not a version: type a whole number from 1, e.g. --version=2.',
        );
      });
    });
  });
});
