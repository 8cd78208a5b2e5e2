/**
 * wshub for Spring Boot: an auto-configuration that makes a {@link io.wshub.core.Hub} bean from the
 * {@code wshub.*} properties and serves it from the embedded servlet container, and
 * {@link io.wshub.spring.HubServerEndpoint}, the annotated endpoint for it.
 */
module io.wshub.spring {
  requires transitive io.wshub.jakarta;
  requires spring.beans;
  requires spring.context;
  requires spring.core;
  requires spring.boot;
  requires spring.boot.autoconfigure;
  requires spring.web;
  requires spring.websocket;
  requires static io.wshub.micrometer;
  requires static micrometer.core;
  requires static io.wshub.redis;

  exports io.wshub.spring;
}
