package io.wshub.examples.springboot;

import io.wshub.jakarta.Authenticator;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;

/**
 * A chat service on Spring Boot: hub-spring-boot makes the hub from {@code application.properties}
 * and serves it at {@code /ws/{id}} on the embedded Tomcat; Spring Security signs users in (HTTP
 * Basic here), and the authenticator below accepts a connection only as the signed-in user's own id.
 * The hub's metrics are at {@code /actuator/prometheus}.
 */
@SpringBootApplication
public class ChatApplication {

  /** The users of this demo and their chat ids; a real service asks its user store. */
  static final Map<String, Long> IDS = Map.of("alice", 1L, "bob", 2L);

  public static void main(String[] args) {
    SpringApplication.run(ChatApplication.class, args);
  }

  // README:spring-authenticator:begin
  /** {@code /ws/1} only for alice: the id is the signed-in user's, whatever the path says. */
  @Bean
  Authenticator<Long> signedInUser() {
    return (pathId, request) -> request.getUserPrincipal() instanceof Authentication user
        && user.isAuthenticated() && pathId.equals(IDS.get(user.getName()))
        ? Optional.of(pathId)
        : Optional.empty();
  }
  // README:spring-authenticator:end

  @Bean
  SecurityFilterChain security(HttpSecurity http) throws Exception {
    return http
        .authorizeHttpRequests(requests -> requests
            .requestMatchers("/actuator/health", "/actuator/prometheus", "/error").permitAll()
            .anyRequest().authenticated())
        .httpBasic(Customizer.withDefaults())
        .build();
  }

  /** Demo users, password "secret" (never do this outside a demo). */
  @Bean
  UserDetailsService users() {
    return new InMemoryUserDetailsManager(IDS.keySet().stream()
        .map(name -> User.withUsername(name).password("{noop}secret").roles("CHAT").build())
        .toList());
  }
}
