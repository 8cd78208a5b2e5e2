package io.wshub.jakarta;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletContext;
import org.apache.catalina.util.ServerInfo;
import org.eclipse.jetty.util.Jetty;
import org.junit.jupiter.api.Test;

/**
 * This module's point is the EE 11 containers: make sure its class path really holds them, and
 * not the adapter's Tomcat 10.1 or Jetty 12.0 through some dependency.
 */
class ContainerVersionsEe11Test {

  @Test
  void theContainersAreTomcat11AndJetty121WithServlet61() {
    assertThat(ServerInfo.getServerNumber()).startsWith("11.");
    assertThat(Jetty.VERSION).startsWith("12.1.");
    // Servlet 6.1 is Jakarta EE 11, whose WebSocket is 2.2.
    assertThat(ServletContext.class.getPackage().getSpecificationVersion()).isEqualTo("6.1");
  }
}
