package io.wshub.jakarta;

import io.wshub.core.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The adapter's public API is the checked-in {@code api/hub-jakarta-adapter.api}: a change to it
 * is a decision.
 */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-jakarta-adapter", Path.of("target/classes"), Path.of("api/hub-jakarta-adapter.api"));
  }
}
