export { describeTransportConformance } from './transport.conformance';
export type { TransportConformanceOptions } from './conformance.fixture';
export {
  DeliveryCollector,
  type DeliveryCollectorOptions,
  type ReceivedDelivery,
} from './delivery-collector';
