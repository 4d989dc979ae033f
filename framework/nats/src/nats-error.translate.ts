import { JetboxError } from '@jetbox/core';
import { ErrorCode } from 'nats';

/** JetStream API error codes (`err_code`) the transport branches on. */
export const JsApiError = {
  consumerNotFound: 10014,
  streamNotFound: 10059,
  streamNameInUse: 10058,
  subjectsOverlap: 10065,
} as const;

/** The `nats` client's error code (`'503'`, `'TIMEOUT'`, …), if any. */
export function natsCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** The JetStream API `err_code` of a rejected request, if any. */
export function apiErrorCode(error: unknown): number | undefined {
  return (error as { api_error?: { err_code?: number } } | undefined)?.api_error?.err_code;
}

/** The most useful one-line description of a driver error. */
export function causeText(error: unknown): string {
  const api = (error as { api_error?: { description?: string } } | undefined)?.api_error;
  if (api?.description) return api.description;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What was being published, for the error message. */
export interface PublishAttempt {
  readonly subject: string;
  readonly dataBytes: number;
  readonly headerBytes: number;
  /** The connected server's `max_payload`, when known. */
  readonly maxPayload?: number;
  readonly timeoutMs: number;
}

/** Turns a failed `js.publish` into the port's errors, naming the subject and what to do. */
export function translatePublishError(error: unknown, attempt: PublishAttempt): JetboxError {
  const { subject } = attempt;
  const code = natsCode(error);
  const options = { cause: error };
  if (code === ErrorCode.MaxPayloadExceeded) {
    const total = attempt.dataBytes + attempt.headerBytes;
    const limit = attempt.maxPayload === undefined ? "the server's max_payload" : `the server's max_payload of ${attempt.maxPayload} bytes`;
    return new JetboxError(
      'PAYLOAD_TOO_LARGE',
      `cannot publish '${subject}': ${total} bytes (${attempt.dataBytes} of data + ${attempt.headerBytes} of headers) exceeds ${limit}; ` +
        'store large data elsewhere and publish a reference to it, or raise max_payload in the server configuration',
      options,
    );
  }
  if (code === ErrorCode.NoResponders) {
    return new JetboxError(
      'PUBLISH_FAILED',
      `cannot publish '${subject}': no stream captures this subject (JetStream did not answer for it); ` +
        'declare a stream whose subjects match it (ensureStream), or check the subject for a typo',
      options,
    );
  }
  if (code === ErrorCode.Timeout) {
    return new JetboxError(
      'PUBLISH_FAILED',
      `cannot publish '${subject}': JetStream did not acknowledge within ${attempt.timeoutMs} ms, so the message may or may not be stored; ` +
        'publish it again with the same msgId (the duplicate window drops a repeat)',
      options,
    );
  }
  if (code === ErrorCode.ConnectionClosed || code === ErrorCode.ConnectionDraining) {
    return new JetboxError('PUBLISH_FAILED', `cannot publish '${subject}': the connection to NATS is closed`, options);
  }
  return new JetboxError('PUBLISH_FAILED', `cannot publish '${subject}': ${causeText(error)}`, options);
}

const START_HINT = 'start nats-server with -js, or set NATS_URL to a server that is running';

/** Turns a failed `connect()` into a `CONNECTION` error saying how to reach the server. */
export function translateConnectError(error: unknown, where: string): JetboxError {
  const code = natsCode(error);
  const options = { cause: error };
  if (code === ErrorCode.AuthorizationViolation || code === ErrorCode.AuthenticationExpired || code === ErrorCode.AuthenticationTimeout) {
    return new JetboxError('CONNECTION', `cannot connect to NATS at ${where}: the server refused the credentials (${causeText(error)}); check user/pass, token, nkeySeed or credsFile`, options);
  }
  const reason = code === ErrorCode.Timeout || code === ErrorCode.ConnectionTimeout ? 'no answer within the connect timeout' : code === ErrorCode.ConnectionRefused ? 'connection refused' : causeText(error);
  return new JetboxError('CONNECTION', `cannot connect to NATS at ${where}: ${reason}; ${START_HINT}`, options);
}

/** The server answers but JetStream does not: `-js` missing, or not enabled for this account. */
export function translateJetStreamUnavailable(error: unknown, where: string): JetboxError {
  const code = natsCode(error);
  const disabled = code === ErrorCode.JetStreamNotEnabled;
  const reason = disabled ? 'JetStream is not enabled' : `JetStream does not answer (${causeText(error)})`;
  return new JetboxError(
    'CONNECTION',
    `NATS at ${where} is reachable but ${reason}: restart nats-server with -js (or add a jetstream block to its configuration, and enable it for this account)`,
    { cause: error },
  );
}
