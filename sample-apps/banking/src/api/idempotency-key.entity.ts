import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintAsNumber } from '../persistence/columns';

/**
 * A POST answered under an `Idempotency-Key`: the key is claimed in the transaction of the request's
 * effect, and the answer stored there too, so a repeat gets the same answer and changes nothing.
 */
@Entity('idempotency_keys')
export class IdempotencyKey {
  @PrimaryColumn({ name: 'idempotency_key', type: 'varchar', length: 255 })
  key!: string;

  /** SHA-256 of method, path and body: the same key with another request is refused. */
  @Column({ type: 'varchar', length: 64 })
  fingerprint!: string;

  @Column({ name: 'status_code', type: 'int' })
  statusCode!: number;

  /** The JSON answer. */
  @Column({ name: 'response_body', type: 'text' })
  responseBody!: string;

  /** Epoch ms. */
  @Column({ name: 'created_at', type: 'bigint', transformer: bigintAsNumber })
  createdAt!: number;
}
