package io.wshub.jakarta;

import jakarta.websocket.server.ServerEndpointConfig;

/** A container started in-process, serving some endpoints on a free port of 127.0.0.1. */
interface WebSocketServer extends AutoCloseable {

  /** Starts a container that deploys {@code endpoints}. */
  @FunctionalInterface
  interface Factory {
    WebSocketServer start(ServerEndpointConfig... endpoints) throws Exception;
  }

  int port();

  @Override
  void close();
}
