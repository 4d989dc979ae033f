import { addImport, addToExportedArray, appendLine } from './source-edits';

const SERVICES = `import type { ServiceClass } from '@jetbox/core';
import { PingResponder } from './handlers/ping-responder.handler';

/** The services. */
export const services: readonly ServiceClass[] = [
  PingResponder,
];
`;

describe('source edits', () => {
  describe('addImport', () => {
    it('should put the import after the last one', () => {
      expect(addImport(SERVICES, "import { A } from './a';").split('\n').slice(0, 3)).toStrictEqual([
        "import type { ServiceClass } from '@jetbox/core';",
        "import { PingResponder } from './handlers/ping-responder.handler';",
        "import { A } from './a';",
      ]);
    });

    it('should leave a file that has the import as it is', () => {
      expect(addImport(SERVICES, "import type { ServiceClass } from '@jetbox/core';")).toStrictEqual(SERVICES);
    });
  });

  describe('addToExportedArray', () => {
    it('should append the element, one a line', () => {
      expect(addToExportedArray(SERVICES, 'services', 'CaptureRecorder', 'services.ts').split('\n').slice(-5)).toStrictEqual([
        'export const services: readonly ServiceClass[] = [',
        '  PingResponder,',
        '  CaptureRecorder,',
        '];',
        '',
      ]);
    });

    it('should fill an empty array', () => {
      expect(addToExportedArray('export const services = [];\n', 'services', 'A', 'services.ts')).toStrictEqual('export const services = [\n  A,\n];\n');
    });

    it('should leave an array that holds the element as it is', () => {
      expect(addToExportedArray(SERVICES, 'services', 'PingResponder', 'services.ts')).toStrictEqual(SERVICES);
    });

    describe('when the file has no such array', () => {
      it('should refuse, saying what to add by hand', () => {
        expect(() => addToExportedArray('export function services() {}\n', 'services', 'A', 'apps/x/src/services.ts')).toThrow(
          'Cannot find `export const services = [ … ]` in apps/x/src/services.ts, so the generator cannot add A to it. Restore that array (one class a line), or add A to your own list by hand and generate again.',
        );
      });
    });
  });

  describe('appendLine', () => {
    it('should append a line once', () => {
      expect(appendLine(appendLine('// events\n', "export * from './a';"), "export * from './a';")).toStrictEqual("// events\nexport * from './a';\n");
    });
  });
});
