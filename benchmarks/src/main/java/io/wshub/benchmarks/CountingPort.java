package io.wshub.benchmarks;

import io.wshub.core.ClientPort;
import org.openjdk.jmh.infra.Blackhole;

/** A port that accepts every frame and only lets JMH consume it: what the hub costs, without a socket. */
final class CountingPort implements ClientPort {

  private final Blackhole blackhole;
  long frames;

  CountingPort(Blackhole blackhole) {
    this.blackhole = blackhole;
  }

  @Override
  public boolean send(String frame) {
    blackhole.consume(frame);
    frames++;
    return true;
  }

  @Override
  public void ping() {}

  @Override
  public void close(int code, String reason) {}
}
