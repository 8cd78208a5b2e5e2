package io.wshub.jakarta;

import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import java.util.Set;

/**
 * The drop-in: a WAR that contains this jar serves protocol v1 at {@code /ws/{id}} under its
 * context path with no code. The container finds this initializer in the jar, as it finds every
 * {@link ServletContainerInitializer}; it deploys one hub per web application when the application
 * starts, and shuts it down when the application stops (undeployed, redeployed, or the container
 * shutting down), so no thread of it outlives the application.
 *
 * <p>The hub has protocol v1's defaults and the open handshake, unless the application's context
 * parameters ({@code <context-param>} in {@code web.xml}) say otherwise:
 *
 * <table>
 * <caption>The drop-in's context parameters</caption>
 * <tr><th>name</th><th>value</th></tr>
 * <tr><td>{@code wshub.allowedOrigins}</td><td>origins, separated by commas or spaces, such as
 *     {@code https://chat.example}; others get HTTP 403. Default: any origin</td></tr>
 * <tr><td>{@code wshub.maxFrameBytes}</td><td>a whole number; default 512</td></tr>
 * <tr><td>{@code wshub.duplicateIds}</td><td>{@code REPLACE} (default), {@code REJECT_NEW} or
 *     {@code MULTI}</td></tr>
 * <tr><td>{@code wshub.pingInterval}, {@code wshub.idleTimeout}, {@code wshub.writeTimeout}</td>
 *     <td>durations such as {@code 9s}, {@code 500ms}, {@code 2m} or {@code PT9S}; default 9 s,
 *     10 s, 10 s</td></tr>
 * <tr><td>{@code wshub.outboundQueueBytes}, {@code wshub.inboundQueue}</td><td>whole numbers;
 *     default 524288 and 16384</td></tr>
 * <tr><td>{@code wshub.path}</td><td>the path, with an {@code {id}} segment; default
 *     {@code /ws/{id}}</td></tr>
 * <tr><td>{@code wshub.shutdownDrain}</td><td>how long queued frames may take to go out when
 *     the application stops; default 1 s</td></tr>
 * </table>
 *
 * <p>A value it cannot use, or a {@code wshub.*} name it does not know, fails the application's
 * start with a message that names the parameter. The hub is the context attribute
 * {@link #HUB_ATTRIBUTE}, for the application's own code to send to.
 *
 * <p>To deploy your own hubs instead (your own rules, ids or {@link Authenticator}), provide a
 * {@link HubDeployment} through {@code META-INF/services}: the drop-in deploys its endpoints
 * rather than the default, and shuts their hubs down when the application stops too.
 *
 * <p>The adapter uses the Servlet API only here, for the application's life cycle; it is
 * {@code provided} (a WAR's container has it) and optional elsewhere.
 */
public final class DropIn implements ServletContainerInitializer {

  /**
   * The name of the context attribute that holds the drop-in's default hub, a
   * {@code Hub<Long>}, while the application runs; absent when a {@link HubDeployment} replaces it.
   */
  public static final String HUB_ATTRIBUTE = "io.wshub.jakarta.DropIn.hub";

  /** Made by the container, once per web application. */
  public DropIn() {}

  /**
   * Arranges for the hub to be deployed once the application's WebSocket container is ready (when
   * the application starts) and shut down when it stops.
   *
   * @param classes not used
   * @param context the application
   */
  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addListener(new DropInLifecycle());
  }
}
