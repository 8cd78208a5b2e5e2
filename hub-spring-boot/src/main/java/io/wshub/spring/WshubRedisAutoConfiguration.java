package io.wshub.spring;

import io.wshub.core.Backplane;
import io.wshub.redis.RedisBackplane;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * The auto-configured hub as a node of a cluster, when the application has {@code hub-redis} and
 * sets {@code wshub.redis.uri}: a {@link RedisBackplane} bean from the {@code wshub.redis.*}
 * properties, which {@link WshubAutoConfiguration} gives the hub. Every application on the same
 * Redis (and prefix) is then a node of one hub. A {@link Backplane} bean of the application's own
 * takes its place.
 */
@AutoConfiguration(before = WshubAutoConfiguration.class)
@ConditionalOnClass(RedisBackplane.class)
@ConditionalOnProperty(name = "wshub.redis.uri")
@EnableConfigurationProperties(WshubProperties.class)
public class WshubRedisAutoConfiguration {

  /** Made by Spring Boot. */
  public WshubRedisAutoConfiguration() {}

  /**
   * The backplane, from {@code wshub.redis.*}, for a hub of any id type ({@code wshub.ids}): it
   * learns the hub's id codec when the hub is built. The hub stops it when it stops (no destroy
   * method of its own).
   *
   * @param properties the properties
   * @return the backplane; it connects when the hub is built
   */
  @Bean(destroyMethod = "")
  @ConditionalOnMissingBean(Backplane.class)
  public Backplane<?> wshubBackplane(WshubProperties properties) {
    WshubProperties.Redis redis = properties.redis();
    RedisBackplane.Builder builder = RedisBackplane.builder(redis.uri()).prefix(redis.prefix());
    if (redis.nodeTtl() != null) {
      builder.nodeTtl(redis.nodeTtl());
    }
    if (redis.commandTimeout() != null) {
      builder.commandTimeout(redis.commandTimeout());
    }
    return builder.build();
  }
}
