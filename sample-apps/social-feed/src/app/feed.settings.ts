/** Tuning the services read from the container. */
export interface FeedSettings {
  /** Followers per `FanOutBatch`: timeline entries written per transaction. */
  readonly fanOutBatchSize: number;
}

/** The container token of {@link FeedSettings}. */
export const FEED_SETTINGS = Symbol.for('@jetbox/sample-social-feed/settings');

/** The defaults. */
export const FEED_SETTINGS_DEFAULTS: FeedSettings = { fanOutBatchSize: 500 };
