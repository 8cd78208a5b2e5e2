/**
 * wshub metrics for Micrometer: {@link io.wshub.micrometer.HubMetrics} publishes a hub's
 * connections, frames, receipts, error replies, closes, queue depths and lag as meters.
 */
module io.wshub.micrometer {
  requires transitive io.wshub.core;
  requires transitive micrometer.core;

  exports io.wshub.micrometer;
}
