package io.wshub.jakarta;

import io.wshub.core.Hub;
import jakarta.websocket.Endpoint;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.HashSet;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The drop-in: a WAR that contains this jar serves protocol v1 at {@code /ws/{id}} with no code,
 * with a hub of the seed's defaults and the open handshake. Containers find this class by
 * scanning the WAR, as they find every {@link ServerApplicationConfig}, and make one instance per
 * web application, so each application gets a hub of its own (no static state).
 *
 * <p>To deploy your own hubs instead, provide a {@link HubDeployment} through
 * {@code META-INF/services}. Annotated endpoints found in the WAR are deployed as usual.
 *
 * <p>The drop-in's hub runs on a daemon thread of its own and is not shut down when the
 * application is undeployed: JSR-356 has no hook for that. Applications that redeploy should use
 * a {@link HubDeployment} and close their hub in their own shutdown hook.
 */
public final class DropInApplication implements ServerApplicationConfig {

  /** Made by the container, once per web application. */
  public DropInApplication() {}

  /**
   * The endpoints of the {@link HubDeployment}s on the application's class path, or the default
   * hub at {@code /ws/{id}} if there are none.
   *
   * @param scanned the programmatic endpoint classes the container found; not used
   * @return the endpoints to deploy
   */
  @Override
  public Set<ServerEndpointConfig> getEndpointConfigs(Set<Class<? extends Endpoint>> scanned) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    Set<ServerEndpointConfig> endpoints = new HashSet<>();
    boolean provided = false;
    for (HubDeployment deployment : ServiceLoader.load(HubDeployment.class, loader)) {
      provided = true;
      endpoints.addAll(deployment.endpoints());
    }
    if (!provided) {
      endpoints.add(HubEndpoints.config(Hub.builder().build()));
    }
    return endpoints;
  }

  /**
   * Every annotated endpoint the container found: the drop-in filters none out.
   *
   * @param scanned the annotated endpoint classes the container found
   * @return {@code scanned}
   */
  @Override
  public Set<Class<?>> getAnnotatedEndpointClasses(Set<Class<?>> scanned) {
    return scanned;
  }
}
