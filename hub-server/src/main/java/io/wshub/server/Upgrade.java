package io.wshub.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The HTTP request that asked for a WebSocket connection, as an {@link Authenticator} sees it.
 *
 * @param path the request's path, as sent (percent-encoded)
 * @param query the query string after {@code ?}, as sent, or empty
 * @param headers the headers, names in lower case, values in the order they came
 */
public record Upgrade(String path, String query, Map<String, List<String>> headers) {

  /**
   * The request, its header map copied.
   *
   * @param path the request's path
   * @param query the query string, or empty
   * @param headers the headers, names in lower case
   */
  public Upgrade {
    headers = Map.copyOf(headers);
  }

  /**
   * A header's first value.
   *
   * @param name the header's name, in any case
   * @return its first value, if it was sent
   */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /**
   * A query parameter's values, decoded ({@code +} and {@code %XX} as in HTML forms).
   *
   * @param name the parameter's name
   * @return its values, in order; empty if it was not sent
   */
  public List<String> parameter(String name) {
    List<String> values = new ArrayList<>();
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      try {
        if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
          values.add(eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
      } catch (IllegalArgumentException malformed) {
        // a broken escape names no parameter
      }
    }
    return values;
  }
}
