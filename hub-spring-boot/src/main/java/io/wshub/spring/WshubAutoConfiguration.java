package io.wshub.spring;

import io.wshub.core.Backplane;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubListener;
import io.wshub.core.IdCodec;
import io.wshub.jakarta.Authenticator;
import io.wshub.jakarta.HubEndpoints;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.Locale;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/**
 * Serves a hub from a Spring Boot servlet application's embedded container (Tomcat, Jetty or
 * Undertow, with {@code spring-boot-starter-websocket}):
 *
 * <ul>
 *   <li>a {@link Hub} bean named {@code wshub}, built from {@link WshubProperties}, with the ids
 *       {@code wshub.ids} names and the generic type that goes with them ({@code Hub<Long>} by
 *       default, {@code Hub<String>}, {@code Hub<UUID>}), with every {@link HubListener} bean as a
 *       listener and the {@link Backplane} bean, if there is one, as its backplane
 *       ({@link WshubRedisAutoConfiguration} makes one from {@code wshub.redis.uri}); a listener or
 *       backplane bean declared for other ids fails the start (declare your own {@code Hub} bean for
 *       an id codec of your own or options the properties do not have: the rest serves it);
 *   <li>its endpoint at {@code wshub.path}: a {@code ServerEndpointConfig} bean, with
 *       {@code wshub.allowed-origins} and the {@link Authenticator} bean if there is one (the open
 *       handshake if not; one declared for other ids than the hub's fails the start), or
 *       {@link HubServerEndpoint} with {@code wshub.endpoint=annotated};
 *   <li>a {@link HubEndpointExporter} to deploy it, unless the application has a
 *       {@code ServerEndpointExporter};
 *   <li>a graceful stop: when the application stops, before the web server does, the hub shuts down
 *       (clients get 1001 once their queued frames are out, or after {@code wshub.shutdown-drain}).
 * </ul>
 *
 * <p>{@code wshub.enabled=false} turns it all off.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({ServerContainer.class, HubEndpoints.class, ServerEndpointExporter.class})
@ConditionalOnProperty(name = "wshub.enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(WshubProperties.class)
public class WshubAutoConfiguration {

  /** Made by Spring Boot. */
  public WshubAutoConfiguration() {}

  /**
   * The hub with {@code long} ids, the default ({@code wshub.ids=long} or none), from the
   * {@code wshub.*} properties: injected as {@code Hub<Long>}. A {@code wshub.ids} that is none of
   * {@code long}, {@code string} and {@code uuid} fails the start, naming them.
   *
   * @param properties the properties
   * @param listeners the application's listeners
   * @param backplanes the application's backplane, if any (the one from {@code wshub.redis.*}, or its own)
   * @param beans the application's beans, whose listeners and backplane are checked to be for {@code Long} ids
   * @return the hub; stopped gracefully by the lifecycle below, closed at the latest when the
   *     context closes
   */
  @Bean("wshub")
  @Conditional(LongIds.class)
  @ConditionalOnMissingBean(Hub.class)
  public Hub<Long> wshubWithLongIds(WshubProperties properties, ObjectProvider<HubListener<?>> listeners,
      ObjectProvider<Backplane<?>> backplanes, ConfigurableListableBeanFactory beans) {
    if (properties.ids() != WshubProperties.Ids.LONG) { // bound leniently ("u-u-i-d"); the conditions read the text
      String meant = properties.ids().name().toLowerCase(Locale.ROOT);
      throw new IllegalStateException("wshub.ids is a loose spelling of " + meant
          + ", and the hub is chosen by the exact text: write long, string or uuid");
    }
    return build(IdCodec.longs(), properties, listeners, backplanes, beans);
  }

  /**
   * {@code wshub.ids} is {@code long}, left out, or neither {@code string} nor {@code uuid}: not
   * only {@code long}, so that a misspelt value still makes a hub bean, whose properties then fail to
   * bind, naming the valid values, rather than leave the application with no hub and a puzzle.
   */
  static final class LongIds extends NoneNestedConditions {

    LongIds() {
      super(ConfigurationPhase.REGISTER_BEAN);
    }

    @ConditionalOnProperty(name = "wshub.ids", havingValue = "string")
    static final class StringIds {}

    @ConditionalOnProperty(name = "wshub.ids", havingValue = "uuid")
    static final class UuidIds {}
  }

  /**
   * The hub with {@code String} ids ({@code wshub.ids=string}), from the {@code wshub.*}
   * properties: injected as {@code Hub<String>}.
   *
   * @param properties the properties
   * @param listeners the application's listeners
   * @param backplanes the application's backplane, if any (the one from {@code wshub.redis.*}, or its own)
   * @param beans the application's beans, whose listeners and backplane are checked to be for {@code String} ids
   * @return the hub; stopped gracefully by the lifecycle below, closed at the latest when the
   *     context closes
   */
  @Bean("wshub")
  @ConditionalOnProperty(name = "wshub.ids", havingValue = "string")
  @ConditionalOnMissingBean(Hub.class)
  public Hub<String> wshubWithStringIds(WshubProperties properties, ObjectProvider<HubListener<?>> listeners,
      ObjectProvider<Backplane<?>> backplanes, ConfigurableListableBeanFactory beans) {
    return build(IdCodec.strings(), properties, listeners, backplanes, beans);
  }

  /**
   * The hub with {@code UUID} ids ({@code wshub.ids=uuid}), from the {@code wshub.*} properties:
   * injected as {@code Hub<UUID>}.
   *
   * @param properties the properties
   * @param listeners the application's listeners
   * @param backplanes the application's backplane, if any (the one from {@code wshub.redis.*}, or its own)
   * @param beans the application's beans, whose listeners and backplane are checked to be for {@code UUID} ids
   * @return the hub; stopped gracefully by the lifecycle below, closed at the latest when the
   *     context closes
   */
  @Bean("wshub")
  @ConditionalOnProperty(name = "wshub.ids", havingValue = "uuid")
  @ConditionalOnMissingBean(Hub.class)
  public Hub<UUID> wshubWithUuidIds(WshubProperties properties, ObjectProvider<HubListener<?>> listeners,
      ObjectProvider<Backplane<?>> backplanes, ConfigurableListableBeanFactory beans) {
    return build(IdCodec.uuids(), properties, listeners, backplanes, beans);
  }

  /**
   * The hub for {@code ids}, from the properties. The providers are not typed by {@code Id}: Spring
   * would then leave out beans that do not name their id type (see {@link IdTypeCheck}), so every
   * listener and backplane is taken, once checked to be for these ids.
   */
  private static <Id> Hub<Id> build(IdCodec<Id> ids, WshubProperties properties,
      ObjectProvider<HubListener<?>> listeners, ObjectProvider<Backplane<?>> backplanes,
      ConfigurableListableBeanFactory beans) {
    Class<?> idType = IdTypeCheck.idType(ids);
    IdTypeCheck.requireHubIds(beans, HubListener.class, idType);
    IdTypeCheck.requireHubIds(beans, Backplane.class, idType);
    HubBuilder<Id> builder = Hub.builder(ids);
    Backplane<?> backplane = backplanes.getIfAvailable();
    if (backplane != null) {
      builder.backplane(IdTypeCheck.checked(backplane));
    } else if (properties.redis().uri() != null) {
      throw new IllegalStateException("wshub.redis.uri is set to " + properties.redis().uri()
          + ", but io.wshub:hub-redis is not on the class path: add it to make the hub a node of a cluster");
    }
    if (properties.pingInterval() != null) {
      builder.pingInterval(properties.pingInterval());
    }
    if (properties.idleTimeout() != null) {
      builder.idleTimeout(properties.idleTimeout());
    }
    if (properties.writeTimeout() != null) {
      builder.writeTimeout(properties.writeTimeout());
    }
    if (properties.maxFrameBytes() != null) {
      builder.maxFrameBytes(properties.maxFrameBytes());
    }
    if (properties.outboundQueueBytes() != null) {
      builder.outboundQueueBytes(properties.outboundQueueBytes());
    }
    if (properties.inboundQueue() != null) {
      builder.inboundQueue(properties.inboundQueue());
    }
    if (properties.duplicateIds() != null) {
      builder.duplicateIds(properties.duplicateIds());
    }
    listeners.orderedStream().forEach(listener -> builder.listener(IdTypeCheck.checked(listener)));
    return builder.build();
  }

  @Bean
  WshubEndpoints wshubEndpoints(WshubProperties properties, Hub<?> hub, ObjectProvider<Authenticator<?>> authenticator,
      ConfigurableListableBeanFactory beans) {
    IdTypeCheck.requireHubIds(beans, Authenticator.class, IdTypeCheck.idType(hub.config().ids()));
    Authenticator<?> chosen = authenticator.getIfAvailable(Authenticator::open);
    return new WshubEndpoints(IdTypeCheck.checked(hub), IdTypeCheck.checked(chosen), properties);
  }

  /** The hub's endpoint at {@code wshub.path}, for a {@code ServerEndpointExporter} to deploy. */
  @Bean
  @ConditionalOnProperty(name = "wshub.endpoint", havingValue = "config", matchIfMissing = true)
  ServerEndpointConfig wshubEndpoint(WshubEndpoints endpoints, WshubProperties properties) {
    return endpoints.config(properties.path());
  }

  /**
   * Deploys the endpoint, and the application's own {@code @ServerEndpoint} classes and
   * {@code ServerEndpointConfig} beans.
   *
   * @param properties the properties
   * @return the exporter
   */
  @Bean
  @ConditionalOnMissingBean(ServerEndpointExporter.class)
  public HubEndpointExporter wshubEndpointExporter(WshubProperties properties) {
    HubEndpointExporter exporter = new HubEndpointExporter();
    if (properties.endpoint() == WshubProperties.Endpoint.ANNOTATED) {
      if (!properties.path().equals(HubServerEndpoint.ANNOTATED_PATH)) {
        throw new IllegalStateException("wshub.endpoint=annotated serves " + HubServerEndpoint.ANNOTATED_PATH
            + ", the path in HubServerEndpoint's annotation, but wshub.path is " + properties.path()
            + ": leave wshub.endpoint at config to serve another path");
      }
      exporter.setAnnotatedEndpointClasses(HubServerEndpoint.class);
    }
    return exporter;
  }

  @Bean
  SmartLifecycle wshubLifecycle(WshubProperties properties, Hub<?> hub) {
    return new HubLifecycle(hub, properties.shutdownDrain());
  }
}
