package dev.weft.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/** Remembered inbox addresses: the same as {@link Addresses}, one string per recent id, bounded. */
class InboxAddressesTest {

  private final InboxAddresses addresses = new InboxAddresses();

  @Test
  void theAddressesAreThoseOfAddressesAndTheSameStringEachTime() {
    assertEquals(Addresses.worker("w1"), addresses.worker("w1"));
    assertEquals(Addresses.client("c1"), addresses.client("c1"));
    assertSame(addresses.worker("w1"), addresses.worker("w1"));
    assertEquals(Addresses.client("w1"), addresses.client("w1"), "a client and a worker of one id have their own inboxes");
  }

  @Test
  void onlyTheMostRecentlyUsedIdsAreKept() {
    String first = addresses.worker("w0");
    for (int i = 1; i <= InboxAddresses.KEPT; i++) {
      addresses.worker("w" + i);
    }
    String again = addresses.worker("w0");
    assertEquals(first, again);
    assertNotSame(first, again, "w0 was the least recently used: forgotten, then built anew");
    String recent = addresses.worker("w" + InboxAddresses.KEPT);
    assertSame(recent, addresses.worker("w" + InboxAddresses.KEPT));
  }
}
