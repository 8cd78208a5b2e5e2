package io.wshub.jakarta;

import io.wshub.core.Hub;
import jakarta.websocket.server.ServerApplicationConfig;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Serves your own {@link Hub} from a Jakarta WebSocket container: builds the
 * {@link ServerEndpointConfig} to deploy with {@link ServerContainer#addEndpoint(ServerEndpointConfig)}
 * or to return from a {@link ServerApplicationConfig}.
 *
 * <pre>{@code
 * Hub<Long> hub = Hub.builder().build();
 * serverContainer.addEndpoint(HubEndpoints.config(hub));             // protocol v1 at /ws/{id}
 * serverContainer.addEndpoint(HubEndpoints.forHub(hub)
 *     .path("/chat/{id}")
 *     .allowedOrigins("https://example.com")
 *     .authenticator((id, request) -> tokens.check(id, request))
 *     .build());
 * }</pre>
 *
 * <p>The endpoint holds no state of its own beyond each connection: every connection gets a new
 * endpoint instance bound to the hub given here. The hub stays yours: shut it down when the
 * application stops.
 */
public final class HubEndpoints {

  /** The protocol's path: {@value}. */
  public static final String DEFAULT_PATH = "/ws/{id}";

  private HubEndpoints() {}

  /**
   * The endpoint for {@code hub} at {@link #DEFAULT_PATH}, with the seed's open handshake: any
   * origin, and every client is who its path says it is.
   *
   * @param hub the hub to serve
   * @param <Id> the id type
   * @return the configuration to deploy
   */
  public static <Id> ServerEndpointConfig config(Hub<Id> hub) {
    return forHub(hub).build();
  }

  /**
   * A builder for the endpoint of {@code hub}, to change its path or its handshake.
   *
   * @param hub the hub to serve
   * @param <Id> the id type
   * @return a builder with the defaults of {@link #config(Hub)}
   */
  public static <Id> Builder<Id> forHub(Hub<Id> hub) {
    return new Builder<>(Objects.requireNonNull(hub, "hub"));
  }

  /**
   * Builds the {@link ServerEndpointConfig} of one hub. Not thread-safe; the built configuration
   * is independent of it.
   *
   * @param <Id> the id type
   */
  public static final class Builder<Id> {

    private final Hub<Id> hub;
    private String path = DEFAULT_PATH;
    private Authenticator<Id> authenticator = Authenticator.open();
    private final Set<String> origins = new LinkedHashSet<>();
    private List<String> subprotocols = List.of();

    private Builder(Hub<Id> hub) {
      this.hub = hub;
    }

    /**
     * The path to serve, relative to the application's context path, with one {@code {id}}
     * segment for the client's id, such as {@code "/chat/{id}"}.
     *
     * @param path the path template; default {@link #DEFAULT_PATH}
     * @return this builder
     * @throws IllegalArgumentException if it does not start with {@code /} or has no
     *     {@code /{id}} segment
     */
    public Builder<Id> path(String path) {
      Objects.requireNonNull(path, "path");
      if (!path.startsWith("/") || !List.of(path.split("/", -1)).contains("{id}")) {
        throw new IllegalArgumentException(
            "path must start with / and have a {id} segment, such as \"/ws/{id}\"; got \"" + path + "\"");
      }
      this.path = path;
      return this;
    }

    /**
     * Who a connection is: see {@link Authenticator}.
     *
     * @param authenticator the authenticator; default {@link Authenticator#open()}
     * @return this builder
     */
    public Builder<Id> authenticator(Authenticator<Id> authenticator) {
      this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
      return this;
    }

    /**
     * Accepts handshakes only from these origins (scheme, host and port, such as
     * {@code "https://example.com"}, compared without regard to case); the container refuses the
     * others, and handshakes without an {@code Origin} header, with HTTP 403. Call it again to
     * add more. Without any, every origin is accepted (the seed's behaviour), which lets any web
     * page open connections with its visitors' cookies.
     *
     * @param origins the allowed origins
     * @return this builder
     */
    public Builder<Id> allowedOrigins(String... origins) {
      for (String origin : origins) {
        this.origins.add(Objects.requireNonNull(origin, "origin").toLowerCase(Locale.ROOT));
      }
      return this;
    }

    /**
     * The subprotocols the endpoint speaks, in order of preference; the first one a client offers
     * is chosen.
     *
     * @param subprotocols the subprotocols; default none
     * @return this builder
     */
    public Builder<Id> subprotocols(String... subprotocols) {
      this.subprotocols = List.of(subprotocols);
      return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the configuration to deploy
     */
    public ServerEndpointConfig build() {
      Binding<Id> binding = new Binding<>(hub, path, authenticator, Set.copyOf(origins));
      return ServerEndpointConfig.Builder.create(HubEndpoint.class, path)
          .configurator(new HubConfigurator<>(binding))
          .subprotocols(subprotocols)
          .build();
    }
  }
}
