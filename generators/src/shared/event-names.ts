import { camelCase, pascalCase } from './names';

/** The names one event gives its class, file, schema and subject. */
export interface EventNames {
  /** Kebab case, as typed: `payment-captured`. */
  readonly name: string;
  readonly version: number;
  /** `PaymentCaptured` (version 1), `PaymentCapturedV2` (later versions). */
  readonly className: string;
  /** `PaymentCapturedSchema`. */
  readonly schemaName: string;
  /** Under `src/events/`, without `.ts`: `payment-captured.event`, `payment-captured.v2.event`. */
  readonly fileName: string;
  /** `<app>.<event words, dotted>.v<version>`: `payments.payment.captured.v1`. */
  readonly subject: string;
  /**
   * The payload's one generated field, an id of what the event is about: `paymentId` for
   * `payment-captured` (every word but the last), `id` for a one-word event.
   */
  readonly keyField: string;
}

/** Names for the event `name` (kebab case, already checked) of the app `app`, at `version`. */
export function eventNames(app: string, name: string, version: number): EventNames {
  const className = version === 1 ? pascalCase(name) : `${pascalCase(name)}V${version}`;
  const subjectWords = name.split('-');
  const aboutWords = subjectWords.slice(0, -1);
  return {
    name,
    version,
    className,
    schemaName: `${className}Schema`,
    fileName: version === 1 ? `${name}.event` : `${name}.v${version}.event`,
    subject: `${app}.${subjectWords.join('.')}.v${version}`,
    keyField: aboutWords.length === 0 ? 'id' : `${camelCase(aboutWords.join('-'))}Id`,
  };
}
