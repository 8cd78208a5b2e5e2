package io.wshub.benchmarks;

import io.wshub.core.Connection;
import io.wshub.core.Hub;
import io.wshub.core.IdCodec;
import io.wshub.core.Message;
import io.wshub.core.MessageCodec;
import io.wshub.core.testing.VirtualTime;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * hub-core alone, on one core: a frame handed to a connection is decoded, put through the
 * mailbox, routed, and delivered with its receipt, all on the benchmark's thread (the hub runs
 * with a direct executor and virtual time, as in the test kit).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RoutingBenchmark {

  private static final String SEND_STAMPED = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
  private static final String SEND_UNSTAMPED = "{\"type\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";
  private static final String BROADCAST = "{\"type\":3,\"sender\":1,\"content\":\"hello everyone\"}";

  @Param({"1000"})
  public int connections;

  private Hub<Long> hub;
  private Connection<Long> alice;
  private Connection<Long> aliceRouteOnly;

  @Setup(Level.Trial)
  public void start(Blackhole blackhole) {
    VirtualTime time = new VirtualTime(); // never advanced: no sweeps during the measurement
    hub = Hub.builder().executor(Runnable::run).ticker(time).scheduler(time).build();
    alice = hub.connect(1L, new CountingPort(blackhole));
    for (long id = 2; id <= connections; id++) {
      hub.connect(id, new CountingPort(blackhole));
    }
    // The same hub work without parsing: in a server, decoding runs on the transport's threads,
    // so the hub's own thread only routes. A codec that hands back one decoded message isolates that.
    MessageCodec<Long> json = MessageCodec.json(IdCodec.longs());
    Message<Long> decoded = json.decode(SEND_STAMPED, 1L);
    routeOnlyHub = Hub.builder().executor(Runnable::run).ticker(time).scheduler(time)
        .codec(new MessageCodec<>() {
          @Override
          public Message<Long> decode(String frame, Long from) {
            return decoded;
          }

          @Override
          public String encode(Message<Long> message) {
            return json.encode(message);
          }
        })
        .build();
    aliceRouteOnly = routeOnlyHub.connect(1L, new CountingPort(blackhole));
    routeOnlyHub.connect(2L, new CountingPort(blackhole));
  }

  private Hub<Long> routeOnlyHub;

  @TearDown(Level.Trial)
  public void stop() {
    hub.close();
    routeOnlyHub.close();
  }

  /** What the hub's thread does for a 1:1 SEND (mailbox, route, forward, receipt), decoding aside. */
  @Benchmark
  public void sendWithReceiptRouteOnly() {
    aliceRouteOnly.receive(SEND_STAMPED);
  }

  /** A 1:1 SEND whose sender is already right: forwarded as the same string, plus a receipt. */
  @Benchmark
  public void sendWithReceipt() {
    alice.receive(SEND_STAMPED);
  }

  /** A 1:1 SEND without a sender: the hub inserts it, plus a receipt. */
  @Benchmark
  public void sendWithReceiptStampingTheSender() {
    alice.receive(SEND_UNSTAMPED);
  }

  /** One BROADCAST to every connection: deliveries per second are this times {@code connections}. */
  @Benchmark
  public void broadcast() {
    alice.receive(BROADCAST);
  }
}
