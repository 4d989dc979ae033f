import { memoryTransport } from '@jetbox/core';
import { describeDeliveryRules } from './delivery-rules.suite';

describeDeliveryRules('the in-memory transport', () => memoryTransport(), { timingToleranceMs: 50 });
