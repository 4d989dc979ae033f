import { constantCase, pascalCase } from './names';

/** The names one app name gives everything generated for it. */
export interface AppNames {
  /** The project and app name, kebab case: `payments`, `order-fulfilment`. */
  readonly name: string;
  /** `Payments`: the prefix of the app's own types (`PaymentsConfig`). */
  readonly className: string;
  /** The file of the stream, without `.stream.ts`: `payments`. */
  readonly fileName: string;
  /** The stream of the bounded context: `PAYMENTS`, `ORDER_FULFILMENT`. */
  readonly streamName: string;
  /** The stream's subjects: `payments.>`. */
  readonly streamSubject: string;
  /** The exported stream constant, and the environment variable that renames the stream: `PAYMENTS_STREAM`. */
  readonly streamConstant: string;
  readonly streamEnv: string;
  /** The default database: `payments`, `order_fulfilment`. */
  readonly databaseName: string;
}

/** Names for the app `name` (kebab case, already checked). */
export function appNames(name: string): AppNames {
  return {
    name,
    className: pascalCase(name),
    fileName: name,
    streamName: constantCase(name),
    streamSubject: `${name}.>`,
    streamConstant: `${constantCase(name)}_STREAM`,
    streamEnv: `${constantCase(name)}_STREAM`,
    databaseName: name.replace(/-/g, '_'),
  };
}
