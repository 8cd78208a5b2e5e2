package io.wshub.adversarial;

import io.wshub.core.HubBuilder;
import io.wshub.core.HubStats;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A server in a process of its own, for the runs where the server's memory is measured or its
 * file descriptors are counted apart from the clients': {@code ServerMain STACK [ping=MS]
 * [idle=MS] [write=MS]}. It prints {@code port N} once it listens, then answers one line per
 * command read from its standard input: {@code stats} (the hub's counters and the closes by
 * code), {@code heap} (the heap in use after a full collection, in bytes), {@code stop}.
 */
public final class ServerMain {

  /** What starts every line that answers, so that what a library prints is never taken for one. */
  static final String ANSWER = "> ";

  private ServerMain() {}

  public static void main(String[] args) throws IOException {
    Stack stack = Stack.valueOf(args[0]);
    HubBuilder<Long> builder = Stack.chat();
    for (int i = 1; i < args.length; i++) {
      String[] setting = args[i].split("=", 2);
      Duration value = Duration.ofMillis(Long.parseLong(setting[1]));
      switch (setting[0]) {
        case "ping" -> builder.pingInterval(value);
        case "idle" -> builder.idleTimeout(value);
        case "write" -> builder.writeTimeout(value);
        default -> throw new IllegalArgumentException("unknown setting " + args[i]);
      }
    }
    Stack.Served served = stack.serve(builder, Duration.ofSeconds(10), new Events(false));
    System.out.println(ANSWER + "port " + served.port);
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String command; (command = in.readLine()) != null; ) {
      switch (command.trim()) {
        case "stats" -> System.out.println(ANSWER + describe(served.stats(), served.events));
        case "heap" -> System.out.println(ANSWER + heapAfterGc());
        case "stop" -> {
          served.close();
          System.out.println(ANSWER + "stopped");
          System.out.flush();
          System.exit(0);
        }
        default -> System.out.println(ANSWER + "unknown command " + command);
      }
      System.out.flush();
    }
    served.close();
  }

  /** The heap in use after full collections: what stays live, not what waits to be collected. */
  static long heapAfterGc() {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 3; i++) {
      System.gc();
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static String describe(HubStats stats, Events events) {
    StringBuilder line = new StringBuilder()
        .append("connections=").append(stats.connections())
        .append(" accepted=").append(stats.connectionsAccepted())
        .append(" received=").append(stats.framesReceived())
        .append(" delivered=").append(stats.framesDelivered())
        .append(" success=").append(stats.successReceipts())
        .append(" notOnline=").append(stats.notOnlineReceipts())
        .append(" errors=").append(stats.errorReplies())
        .append(" slowConsumer=").append(stats.slowConsumerCloses())
        .append(" idle=").append(stats.idleCloses())
        .append(" replaced=").append(stats.replacedCloses())
        .append(" dropped=").append(stats.framesDropped())
        .append(" protocolErrors=").append(stats.protocolErrors())
        .append(" inbound=").append(stats.inboundQueued())
        .append(" outbound=").append(stats.outboundQueued());
    events.closesByCode.forEach((code, count) -> line.append(" closed").append(code).append('=').append(count.sum()));
    return line.toString();
  }
}
