package io.wshub.jakarta;

import io.wshub.core.DuplicateIdPolicy;
import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import jakarta.websocket.server.ServerEndpointConfig;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The drop-in's hub as the application's context parameters ({@code <context-param>} in
 * {@code web.xml}) describe it: every parameter named {@code wshub.*}. A value the drop-in cannot
 * use, or a {@code wshub.*} name it does not know, fails the deployment with a message that names
 * the parameter and says what it takes.
 */
final class DropInSettings {

  static final String PREFIX = "wshub.";
  static final String PATH = PREFIX + "path";
  static final String ALLOWED_ORIGINS = PREFIX + "allowedOrigins";
  static final String SHUTDOWN_DRAIN = PREFIX + "shutdownDrain";

  /** How long queued frames are given to go out when the application stops, unless told. */
  static final Duration DEFAULT_DRAIN = Duration.ofSeconds(1);

  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|h)");

  /** What each hub option's parameter does to the builder; the names are the builder's. */
  private static final Map<String, BiConsumer<HubBuilder<Long>, String>> HUB_OPTIONS = new LinkedHashMap<>();

  static {
    HUB_OPTIONS.put(PREFIX + "maxFrameBytes", (b, v) -> b.maxFrameBytes(count(PREFIX + "maxFrameBytes", v)));
    HUB_OPTIONS.put(PREFIX + "duplicateIds", (b, v) -> b.duplicateIds(policy(v)));
    HUB_OPTIONS.put(PREFIX + "pingInterval", (b, v) -> b.pingInterval(duration(PREFIX + "pingInterval", v)));
    HUB_OPTIONS.put(PREFIX + "idleTimeout", (b, v) -> b.idleTimeout(duration(PREFIX + "idleTimeout", v)));
    HUB_OPTIONS.put(PREFIX + "writeTimeout", (b, v) -> b.writeTimeout(duration(PREFIX + "writeTimeout", v)));
    HUB_OPTIONS.put(PREFIX + "outboundQueueBytes",
        (b, v) -> b.outboundQueueBytes(count(PREFIX + "outboundQueueBytes", v)));
    HUB_OPTIONS.put(PREFIX + "inboundQueue", (b, v) -> b.inboundQueue(count(PREFIX + "inboundQueue", v)));
  }

  private final Map<String, String> values;

  private DropInSettings(Map<String, String> values) {
    this.values = values;
  }

  /**
   * Reads the {@code wshub.*} parameters among {@code names}.
   *
   * @throws IllegalArgumentException for a {@code wshub.*} name the drop-in does not read
   */
  static DropInSettings read(Collection<String> names, Function<String, String> value) {
    Map<String, String> values = new LinkedHashMap<>();
    for (String name : names) {
      if (!name.startsWith(PREFIX)) {
        continue;
      }
      if (!known().contains(name)) {
        throw new IllegalArgumentException("unknown context parameter " + name + "; the drop-in reads " + known());
      }
      values.put(name, value.apply(name).trim());
    }
    return new DropInSettings(values);
  }

  /** Every parameter name the drop-in reads. */
  static Set<String> known() {
    Set<String> names = new TreeSet<>(HUB_OPTIONS.keySet());
    names.add(PATH);
    names.add(ALLOWED_ORIGINS);
    names.add(SHUTDOWN_DRAIN);
    return names;
  }

  /** The names of the parameters that were given. */
  Set<String> given() {
    return values.keySet();
  }

  /**
   * The hub the parameters describe, long ids as protocol v1.
   *
   * @throws IllegalArgumentException naming the parameter whose value is no good
   */
  Hub<Long> hub() {
    HubBuilder<Long> builder = Hub.builder();
    HUB_OPTIONS.forEach((name, option) -> {
      String value = values.get(name);
      if (value != null) {
        try {
          option.accept(builder, value);
        } catch (IllegalArgumentException e) {
          throw e.getMessage().startsWith("context parameter ") ? e : invalid(name, value, e.getMessage());
        }
      }
    });
    try {
      return builder.build();
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException("the context parameters " + given() + " make no hub: " + e.getMessage(), e);
    }
  }

  /** The endpoint of {@code hub} at the configured path, from the configured origins. */
  ServerEndpointConfig endpoint(Hub<Long> hub) {
    HubEndpoints.Builder<Long> endpoint = HubEndpoints.forHub(hub);
    String path = values.get(PATH);
    if (path != null) {
      try {
        endpoint.path(path);
      } catch (IllegalArgumentException e) {
        throw invalid(PATH, path, e.getMessage());
      }
    }
    String origins = values.get(ALLOWED_ORIGINS);
    if (origins != null) {
      List<String> list = new ArrayList<>();
      for (String origin : origins.split("[,\\s]+")) {
        if (origin.isEmpty()) {
          continue;
        }
        if (!origin.matches("[A-Za-z][A-Za-z0-9+.-]*://[^/\\s]+")) {
          throw invalid(ALLOWED_ORIGINS, origins, "\"" + origin
              + "\" is not an origin: scheme, host and port only, such as https://chat.example");
        }
        list.add(origin);
      }
      if (list.isEmpty()) {
        throw invalid(ALLOWED_ORIGINS, origins,
            "no origin given; name one or more, such as https://chat.example, or leave the parameter out to accept any");
      }
      endpoint.allowedOrigins(list.toArray(String[]::new));
    }
    return endpoint.build();
  }

  /** How long the hub drains its queues when the application stops. */
  Duration shutdownDrain() {
    String value = values.get(SHUTDOWN_DRAIN);
    return value == null ? DEFAULT_DRAIN : duration(SHUTDOWN_DRAIN, value);
  }

  private static int count(String name, String value) {
    try {
      int count = Integer.parseInt(value.replace("_", ""));
      if (count > 0) {
        return count;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw invalid(name, value, "expected a whole number above 0");
  }

  private static DuplicateIdPolicy policy(String value) {
    try {
      return DuplicateIdPolicy.valueOf(value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw invalid(PREFIX + "duplicateIds", value, "expected one of " + Arrays.toString(DuplicateIdPolicy.values()));
    }
  }

  /** {@code 9s}, {@code 500ms}, {@code 2m}, {@code 1h}, or ISO-8601 such as {@code PT9S}. */
  private static Duration duration(String name, String value) {
    Matcher simple = SHORT_DURATION.matcher(value);
    Duration duration = null;
    if (simple.matches()) {
      long amount = Long.parseLong(simple.group(1));
      duration = switch (simple.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        default -> Duration.ofHours(amount);
      };
    } else {
      try {
        duration = Duration.parse(value);
      } catch (DateTimeParseException e) {
        // said below
      }
    }
    if (duration == null || duration.isNegative() || (duration.isZero() && !name.equals(SHUTDOWN_DRAIN))) {
      throw invalid(name, value, "expected a duration above 0, such as 9s, 500ms, 2m or PT9S");
    }
    return duration;
  }

  private static IllegalArgumentException invalid(String name, String value, String problem) {
    return new IllegalArgumentException("context parameter " + name + " = \"" + value + "\": " + problem);
  }
}
