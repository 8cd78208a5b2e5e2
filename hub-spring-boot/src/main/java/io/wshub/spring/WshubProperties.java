package io.wshub.spring;

import io.wshub.core.DuplicateIdPolicy;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code wshub.*} properties of the auto-configured hub. A property left out keeps protocol v1's
 * default, the hub builder's own (see {@link io.wshub.core.HubBuilder}).
 *
 * @param enabled whether to make and serve a hub at all ({@code wshub.enabled}, default {@code true})
 * @param ids the hub's id type ({@code wshub.ids}): {@code long}, the default, {@code string} or
 *     {@code uuid}, see {@link Ids}
 * @param path the path served, with an {@code {id}} segment ({@code wshub.path}, default
 *     {@code /ws/{id}})
 * @param endpoint how the path is served ({@code wshub.endpoint}): {@code config}, the default, or
 *     {@code annotated}, see {@link Endpoint}
 * @param pingInterval how often each connection is pinged ({@code wshub.ping-interval}, 9s)
 * @param idleTimeout how long a silent connection lives ({@code wshub.idle-timeout}, 10s)
 * @param writeTimeout how long queued frames may make no progress ({@code wshub.write-timeout}, 10s)
 * @param maxFrameBytes the largest frame accepted, in UTF-8 bytes ({@code wshub.max-frame-bytes}, 512)
 * @param outboundQueueBytes each connection's outbound queue, in characters
 *     ({@code wshub.outbound-queue-bytes}, 524288)
 * @param inboundQueue received frames that may wait for the hub ({@code wshub.inbound-queue}, 16384)
 * @param duplicateIds what a second connection of an id does ({@code wshub.duplicate-ids}:
 *     {@code replace}, the default, {@code reject-new} or {@code multi})
 * @param allowedOrigins the origins accepted at the handshake ({@code wshub.allowed-origins}, comma
 *     separated); empty, the default, accepts every origin
 * @param shutdownDrain how long queued frames are given to go out when the application stops
 *     ({@code wshub.shutdown-drain}, 1s)
 * @param redis the cluster ({@code wshub.redis.*}): set {@code wshub.redis.uri}, with
 *     {@code io.wshub:hub-redis} on the class path, and the hub is a node of every hub on that Redis
 */
@ConfigurationProperties("wshub")
public record WshubProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("long") Ids ids,
    @DefaultValue("/ws/{id}") String path,
    @DefaultValue("config") Endpoint endpoint,
    Duration pingInterval,
    Duration idleTimeout,
    Duration writeTimeout,
    Integer maxFrameBytes,
    Integer outboundQueueBytes,
    Integer inboundQueue,
    DuplicateIdPolicy duplicateIds,
    @DefaultValue List<String> allowedOrigins,
    @DefaultValue("1s") Duration shutdownDrain,
    @DefaultValue Redis redis) {

  /**
   * The cluster's properties, used when {@code uri} is set (see {@code RedisBackplane.Builder} in
   * {@code hub-redis}).
   *
   * @param uri the Redis, such as {@code redis://127.0.0.1:6379} ({@code wshub.redis.uri}); none,
   *     the default, makes no cluster
   * @param prefix the prefix of every key and channel: hubs on the same Redis and prefix are one
   *     cluster ({@code wshub.redis.prefix}, default {@code wshub})
   * @param nodeTtl how long a node that stopped beating counts as alive, 3s to 14s
   *     ({@code wshub.redis.node-ttl}, 6s)
   * @param commandTimeout how long a command waits for Redis's reply ({@code wshub.redis.command-timeout}, 2s)
   */
  public record Redis(String uri, @DefaultValue("wshub") String prefix, Duration nodeTtl, Duration commandTimeout) {}

  /**
   * The id type of the hub bean, which decides the generic type it is injected as and what a path's
   * {@code {id}} may be. The application's {@code Authenticator}, {@code HubListener} and
   * {@code Backplane} beans must be of the same id type (or leave it open, as {@code HubListener<?>}
   * does): one declared for another id type fails the start, naming both types.
   */
  public enum Ids {
    /** {@code Hub<Long>}: protocol v1's ids, 1 to 9223372036854775807, JSON numbers ({@code IdCodec.longs()}). */
    LONG,
    /**
     * {@code Hub<String>}: 1 to 64 characters from {@code A-Z a-z 0-9 . _ ~ -}, JSON strings
     * ({@code IdCodec.strings()}); a signed-in user's name can be the id.
     */
    STRING,
    /** {@code Hub<UUID>}: canonical UUIDs, JSON strings ({@code IdCodec.uuids()}). */
    UUID
  }

  /** How the hub's path is deployed into the container. */
  public enum Endpoint {
    /**
     * A {@code ServerEndpointConfig} bean made by {@code HubEndpoints}, at {@code wshub.path}: any
     * {@code ServerEndpointExporter} deploys it, the auto-configuration's or your own.
     */
    CONFIG,
    /**
     * {@link HubServerEndpoint}, the annotated endpoint at {@code /ws/{id}}, deployed by the
     * auto-configuration's {@link HubEndpointExporter}.
     */
    ANNOTATED
  }
}
