package io.wshub.spring;

import org.springframework.context.ApplicationContext;
import org.springframework.web.socket.server.standard.ServerEndpointExporter;

/**
 * Spring's {@link ServerEndpointExporter} (it deploys your {@code ServerEndpointConfig} beans and
 * {@code @ServerEndpoint} classes as well), which also lets {@link HubServerEndpoint} find its hub:
 * while it deploys endpoints, the configurators the container makes for them can see this
 * application context, and nothing else can, before or after. The auto-configuration declares one
 * unless you declare a {@code ServerEndpointExporter} of your own; if you do and want
 * {@link HubServerEndpoint}, declare a {@code HubEndpointExporter} instead.
 */
public class HubEndpointExporter extends ServerEndpointExporter {

  /** The context whose endpoints are being deployed on this thread, only while they are. */
  private static final ThreadLocal<ApplicationContext> DEPLOYING = new ThreadLocal<>();

  /** An exporter; Spring gives it the context and the container. */
  public HubEndpointExporter() {}

  /** Deploys the endpoints, with this application's context visible to their configurators. */
  @Override
  protected void registerEndpoints() {
    ApplicationContext previous = DEPLOYING.get();
    DEPLOYING.set(obtainApplicationContext());
    try {
      super.registerEndpoints();
    } finally {
      if (previous == null) {
        DEPLOYING.remove();
      } else {
        DEPLOYING.set(previous);
      }
    }
  }

  /** The context deploying endpoints on this thread now, or null. */
  static ApplicationContext deploying() {
    return DEPLOYING.get();
  }
}
