package io.wshub.benchmarks;

import io.wshub.core.IdCodec;
import io.wshub.core.Message;
import io.wshub.core.MessageCodec;
import io.wshub.core.MessageType;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/** The default JSON codec: decoding a client's frame, and encoding a receipt. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CodecBenchmark {

  private static final String FRAME = "{\"type\":1,\"sender\":1,\"receiver\":2,\"content\":\"hello i am ws1\"}";

  private final MessageCodec<Long> codec = MessageCodec.json(IdCodec.longs());
  private final Message<Long> receipt = Message.of(MessageType.SYSTEM, 0L, 2L, "success send");

  @Benchmark
  public Message<Long> decode() {
    return codec.decode(FRAME, 1L);
  }

  @Benchmark
  public String encodeReceipt() {
    return codec.encode(receipt);
  }
}
