package io.wshub.spring;

import io.wshub.core.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's public API is the checked-in {@code api/hub-spring-boot.api}: a change to it is a
 * decision.
 */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-spring-boot", Path.of("target/classes"), Path.of("api/hub-spring-boot.api"));
  }
}
