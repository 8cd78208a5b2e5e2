package io.wshub.jakarta;

import io.wshub.core.Hub;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The drop-in's life in one web application: deploys the hubs when it starts (the JSR-356
 * container takes programmatic endpoints from a context listener), and shuts them down when it
 * stops, waiting until the threads they made for this application have ended.
 */
final class DropInLifecycle implements ServletContextListener {

  /** The most an application's stop waits for the hubs' threads, beyond the drain. */
  private static final Duration THREADS_PATIENCE = Duration.ofSeconds(5);

  private final List<Binding<?>> bindings = new ArrayList<>();
  private Duration drain = DropInSettings.DEFAULT_DRAIN;
  private ClassLoader application;

  @Override
  public void contextInitialized(ServletContextEvent event) {
    ServletContext context = event.getServletContext();
    application = context.getClassLoader();
    Object container = context.getAttribute(ServerContainer.class.getName());
    if (!(container instanceof ServerContainer server)) {
      Binding.LOG.log(Level.WARNING, "wshub: the application " + context.getContextPath()
          + " has no Jakarta WebSocket container (attribute " + ServerContainer.class.getName()
          + "); the drop-in deploys nothing");
      return;
    }
    DropInSettings settings = DropInSettings.read(Collections.list(context.getInitParameterNames()),
        context::getInitParameter);
    List<HubDeployment> deployments = new ArrayList<>();
    ServiceLoader.load(HubDeployment.class, application).forEach(deployments::add);
    Set<ServerEndpointConfig> endpoints = new LinkedHashSet<>();
    if (deployments.isEmpty()) {
      Hub<Long> hub = settings.hub();
      try {
        endpoints.add(settings.endpoint(hub));
      } catch (RuntimeException e) {
        hub.close();
        throw e;
      }
      context.setAttribute(DropIn.HUB_ATTRIBUTE, hub);
    } else {
      settings.given().stream().filter(name -> !name.equals(DropInSettings.SHUTDOWN_DRAIN)).findFirst()
          .ifPresent(name -> {
            throw new IllegalArgumentException("context parameter " + name + " configures the drop-in's default hub, "
                + "but the HubDeployment " + deployments.get(0).getClass().getName()
                + " replaces it: configure that hub in its code, or leave the HubDeployment out");
          });
      for (HubDeployment deployment : deployments) {
        endpoints.addAll(deployment.endpoints());
      }
    }
    drain = settings.shutdownDrain();
    for (ServerEndpointConfig endpoint : endpoints) {
      if (endpoint.getConfigurator() instanceof HubConfigurator<?> configurator) {
        bindings.add(configurator.binding());
      }
      try {
        server.addEndpoint(endpoint);
      } catch (DeploymentException e) {
        stop();
        throw new IllegalStateException("wshub: could not deploy the endpoint at " + endpoint.getPath(), e);
      }
    }
  }

  @Override
  public void contextDestroyed(ServletContextEvent event) {
    event.getServletContext().removeAttribute(DropIn.HUB_ATTRIBUTE);
    stop();
  }

  /** Shuts down every hub deployed here, then waits for the threads made for this application. */
  private void stop() {
    List<CompletableFuture<Void>> stopping = new ArrayList<>();
    Set<Hub<?>> hubs = new LinkedHashSet<>();
    bindings.forEach(binding -> hubs.add(binding.hub));
    hubs.forEach(hub -> stopping.add(hub.shutdown(drain)));
    long deadline = System.nanoTime() + drain.plus(THREADS_PATIENCE).toNanos();
    try {
      CompletableFuture.allOf(stopping.toArray(CompletableFuture[]::new))
          .get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (ExecutionException | TimeoutException e) {
      Binding.LOG.log(Level.WARNING, "wshub: a hub did not shut down in time as the application stopped", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    bindings.forEach(Binding::close);
    bindings.clear();
    awaitThreads(deadline);
  }

  /**
   * A hub's own thread ends just after its shutdown completes, a binding's as soon as it is
   * closed: wait for that, so that the container finds none of them left (Tomcat warns of each
   * thread an application "has failed to stop"). The threads of this application are those that
   * were started with its class loader, as the container itself tells them apart.
   */
  private void awaitThreads(long deadline) {
    for (Thread thread : Thread.getAllStackTraces().keySet()) {
      if (thread.getName().startsWith("wshub-") && thread.getContextClassLoader() == application
          && thread != Thread.currentThread()) {
        try {
          thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
        if (thread.isAlive()) {
          Binding.LOG.log(Level.WARNING, "wshub: the thread " + thread.getName() + " was still running as the "
              + "application stopped");
        }
      }
    }
  }
}
