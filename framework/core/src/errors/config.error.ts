import { JetboxError } from './jetbox.error';

/**
 * The application is configured in a way that cannot work. Thrown by `Jetbox.create()` or
 * `app.start()` before anything connects or starts; `problems` lists every problem found, each naming
 * the class, method or option and saying what to change.
 */
export class ConfigError extends JetboxError {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      'CONFIG',
      problems.length === 1
        ? `Invalid Jetbox configuration: ${problems[0]}`
        : `Invalid Jetbox configuration (${problems.length} problems):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
  }
}
