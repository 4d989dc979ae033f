export { JetStreamTransport, nats } from './jetstream.transport';
export { JetStreamSubscription } from './jetstream.subscription';
export { JetStreamDelivery } from './jetstream.delivery';
export { NATS_DEFAULTS, type NatsReconnectOptions, type NatsTransportLogger, type NatsTransportOptions } from './nats.options';
