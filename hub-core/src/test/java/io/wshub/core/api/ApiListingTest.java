package io.wshub.core.api;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** hub-core's public API is the checked-in {@code api/hub-core.api}: a change to it is a decision. */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-core", Path.of("target/classes"), Path.of("api/hub-core.api"));
  }
}
