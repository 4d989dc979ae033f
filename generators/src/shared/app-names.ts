import { camelCase, constantCase, pascalCase } from './names';

/** The names one app name gives everything generated for it. */
export interface AppNames {
  /** The project and app name, kebab case: `payments`. */
  readonly name: string;
  /** `Payments`. */
  readonly className: string;
  /** `payments`: the bounded context's first subject token. */
  readonly subjectPrefix: string;
  /** The stream of the bounded context: `PAYMENTS`. */
  readonly streamName: string;
  /** The stream's subjects: `payments.>`. */
  readonly streamSubject: string;
  /** The environment variable that renames the stream: `PAYMENTS_STREAM`. */
  readonly streamEnv: string;
  /** The exported stream constant: `PAYMENTS_STREAM`. */
  readonly streamConstant: string;
  /** `paymentsStream`: the file holding the stream is `payments.stream.ts`. */
  readonly camelName: string;
}

/** Names for the app `name` (kebab case, already checked). */
export function appNames(name: string): AppNames {
  return {
    name,
    className: pascalCase(name),
    subjectPrefix: name,
    streamName: constantCase(name),
    streamSubject: `${name}.>`,
    streamEnv: `${constantCase(name)}_STREAM`,
    streamConstant: `${constantCase(name)}_STREAM`,
    camelName: camelCase(name),
  };
}
