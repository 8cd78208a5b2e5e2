package io.wshub.examples.quickstart;

import io.wshub.core.ClientPort;
import io.wshub.core.Connection;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import java.time.Duration;

/**
 * The hub in a console. Each client's "socket" is a port that prints what the hub sends it, so
 * the whole of protocol v1 can be watched without a server: receipts, sender stamping, broadcast,
 * error replies, close.
 */
public final class Quickstart {

  private Quickstart() {}

  /** A transport that prints instead of writing to a socket. */
  private record ConsolePort(String name) implements ClientPort {
    @Override
    public boolean send(String frame) {
      System.out.printf("    %-8s <- %s%n", name, frame);
      return true;
    }

    @Override
    public void ping() {}

    @Override
    public void close(int code, String reason) {
      System.out.printf("    %-8s closed %d (%s)%n", name, code, reason);
    }
  }

  public static void main(String[] args) {
    Hub<Long> hub = Hub.builder()
        .listener(new HubListener<>() {
          @Override
          public void onConnect(Long id) {
            System.out.println("    hub: " + id + " connected");
          }
        })
        .build();

    System.out.println("wshub quickstart: one hub, three in-memory clients, protocol v1\n");
    Connection<Long> alice = connect(hub, 1, "alice");
    Connection<Long> bob = connect(hub, 2, "bob");
    Connection<Long> mallory = connect(hub, 6, "mallory");

    say(hub, alice, "alice sends bob a message", "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}");
    say(hub, alice, "alice writes to 99, who is not online", "{\"type\":1,\"receiver\":99,\"content\":\"anyone?\"}");
    say(hub, mallory, "mallory claims to be alice: the hub stamps the real sender",
        "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"i am alice\"}");
    say(hub, bob, "bob broadcasts, to everyone including himself", "{\"type\":3,\"content\":\"hi all\"}");
    say(hub, bob, "bob sends something that is not JSON", "hello?");
    say(hub, mallory, "mallory asks to close", "{\"type\":4}");

    System.out.println("\nstats: " + hub.stats().join());
    System.out.println("\nshutting down: queues drain, then everyone gets 1001");
    hub.shutdown(Duration.ofSeconds(1)).join();
  }

  private static Connection<Long> connect(Hub<Long> hub, long id, String name) {
    Connection<Long> connection = hub.connect(id, new ConsolePort(name));
    hub.isOnline(id).join(); // answered after the connect: the output stays in order
    return connection;
  }

  private static void say(Hub<Long> hub, Connection<Long> from, String what, String frame) {
    System.out.println("\n" + what + ":\n    " + from.id() + " -> " + frame);
    from.receive(frame);
    hub.stats().join(); // wait until the hub has handled it, so the output reads in order
  }
}
