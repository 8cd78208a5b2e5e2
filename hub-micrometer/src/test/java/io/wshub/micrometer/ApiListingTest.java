package io.wshub.micrometer;

import io.wshub.core.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The module's public API is the checked-in {@code api/hub-micrometer.api}: a change to it is a
 * decision.
 */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-micrometer", Path.of("target/classes"), Path.of("api/hub-micrometer.api"));
  }
}
