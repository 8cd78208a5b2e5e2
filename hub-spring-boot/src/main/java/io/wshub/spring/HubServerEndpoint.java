package io.wshub.spring;

import io.wshub.core.Hub;
import io.wshub.jakarta.HubEndpoint;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnOpen;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpoint;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import org.springframework.context.ApplicationContext;

/**
 * The hub's endpoint as an annotated class, {@code @ServerEndpoint("/ws/{id}")}, for where a
 * {@code @ServerEndpoint} is expected: deployed by {@link HubEndpointExporter} (set
 * {@code wshub.endpoint=annotated}, or list it in your own {@code HubEndpointExporter}). It serves
 * the application context's {@link Hub} bean with the same handshake as the default
 * configuration: {@code wshub.allowed-origins} and the {@code Authenticator} bean, if any.
 *
 * <p>Its {@link Configurator} takes the hub from the context that deploys it, so two applications
 * (or two test contexts) in one JVM each serve their own hub; there is no static holder. A container
 * that deploys it by itself (annotation scanning in a WAR) has no context to give it, and the
 * deployment fails, saying so: in a WAR use the adapter's {@code DropIn} or a {@code HubDeployment}.
 *
 * <p>Each connection gets an instance of its own; it holds no logic, only that connection's
 * {@link HubEndpoint}, to which every event goes.
 */
@ServerEndpoint(value = "/ws/{id}", configurator = HubServerEndpoint.Configurator.class)
public final class HubServerEndpoint {

  /** The path in the annotation. */
  static final String ANNOTATED_PATH = "/ws/{id}";

  private final Endpoint connection;

  HubServerEndpoint(Endpoint connection) {
    this.connection = connection;
  }

  /**
   * Registers the connection with the hub, or closes it with 1008 if the handshake rejected it.
   *
   * @param session the new session
   * @param config its configuration
   */
  @OnOpen
  public void onOpen(Session session, EndpointConfig config) {
    connection.onOpen(session, config);
  }

  /**
   * Tells the hub the connection is gone.
   *
   * @param session the session
   * @param reason why it closed
   */
  @OnClose
  public void onClose(Session session, CloseReason reason) {
    connection.onClose(session, reason);
  }

  /**
   * Reports what the container found wrong with the connection, as {@link HubEndpoint#onError} does.
   *
   * @param session the session
   * @param error what went wrong
   */
  @OnError
  public void onError(Session session, Throwable error) {
    connection.onError(session, error);
  }

  /**
   * The handshake of {@link HubServerEndpoint}: the container makes it while
   * {@link HubEndpointExporter} deploys the endpoint, and it serves that application context's hub.
   */
  public static final class Configurator extends ServerEndpointConfig.Configurator {

    /** The adapter's configuration for the context's hub, whose handshake this one is. */
    private final ServerEndpointConfig hub;

    /**
     * Made by the container, while {@link HubEndpointExporter} deploys the endpoint.
     *
     * @throws IllegalStateException if no {@link HubEndpointExporter} is deploying on this thread
     */
    public Configurator() {
      ApplicationContext context = HubEndpointExporter.deploying();
      if (context == null) {
        throw new IllegalStateException("HubServerEndpoint serves the hub of the Spring context that deploys it,"
            + " and none is: deploy it with a HubEndpointExporter (wshub.endpoint=annotated does), not with a plain"
            + " ServerEndpointExporter or a container's annotation scan");
      }
      this.hub = context.getBean(WshubEndpoints.class).config(ANNOTATED_PATH);
    }

    private ServerEndpointConfig.Configurator handshake() {
      return hub.getConfigurator();
    }

    @Override
    public boolean checkOrigin(String originHeaderValue) {
      return handshake().checkOrigin(originHeaderValue);
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
      handshake().modifyHandshake(sec, request, response);
    }

    @Override
    public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
      return handshake().getNegotiatedSubprotocol(supported, requested);
    }

    @Override
    public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
      return handshake().getNegotiatedExtensions(installed, requested);
    }

    @Override
    public <T> T getEndpointInstance(Class<T> endpointClass) throws InstantiationException {
      if (endpointClass != HubServerEndpoint.class) {
        throw new InstantiationException("this configurator makes HubServerEndpoint only, not " + endpointClass);
      }
      Endpoint connection = handshake().getEndpointInstance(HubEndpoint.class);
      return endpointClass.cast(new HubServerEndpoint(connection));
    }
  }
}
