package io.wshub.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.wshub.core.CloseCodes;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import io.wshub.core.HubStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;

/**
 * A hub's metrics as Micrometer meters. Give the hub its {@link #listener()} when you build it,
 * then {@link #watch} the hub and bind the metrics to a registry:
 *
 * <pre>{@code
 * HubMetrics<Long> metrics = new HubMetrics<>(Tags.of("hub", "chat"));
 * Hub<Long> hub = Hub.builder().listener(metrics.listener()).build();
 * metrics.watch(hub).bindTo(registry);
 * }</pre>
 *
 * <p>The meters, each with the tags given here:
 *
 * <table>
 * <caption>meters</caption>
 * <tr><th>name</th><th>type</th><th>what</th></tr>
 * <tr><td>{@code wshub.connections}</td><td>gauge</td><td>connections registered now</td></tr>
 * <tr><td>{@code wshub.ids.online}</td><td>gauge</td><td>distinct ids online now</td></tr>
 * <tr><td>{@code wshub.connections.accepted}, {@code wshub.connections.rejected}</td><td>counters</td>
 *     <td>connections registered, and refused by the hub (duplicate id, system id, shutting down)</td></tr>
 * <tr><td>{@code wshub.frames.in}</td><td>counter</td><td>text frames received from registered connections</td></tr>
 * <tr><td>{@code wshub.frames.out}</td><td>counter</td><td>frames accepted into outbound queues</td></tr>
 * <tr><td>{@code wshub.frames.dropped}</td><td>counter</td><td>accepted frames dropped with a slow consumer</td></tr>
 * <tr><td>{@code wshub.receipts}</td><td>counter, tag {@code outcome}: {@code success}, {@code not_online}</td>
 *     <td>receipts sent</td></tr>
 * <tr><td>{@code wshub.error.replies}</td><td>counter</td><td>error replies to frames the hub could not route</td></tr>
 * <tr><td>{@code wshub.closes}</td><td>counter, tags {@code code} and {@code reason}</td>
 *     <td>connections gone, by close code: the hub's closes and the clients' alike</td></tr>
 * <tr><td>{@code wshub.slow.consumer.closes}</td><td>counter</td><td>connections closed with 1013</td></tr>
 * <tr><td>{@code wshub.protocol.errors}</td><td>counter</td><td>connections the transport closed for a protocol error</td></tr>
 * <tr><td>{@code wshub.cluster.deliveries.refused}</td><td>counter</td>
 *     <td>messages from other nodes refused, not delivered, because the hub was behind
 *     (see {@link HubStats#clusterDeliveriesRefused()})</td></tr>
 * <tr><td>{@code wshub.queue.inbound}</td><td>gauge</td><td>frames received and not yet routed</td></tr>
 * <tr><td>{@code wshub.queue.outbound}</td><td>gauge</td><td>frames queued for connections and not yet written</td></tr>
 * <tr><td>{@code wshub.lag}</td><td>timer</td><td>the hub's own lag, see {@link HubListener#onLag}</td></tr>
 * </table>
 *
 * <p>In Prometheus's format they are {@code wshub_connections}, {@code wshub_frames_in_total},
 * {@code wshub_receipts_total{outcome="success"}}, {@code wshub_lag_seconds_count} and so on.
 *
 * <p>The counters and gauges read {@link Hub#stats()}: one snapshot serves every meter read within
 * 100 ms of it (a scrape reads them all at once), and a snapshot the hub does not give within a
 * second (a hub far behind) leaves the meters at the previous one. Read them off the hub's thread
 * (not from a listener or a rule). {@code wshub.closes} and {@code wshub.lag} come from the listener.
 * The {@code code} tag is the close code for the codes wshub and RFC 6455 name, and {@code other} for
 * the rest (a client may send any code from 3000 to 4999: one series each would be unbounded).
 *
 * <p>Thread-safe. One instance serves one hub; for two hubs, make two with different tags.
 *
 * @param <Id> the hub's id type
 */
public final class HubMetrics<Id> implements MeterBinder {

  private static final Duration MAX_AGE = Duration.ofMillis(100);
  private static final HubStats NOTHING_YET = new HubStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, true, 0, 0, 0);

  private final Tags tags;
  /** How long one snapshot serves the meters' reads. */
  private final long maxAgeNanos;
  private final HubListener<Id> listener = new Listener();
  // The listener runs on the hub's thread: it never takes a lock that a reader of the meters holds
  // while it waits for the hub (statsLock), or the hub would wait for itself until the timeout.
  private final List<MeterRegistry> registries = new CopyOnWriteArrayList<>();
  /** The close counters of each code, one per registry. */
  private final Map<Integer, List<Counter>> closes = new ConcurrentHashMap<>();
  private final List<Timer> lag = new CopyOnWriteArrayList<>();
  private volatile Hub<Id> hub;
  private final Object statsLock = new Object();
  /** Guarded by statsLock. */
  private HubStats stats = NOTHING_YET;
  private long statsAt;

  /** Metrics without tags of their own. */
  public HubMetrics() {
    this(Tags.empty());
  }

  /**
   * Metrics tagged with {@code tags} (such as {@code hub=chat}), to tell two hubs apart.
   *
   * @param tags the tags every meter gets
   */
  public HubMetrics(Iterable<Tag> tags) {
    this(tags, MAX_AGE);
  }

  /** For tests that read a meter, make traffic, and read it again at once. */
  HubMetrics(Iterable<Tag> tags, Duration maxAge) {
    this.tags = Tags.of(Objects.requireNonNull(tags, "tags"));
    this.maxAgeNanos = maxAge.toNanos();
  }

  /**
   * The listener to give the hub's builder ({@link io.wshub.core.HubBuilder#listener}): it counts
   * closes by code and records the lag. It runs on the hub's thread and only adds to meters.
   *
   * @return the listener, the same every time
   */
  public HubListener<Id> listener() {
    return listener;
  }

  /**
   * The hub whose {@linkplain Hub#stats() stats} the counters and gauges read; until it is given,
   * they read zero.
   *
   * @param hub the hub, built with {@link #listener()}
   * @return this
   * @throws IllegalStateException if another hub was given before
   */
  public HubMetrics<Id> watch(Hub<Id> hub) {
    Objects.requireNonNull(hub, "hub");
    synchronized (this) {
      if (this.hub != null && this.hub != hub) {
        throw new IllegalStateException("these metrics watch another hub already; make a HubMetrics for each hub");
      }
      this.hub = hub;
    }
    return this;
  }

  /**
   * Registers the meters with {@code registry}. It may be called for several registries.
   *
   * @param registry the registry
   */
  @Override
  public void bindTo(MeterRegistry registry) {
    Objects.requireNonNull(registry, "registry");
    gauge(registry, "wshub.connections", "connections registered now", HubStats::connections);
    gauge(registry, "wshub.ids.online", "distinct ids online now", HubStats::onlineIds);
    gauge(registry, "wshub.queue.inbound", "frames received and not yet routed by the hub",
        HubStats::inboundQueued);
    gauge(registry, "wshub.queue.outbound", "frames queued for connections and not yet written",
        HubStats::outboundQueued);
    counter(registry, "wshub.connections.accepted", "connections registered",
        HubStats::connectionsAccepted, Tags.empty());
    counter(registry, "wshub.connections.rejected", "connections refused by the hub",
        HubStats::connectionsRejected, Tags.empty());
    counter(registry, "wshub.frames.in", "text frames received from registered connections",
        HubStats::framesReceived, Tags.empty());
    counter(registry, "wshub.frames.out", "frames accepted into outbound queues",
        HubStats::framesDelivered, Tags.empty());
    counter(registry, "wshub.frames.dropped", "accepted frames dropped with a slow consumer",
        HubStats::framesDropped, Tags.empty());
    counter(registry, "wshub.receipts", "receipts sent", HubStats::successReceipts,
        Tags.of("outcome", "success"));
    counter(registry, "wshub.receipts", "receipts sent", HubStats::notOnlineReceipts,
        Tags.of("outcome", "not_online"));
    counter(registry, "wshub.error.replies", "error replies to frames the hub could not route",
        HubStats::errorReplies, Tags.empty());
    counter(registry, "wshub.slow.consumer.closes", "connections closed as slow consumers (1013)",
        HubStats::slowConsumerCloses, Tags.empty());
    counter(registry, "wshub.protocol.errors", "connections closed for a protocol error below the messages",
        HubStats::protocolErrors, Tags.empty());
    counter(registry, "wshub.cluster.deliveries.refused",
        "messages from other nodes refused, not delivered, because the hub was behind",
        HubStats::clusterDeliveriesRefused, Tags.empty());
    Timer timer = Timer.builder("wshub.lag")
        .description("how long a frame arriving at a measurement waited for the hub's thread")
        .tags(tags)
        .register(registry);
    registries.add(registry);
    lag.add(timer);
    closes.clear(); // made again, for every registry, at the next close of each code
  }

  private void gauge(MeterRegistry registry, String name, String description, ToDoubleFunction<HubStats> value) {
    Gauge.builder(name, this, metrics -> value.applyAsDouble(metrics.stats()))
        .description(description)
        .tags(tags)
        .strongReference(true)
        .register(registry);
  }

  private void counter(MeterRegistry registry, String name, String description, ToDoubleFunction<HubStats> value,
      Tags extra) {
    FunctionCounter.builder(name, this, metrics -> value.applyAsDouble(metrics.stats()))
        .description(description)
        .tags(tags.and(extra))
        .register(registry);
  }

  /** The latest snapshot, taken again when it is older than 100 ms. */
  private HubStats stats() {
    synchronized (statsLock) {
      return snapshot();
    }
  }

  private HubStats snapshot() {
    Hub<Id> watched = hub;
    long now = System.nanoTime();
    if (watched == null || (statsAt != 0 && now - statsAt < maxAgeNanos)) {
      return stats;
    }
    try {
      stats = watched.stats().get(1, TimeUnit.SECONDS);
      statsAt = now;
    } catch (TimeoutException | ExecutionException e) {
      // A hub far behind, or stopped: the meters keep the last snapshot.
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return stats;
  }

  private List<Counter> closesOf(int code) {
    return closes.computeIfAbsent(code, known -> {
      List<Counter> counters = new ArrayList<>(registries.size());
      for (MeterRegistry registry : registries) {
        counters.add(Counter.builder("wshub.closes")
            .description("connections gone, by close code")
            .tags(tags)
            .tag("code", known == OTHER ? "other" : Integer.toString(known))
            .tag("reason", reasonOf(known))
            .register(registry));
      }
      return counters;
    });
  }

  private static final int OTHER = -1;

  /** A short name for a close code, for the {@code reason} tag; {@link #OTHER} for codes without one. */
  static String reasonOf(int code) {
    return switch (code) {
      case CloseCodes.NORMAL -> "normal";
      case CloseCodes.GOING_AWAY -> "going_away";
      case CloseCodes.PROTOCOL_ERROR -> "protocol_error";
      case CloseCodes.UNSUPPORTED_DATA -> "unsupported_data";
      case 1005 -> "no_status";
      case 1006 -> "abnormal";
      case 1007 -> "invalid_data";
      case CloseCodes.POLICY_VIOLATION -> "policy_violation";
      case CloseCodes.TOO_BIG -> "too_big";
      case CloseCodes.UNEXPECTED_CONDITION -> "server_error";
      case CloseCodes.TRY_AGAIN_LATER -> "slow_consumer";
      case CloseCodes.REPLACED -> "replaced";
      default -> "other";
    };
  }

  private final class Listener implements HubListener<Id> {

    @Override
    public void onDisconnect(Id id, int code, String reason) {
      for (Counter counter : closesOf(reasonOf(code).equals("other") ? OTHER : code)) {
        counter.increment();
      }
    }

    @Override
    public void onLag(Duration measured) {
      for (Timer timer : lag) {
        timer.record(measured);
      }
    }
  }
}
