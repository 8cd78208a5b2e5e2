package io.wshub.jakarta;

import io.wshub.core.IdCodec;
import jakarta.websocket.Extension;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The handshake of one binding: the origin check, the id and the authenticator, and the endpoint
 * instance bound to the hub. Every method is overridden, so nothing is left to the container's
 * default configurator (found through a service loader, which may pick another container's when
 * several are on the class path).
 */
final class HubConfigurator<Id> extends ServerEndpointConfig.Configurator {

  private final Binding<Id> binding;
  /** The index of the {id} segment, counted from the end of the path. */
  private final int idFromEnd;

  HubConfigurator(Binding<Id> binding) {
    this.binding = binding;
    List<String> segments = List.of(binding.path.split("/", -1));
    this.idFromEnd = segments.size() - 1 - segments.indexOf("{id}");
  }

  /** The hub and handshake this configurator serves: for the drop-in, which stops them. */
  Binding<Id> binding() {
    return binding;
  }

  @Override
  public boolean checkOrigin(String originHeaderValue) {
    if (binding.origins.isEmpty()) {
      return true;
    }
    return originHeaderValue != null && binding.origins.contains(originHeaderValue.toLowerCase(Locale.ROOT));
  }

  @Override
  public void modifyHandshake(ServerEndpointConfig sec, HandshakeRequest request, HandshakeResponse response) {
    sec.getUserProperties().put(Verdict.KEY, decide(request));
  }

  private Verdict<Id> decide(HandshakeRequest request) {
    IdCodec<Id> ids = binding.hub.config().ids();
    String text = pathId(request.getRequestURI());
    Id pathId;
    try {
      pathId = ids.parse(text);
    } catch (RuntimeException e) {
      return new Verdict.Rejected<>(truncate("malformed id: " + e.getMessage()));
    }
    if (pathId.equals(ids.system())) {
      return new Verdict.Rejected<>("malformed id: " + ids.format(pathId) + " is the system's own");
    }
    Optional<Id> accepted;
    try {
      accepted = binding.authenticator.authenticate(pathId, request);
    } catch (RuntimeException e) {
      // The exception's class only: its message or the request could carry a token.
      Binding.LOG.log(Level.WARNING, "wshub: the authenticator threw " + e.getClass().getName()
          + " for id " + ids.format(pathId) + "; the connection is rejected");
      return new Verdict.Rejected<>("authentication failed");
    }
    if (accepted == null || accepted.isEmpty() || accepted.get().equals(ids.system())) {
      return new Verdict.Rejected<>("authentication failed");
    }
    return new Verdict.Accepted<>(accepted.get());
  }

  /** The {id} segment of the request path, which may start with a context path. */
  private String pathId(URI uri) {
    String path = uri == null ? null : uri.getPath();
    if (path == null) {
      return "";
    }
    String[] segments = path.split("/", -1);
    int index = segments.length - 1 - idFromEnd;
    return index >= 0 ? segments[index] : "";
  }

  /** A close reason must fit in 123 bytes of UTF-8. */
  private static String truncate(String reason) {
    return reason.length() <= 60 ? reason : reason.substring(0, 57) + "...";
  }

  @Override
  public <T> T getEndpointInstance(Class<T> endpointClass) {
    return endpointClass.cast(new HubEndpoint(binding));
  }

  @Override
  public String getNegotiatedSubprotocol(List<String> supported, List<String> requested) {
    for (String offered : requested) {
      if (supported.contains(offered)) {
        return offered;
      }
    }
    return "";
  }

  @Override
  public List<Extension> getNegotiatedExtensions(List<Extension> installed, List<Extension> requested) {
    List<Extension> chosen = new ArrayList<>();
    for (Extension offered : requested) {
      if (installed.stream().anyMatch(extension -> extension.getName().equals(offered.getName()))) {
        chosen.add(offered);
      }
    }
    return chosen;
  }
}
