package io.wshub.spring;

import io.wshub.core.Hub;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Shuts the hub down when the application stops. Its phase is the latest, so it stops first: while
 * the hub drains, the web server is still up to write what is queued and the clients' 1001.
 */
final class HubLifecycle implements SmartLifecycle {

  private final Hub<?> hub;
  private final Duration drain;
  private volatile boolean running;

  HubLifecycle(Hub<?> hub, Duration drain) {
    this.hub = hub;
    this.drain = drain;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    hub.shutdown(drain).join();
  }

  @Override
  public boolean isRunning() {
    return running;
  }
}
