package io.wshub.jakarta;

import io.wshub.core.CloseCodes;
import io.wshub.core.Connection;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.lang.System.Logger.Level;

/**
 * The endpoint of one connection, as deployed by {@link HubEndpoints}: it maps the container's
 * events to the hub (open to {@code Hub.connect}, text to {@code receive}, pong, close) and holds
 * no logic. Public only because containers such as Tyrus call it reflectively; you never make one:
 * each connection gets a new instance bound to the hub its {@code ServerEndpointConfig} was built
 * for, so its fields are that connection's alone.
 */
public final class HubEndpoint extends Endpoint {

  private final Binding<?> binding;
  private SessionPort port;
  private Connection<?> connection;

  HubEndpoint(Binding<?> binding) {
    this.binding = binding;
  }

  /**
   * Registers the connection with the hub, or closes it with 1008 if the handshake rejected it.
   *
   * @param session the new session
   * @param config its configuration
   */
  @Override
  public void onOpen(Session session, EndpointConfig config) {
    open(binding, session);
  }

  private <Id> void open(Binding<Id> binding, Session session) {
    Object verdict = session.getUserProperties().get(Verdict.KEY);
    if (!(verdict instanceof Verdict.Accepted<?> accepted)) {
      String reason = verdict instanceof Verdict.Rejected<?> rejected ? rejected.reason() : "handshake not checked";
      reject(session, reason);
      return;
    }
    @SuppressWarnings("unchecked") // put there by this binding's configurator
    Id id = (Id) accepted.id();
    // The container closes oversize frames with 1009 before they reach us; the hub checks bytes too.
    session.setMaxTextMessageBufferSize(binding.hub.config().maxFrameBytes());
    // Liveness is the hub's: pings, pongs and its idle and write timeouts.
    session.setMaxIdleTimeout(0);
    session.setMaxBinaryMessageBufferSize(binding.hub.config().maxFrameBytes());
    port = new SessionPort(session, binding.hub.config().outboundQueueBytes(), binding.hub.config().writeTimeout(),
        binding.timer, binding.writers);
    Connection<Id> conn = binding.hub.connect(id, port);
    connection = conn;
    session.addMessageHandler(String.class, (MessageHandler.Whole<String>) frame -> {
      try {
        conn.receive(frame);
      } catch (RuntimeException e) {
        // Ours, not the client's: onError treats what the container reports as the client's doing.
        Binding.LOG.log(Level.WARNING, "wshub: unexpected error handling a frame; closing the connection", e);
        port.close(CloseCodes.UNEXPECTED_CONDITION, "unexpected server error");
      }
    });
    // Protocol v1 is JSON text: a binary frame is data it does not take (RFC 6455's 1003).
    session.addMessageHandler(ByteBuffer.class, (MessageHandler.Whole<ByteBuffer>) data ->
        conn.fail(CloseCodes.UNSUPPORTED_DATA, "binary frames are not accepted: protocol v1 is JSON text"));
    session.addMessageHandler(PongMessage.class, (MessageHandler.Whole<PongMessage>) pong -> conn.pong());
  }

  private static void reject(Session session, String reason) {
    try {
      session.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, reason));
    } catch (IOException | RuntimeException e) {
      Binding.LOG.log(Level.DEBUG, "wshub: closing a rejected connection failed", e);
    }
  }

  /**
   * Tells the hub the connection is gone.
   *
   * @param session the session
   * @param closeReason why it closed
   */
  @Override
  public void onClose(Session session, CloseReason closeReason) {
    if (connection != null) {
      port.closedByContainer();
      connection.closed(closeReason.getCloseCode().getCode(), closeReason.getReasonPhrase());
    }
  }

  /**
   * What the container reports here is the client's doing or the network's (our own handler's
   * failures are caught where they happen): logged in one line at {@code DEBUG}, never with a stack
   * trace. A protocol error (invalid UTF-8, a frame over the limit, a broken frame) is counted by
   * the hub and closes the connection, if the container has not already; a lost connection is left
   * to the container's close.
   *
   * @param session the session
   * @param error what went wrong
   */
  @Override
  public void onError(Session session, Throwable error) {
    String problem = describe(error);
    Binding.LOG.log(Level.DEBUG, () -> "wshub: connection " + (connection == null ? "(not registered)"
        : String.valueOf(connection.id())) + ": " + problem);
    if (connection != null && (!(error instanceof IOException) || isProtocolError(error))) {
      connection.fail(closeCodeOf(error), problem);
    }
  }

  /**
   * The close code the container's exception carries, so that our close says what the container's
   * own does (Jetty 12.1 reports an oversize message here while it closes with 1009 itself, and
   * the first close to reach the wire wins): Jetty's {@code CloseException.getStatusCode()}, or
   * Tomcat's and Tyrus's {@code getCloseReason()}, along the cause chain; 1002 if none says.
   */
  static int closeCodeOf(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      try {
        for (var method : t.getClass().getMethods()) {
          if (method.getParameterCount() != 0) {
            continue;
          }
          if (method.getName().equals("getStatusCode") && method.getReturnType() == int.class) {
            return (int) method.invoke(t);
          }
          if (method.getName().equals("getCloseReason") && method.getReturnType() == CloseReason.class) {
            CloseReason reason = (CloseReason) method.invoke(t);
            if (reason != null) {
              return reason.getCloseCode().getCode();
            }
          }
        }
      } catch (ReflectiveOperationException | RuntimeException inaccessible) {
        // not a container exception we can read: look further down, or say 1002
      }
    }
    return CloseCodes.PROTOCOL_ERROR;
  }

  /** The exception's own words, without its class path or stack. */
  private static String describe(Throwable error) {
    String message = error.getMessage();
    return error.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  /** Tomcat reports a client's protocol errors as an {@code IOException} that carries a close code. */
  private static boolean isProtocolError(Throwable error) {
    return error.getClass().getSimpleName().equals("WsIOException");
  }
}
