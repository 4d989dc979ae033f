/** The environment configures the banking app in a way that cannot work; `problems` says what to change. */
export class BankingConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(problems.length === 1 ? `invalid configuration: ${problems[0]}` : `invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'BankingConfigError';
  }
}
