/** Options of the `app` generator (schema.json). */
export interface AppGeneratorSchema {
  /** Kebab case: `payments`. */
  readonly name: string;
  /** Default `apps`: the app goes in `apps/<name>`. */
  readonly directory?: string;
}
