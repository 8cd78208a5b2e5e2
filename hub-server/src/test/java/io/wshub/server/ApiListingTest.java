package io.wshub.server;

import io.wshub.core.api.ApiListing;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The server's public API is the checked-in {@code api/hub-server.api}: a change to it is a
 * decision.
 */
class ApiListingTest {

  @Test
  void thePublicApiIsTheCheckedInListing() {
    ApiListing.check("hub-server", Path.of("target/classes"), Path.of("api/hub-server.api"));
  }
}
