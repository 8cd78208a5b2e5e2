/**
 * wshub's Redis backplane: several hub processes sharing one Redis act as one hub.
 *
 * <p>{@link io.wshub.redis.RedisBackplane} plugs into {@link io.wshub.core.HubBuilder#backplane}.
 */
module io.wshub.redis {
  requires transitive io.wshub.core;
  requires lettuce.core;
  requires io.netty.common;

  exports io.wshub.redis;
}
