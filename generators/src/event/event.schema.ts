/** Options of the `event` generator (schema.json). */
export interface EventGeneratorSchema {
  /** Kebab case: `payment-captured`. */
  readonly name: string;
  /** The Jetbox app. */
  readonly project: string;
  /** Default 1. */
  readonly version?: number;
}
