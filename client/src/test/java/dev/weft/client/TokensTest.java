package dev.weft.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Keys of pure tasks: the function's name, a dash and 16 hex digits of the token of the call. */
class TokensTest {

  @Test
  void aKeyIsTheNameAndSixteenLowerCaseHexDigitsTheSameForTheSameCall() {
    String key = Tokens.key("inc", 42, new Object[] {1});
    assertTrue(key.matches("inc-[0-9a-f]{16}"), key);
    assertEquals(key, Tokens.key("inc", 42, new Object[] {1}));
    assertNotEquals(key, Tokens.key("inc", 42, new Object[] {2}));
    assertNotEquals(key, Tokens.key("inc", 43, new Object[] {1}));
  }

  @Test
  void smallTokensKeepTheirLeadingZeros() {
    for (int i = 0; i < 2000; i++) {
      String key = Tokens.key("f", i, new Object[0]);
      assertEquals("f-".length() + 16, key.length(), key);
    }
  }
}
