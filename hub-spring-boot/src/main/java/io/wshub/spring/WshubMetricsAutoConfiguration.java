package io.wshub.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.wshub.core.Hub;
import io.wshub.core.HubListener;
import io.wshub.micrometer.HubMetrics;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The hub's metrics, when the application has {@code hub-micrometer} and Micrometer: a
 * {@link HubMetrics} bean, which Spring Boot's actuator binds to its registries like any
 * {@code MeterBinder}, its listener on the hub, and the hub watched once it is built.
 */
@AutoConfiguration(before = WshubAutoConfiguration.class)
@ConditionalOnClass({HubMetrics.class, MeterRegistry.class})
public class WshubMetricsAutoConfiguration {

  /** Made by Spring Boot. */
  public WshubMetricsAutoConfiguration() {}

  /**
   * The metrics of the context's hub.
   *
   * @return metrics without tags of their own
   */
  @Bean
  @ConditionalOnMissingBean(HubMetrics.class)
  public HubMetrics<Object> wshubMetrics() {
    return new HubMetrics<>();
  }

  @Bean
  HubListener<?> wshubMetricsListener(HubMetrics<?> metrics) {
    return metrics.listener();
  }

  @Bean
  @SuppressWarnings("unchecked") // the metrics listen to this hub, whatever its id type
  SmartInitializingSingleton wshubMetricsWatch(HubMetrics<?> metrics, Hub<?> hub) {
    return () -> ((HubMetrics<Object>) metrics).watch((Hub<Object>) hub);
  }
}
