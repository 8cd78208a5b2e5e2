package io.wshub.redis;

import io.wshub.core.Hub;
import io.wshub.core.HubBuilder;
import io.wshub.jakarta.HubEvents;
import io.wshub.jakarta.WsClient;
import io.wshub.server.HubServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One node of a test cluster: a hub on hub-server, its Redis backplane, and its events. */
final class TestNode implements AutoCloseable {

  static final HttpClient HTTP = HttpClient.newHttpClient();

  final Hub<Long> hub;
  final RedisBackplane<Long> backplane;
  final HubEvents events = new HubEvents();
  final HubServer server;

  TestNode(RedisServer redis, String prefix, HubBuilder<Long> builder) {
    backplane = RedisBackplane.builder(redis.uri()).prefix(prefix).build();
    hub = builder.listener(events).backplane(backplane).build();
    try {
      server = HubServer.forHub(hub).host("127.0.0.1").port(0).start();
    } catch (IOException e) {
      hub.close();
      throw new AssertionError("the server did not start", e);
    }
  }

  URI uri(long id) {
    return URI.create("ws://127.0.0.1:" + server.port() + "/ws/" + id);
  }

  /** Connects a client and returns once this node has registered it. */
  WsClient connect(long id) {
    WsClient client = WsClient.connect(HTTP, uri(id), Map.of());
    events.awaitConnect(id);
    return client;
  }

  boolean isOnline(long id) {
    try {
      return hub.isOnline(id).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      return false;
    }
  }

  boolean clusterReachable() {
    try {
      return hub.stats().get(5, TimeUnit.SECONDS).clusterReachable();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    hub.close();
    server.close();
  }
}
