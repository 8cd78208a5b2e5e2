package io.wshub.spring;

import io.wshub.core.Backplane;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.core.HubListener;
import io.wshub.jakarta.Authenticator;
import io.wshub.jakarta.HubEndpoints;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/**
 * Serves a hub from a Spring Boot servlet application's embedded container (Tomcat, Jetty or
 * Undertow, with {@code spring-boot-starter-websocket}):
 *
 * <ul>
 *   <li>a {@link Hub} bean with {@code long} ids, built from {@link WshubProperties}, with every
 *       {@link HubListener} bean as a listener and the {@link Backplane} bean, if there is one, as its
 *       backplane ({@link WshubRedisAutoConfiguration} makes one from {@code wshub.redis.uri}) (declare your own {@code Hub} bean for another id type
 *       or options the properties do not have: the rest serves it);
 *   <li>its endpoint at {@code wshub.path}: a {@code ServerEndpointConfig} bean, with
 *       {@code wshub.allowed-origins} and the {@link Authenticator} bean if there is one (the open
 *       handshake if not), or {@link HubServerEndpoint} with {@code wshub.endpoint=annotated};
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
   * The hub, from the {@code wshub.*} properties.
   *
   * @param properties the properties
   * @param listeners the application's listeners
   * @param backplanes the application's backplane, if any (the one from {@code wshub.redis.*}, or its own)
   * @return the hub; stopped gracefully by the lifecycle below, closed at the latest when the
   *     context closes
   */
  @Bean
  @ConditionalOnMissingBean(Hub.class)
  public Hub<Long> wshub(WshubProperties properties, ObjectProvider<HubListener<?>> listeners,
      ObjectProvider<Backplane<?>> backplanes) {
    HubBuilder<Long> builder = Hub.builder();
    Backplane<?> backplane = backplanes.getIfAvailable();
    if (backplane != null) {
      builder.backplane(uncheckedBackplane(backplane));
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
    listeners.orderedStream().forEach(listener -> builder.listener(uncheckedListener(listener)));
    return builder.build();
  }

  @SuppressWarnings("unchecked") // the application's backplane is for its hub, a Long hub
  private static Backplane<Long> uncheckedBackplane(Backplane<?> backplane) {
    return (Backplane<Long>) backplane;
  }

  @SuppressWarnings("unchecked") // a listener of the hub's id type: the only kind a Long hub's beans can be
  private static HubListener<Long> uncheckedListener(HubListener<?> listener) {
    return (HubListener<Long>) listener;
  }

  @Bean
  @SuppressWarnings("unchecked") // the hub and authenticator share an id type, whatever it is
  WshubEndpoints wshubEndpoints(Hub<?> hub, ObjectProvider<Authenticator<?>> authenticator,
      WshubProperties properties) {
    Authenticator<?> chosen = authenticator.getIfAvailable(Authenticator::open);
    return new WshubEndpoints((Hub<Object>) hub, (Authenticator<Object>) chosen, properties);
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
  SmartLifecycle wshubLifecycle(Hub<?> hub, WshubProperties properties) {
    return new HubLifecycle(hub, properties.shutdownDrain());
  }
}
