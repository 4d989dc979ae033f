import type { AccountView, StatementLineView, TransferView } from '../api/banking.queries';

/** An HTTP answer as received. */
export interface BankResponse<T = unknown> {
  readonly status: number;
  readonly body: T;
  readonly headers: Headers;
}

/** Options of one call. */
export interface CallOptions {
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as it is, with `Content-Type: application/json` (for malformed JSON). */
  readonly raw?: string;
  readonly idempotencyKey?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** A small client of the banking HTTP API (Node's fetch), for the demo, the tests and the benchmark. */
export class BankClient {
  constructor(readonly baseUrl: string) {}

  /** Any call; never throws on an HTTP status. */
  async call<T = unknown>(method: string, path: string, options: CallOptions = {}): Promise<BankResponse<T>> {
    const headers: Record<string, string> = { ...options.headers };
    let body: string | undefined;
    if (options.json !== undefined || options.raw !== undefined) {
      headers['content-type'] = 'application/json';
      body = options.raw ?? JSON.stringify(options.json);
    }
    if (options.idempotencyKey !== undefined) headers['idempotency-key'] = options.idempotencyKey;
    const response = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T, headers: response.headers };
  }

  /** `POST /accounts`; throws unless 201. */
  async openAccount(owner: string): Promise<AccountView> {
    return expectStatus(await this.call<AccountView>('POST', '/accounts', { json: { owner } }), 201);
  }

  /** `POST /accounts/:id/deposits`; throws unless 201. */
  async deposit(accountId: string, amount: number, idempotencyKey?: string): Promise<{ accountId: string; balance: number }> {
    return expectStatus(await this.call('POST', `/accounts/${accountId}/deposits`, { json: { amount }, idempotencyKey }), 201);
  }

  /** `POST /transfers`; throws unless 202. */
  async transfer(fromAccountId: string, toAccountId: string, amount: number, idempotencyKey?: string): Promise<{ id: string; status: 'pending' }> {
    return expectStatus(await this.call('POST', '/transfers', { json: { fromAccountId, toAccountId, amount }, idempotencyKey }), 202);
  }

  /** `GET /accounts/:id`; throws unless 200. */
  async account(id: string): Promise<AccountView> {
    return expectStatus(await this.call<AccountView>('GET', `/accounts/${id}`), 200);
  }

  /** `GET /transfers/:id`; throws unless 200. */
  async getTransfer(id: string): Promise<TransferView> {
    return expectStatus(await this.call<TransferView>('GET', `/transfers/${id}`), 200);
  }

  /** `GET /accounts/:id/statement`; throws unless 200. */
  async statement(accountId: string): Promise<StatementLineView[]> {
    return expectStatus(await this.call<StatementLineView[]>('GET', `/accounts/${accountId}/statement`), 200);
  }
}

function expectStatus<T>(response: BankResponse, status: number): T {
  if (response.status !== status) throw new Error(`expected HTTP ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body as T;
}
