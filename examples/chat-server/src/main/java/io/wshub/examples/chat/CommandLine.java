package io.wshub.examples.chat;

/**
 * The chat server's command line: {@code [--port N] [--host ADDR] [--rate-limit N] [--help]},
 * each value also accepted as {@code --port=N}.
 *
 * @param host the address to listen on
 * @param port the TCP port, 0 for any free one
 * @param rateLimit frames a second each connection may send, 0 for no limit
 * @param help whether only the usage was asked for
 */
record CommandLine(String host, int port, int rateLimit, String redis, boolean help) {

  static final String DEFAULT_HOST = "127.0.0.1";
  static final int DEFAULT_PORT = 8080;

  static final String USAGE = """
      usage: java -jar chat-server.jar [--port N] [--host ADDR] [--rate-limit N] [--redis URI]
        --port N        TCP port to listen on, 0 for any free one (default 8080)
        --host ADDR     address to listen on (default 127.0.0.1, this machine only;
                        0.0.0.0 for every interface: the chat has no authentication)
        --rate-limit N  messages a second each connection may send, in bursts of N;
                        over it: an error reply, and after 3 s a close (default: no limit)
        --redis URI     join the cluster of every chat given this Redis, such as
                        redis://127.0.0.1:6379 (default: none, a chat alone)
        --help          print this and exit
      """;

  /**
   * Parses the arguments.
   *
   * @throws IllegalArgumentException with a message for the user when they make no sense
   */
  static CommandLine parse(String... args) {
    String host = DEFAULT_HOST;
    int port = DEFAULT_PORT;
    int rateLimit = 0;
    String redis = null;
    for (int i = 0; i < args.length; i++) {
      String arg = args[i];
      if (arg.equals("--help") || arg.equals("-h")) {
        return new CommandLine(host, port, rateLimit, redis, true);
      }
      String name = arg;
      String value = null;
      int equals = arg.indexOf('=');
      if (arg.startsWith("--") && equals > 0) {
        name = arg.substring(0, equals);
        value = arg.substring(equals + 1);
      }
      switch (name) {
        case "--port" -> port = port(value != null ? value : valueAfter(args, i++, name));
        case "--host" -> host = host(value != null ? value : valueAfter(args, i++, name));
        case "--redis" -> redis = redis(value != null ? value : valueAfter(args, i++, name));
        case "--rate-limit" -> rateLimit = rateLimit(value != null ? value : valueAfter(args, i++, name));
        default -> throw new IllegalArgumentException("unknown argument \"" + arg + "\"");
      }
    }
    return new CommandLine(host, port, rateLimit, redis, false);
  }

  private static String valueAfter(String[] args, int i, String name) {
    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
      throw new IllegalArgumentException(name + " needs a value");
    }
    return args[i + 1];
  }

  private static int port(String value) {
    try {
      int port = Integer.parseInt(value);
      if (port >= 0 && port <= 65_535) {
        return port;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new IllegalArgumentException("--port must be a number from 0 to 65535, not \"" + value + "\"");
  }

  private static int rateLimit(String value) {
    try {
      int perSecond = Integer.parseInt(value);
      if (perSecond >= 1) {
        return perSecond;
      }
    } catch (NumberFormatException e) {
      // reported below, with the value
    }
    throw new IllegalArgumentException("--rate-limit must be a number of messages a second, at least 1, not \""
        + value + "\"");
  }

  private static String redis(String value) {
    if (!value.startsWith("redis://") && !value.startsWith("rediss://")) {
      throw new IllegalArgumentException("--redis must be a Redis URI such as redis://127.0.0.1:6379, not \""
          + value + "\"");
    }
    return value;
  }

  private static String host(String value) {
    if (value.isBlank()) {
      throw new IllegalArgumentException("--host must not be empty");
    }
    return value;
  }
}
