package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.casefile.contract.KeyedHash;
import dev.casefile.topology.query.ComplaintIndexKeys.Kind;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class InputsTest {

    private static int status(Runnable call) {
        return assertThrows(ApiException.class, call::run).status();
    }

    @Test
    void idsAreBoundedAndLimitedToSafeCharacters() {
        assertEquals("cs_441", Inputs.id("ticket", "cs_441"));
        assertEquals("https://x.example/c/9", Inputs.id("key", "https://x.example/c/9"));
        assertEquals(400, status(() -> Inputs.id("ticket", "")));
        assertEquals(400, status(() -> Inputs.id("ticket", null)));
        assertEquals(400, status(() -> Inputs.id("ticket", "a".repeat(201))));
        assertEquals(400, status(() -> Inputs.id("ticket", "cs 441")));
        assertEquals(400, status(() -> Inputs.id("ticket", "<script>")));
    }

    @Test
    void textRefusesControlCharactersAndOverlongValuesWithoutEchoingThem() {
        assertEquals("order 55", Inputs.text("q", "  order 55 "));
        ApiException e = assertThrows(ApiException.class, () -> Inputs.text("q", "bad\u0000value"));
        assertEquals(400, e.status());
        assertFalse(e.getMessage().contains("bad"), "the message never echoes the input");
        assertEquals(400, status(() -> Inputs.text("q", "x".repeat(Inputs.MAX_VALUE_LENGTH + 1))));
        assertEquals(400, status(() -> Inputs.text("q", "line\u2028break")));
    }

    @Test
    void emailsTagsLimitsAndInstantsAreCheckedWithClearErrors() {
        assertEquals("ana@example.com", Inputs.email("email", "ana@example.com"));
        assertEquals(400, status(() -> Inputs.email("email", "not-an-email")));
        assertTrue(Inputs.looksLikeEmail("ana@example.com"));
        assertTrue(Inputs.isOtlpTraceId("5b8efff798038103d269b633813f9021"));
        assertFalse(Inputs.isOtlpTraceId("tr_9021"));
        assertEquals(400, status(() -> Inputs.tag("tag", "doc_version")));
        assertEquals(400, status(() -> Inputs.tag("tag", "=v17")));
        assertEquals(400, status(() -> Inputs.tagKey("tag_key", "doc version")));
        assertEquals(Inputs.DEFAULT_LIMIT, Inputs.limit(null));
        assertEquals(100, Inputs.limit("100"));
        assertEquals(400, status(() -> Inputs.limit("101")));
        assertEquals(400, status(() -> Inputs.limit("ten")));
        assertEquals(Instant.parse("2026-05-21T00:00:00Z"), Inputs.instant("from", "2026-05-21T00:00:00Z"));
        assertEquals(400, status(() -> Inputs.instant("from", "yesterday")));
        assertEquals(400, status(() -> Inputs.cursor("not-a-cursor")));
    }

    @Test
    void instantsOutsideYears1970To9999AreABadRequestNotAnOverflow() {
        for (String v : new String[] {"+999999999-12-31T23:59:59Z", "-999999999-01-01T00:00:00Z", "+10000-01-01T00:00:00Z",
                "1969-12-31T23:59:59Z", "2026-13-01T00:00:00Z"}) {
            ApiException e = assertThrows(ApiException.class, () -> Inputs.instant("from", v), v);
            assertEquals(400, e.status());
            assertTrue(e.getMessage().startsWith("from must be an ISO-8601 instant from 1970"), e.getMessage());
        }
        assertEquals(Instant.EPOCH, Inputs.instant("from", "1970-01-01T00:00:00Z"));
        assertEquals(Instant.parse("9999-12-31T23:59:59Z"), Inputs.instant("to", "9999-12-31T23:59:59Z"));
    }

    @Test
    void aRangeThatWouldOverflowIsABadRequest() {
        long hour = 3_600_000L;
        ConsoleApi.checkRange(Instant.parse("2026-05-01T00:00:00Z"), Instant.parse("2026-05-02T00:00:00Z"), hour);
        assertEquals(400, status(() -> ConsoleApi.checkRange(Instant.EPOCH, Inputs.LATEST, hour)));
        assertEquals(400, status(() -> ConsoleApi.checkRange(Instant.parse("2026-05-02T00:00:00Z"),
                Instant.parse("2026-05-01T00:00:00Z"), hour)));
        // Instants Inputs.instant never gives, passed in directly: still the 400, not an ArithmeticException.
        assertEquals(400, status(() -> ConsoleApi.checkRange(Instant.ofEpochMilli(Long.MIN_VALUE),
                Instant.ofEpochMilli(Long.MAX_VALUE), hour)));
    }

    @Test
    void numbersAreAsciiDigitsOnly() {
        for (String v : new String[] {"\u0663", "\u0661\u0660", "\uff15", "+5", "-1", " 5", "5 ", "1e1", "0x10", "",
                "99999999999999999999"}) {
            assertEquals(400, status(() -> Inputs.limit(v)), v);
            assertEquals(400, status(() -> Inputs.wholeNumber("seed", v, 0, Integer.MAX_VALUE)), v);
        }
        assertEquals(5, Inputs.limit("5"));
        assertEquals(7, Inputs.limit("007"));
        assertEquals(Integer.MAX_VALUE, Inputs.wholeNumber("seed", "2147483647", 0, Integer.MAX_VALUE));
        assertEquals(400, status(() -> Inputs.wholeNumber("seed", "2147483648", 0, Integer.MAX_VALUE)));
        String page = "9223370259000000000\u001fcmp-0123456789abcdef";
        assertEquals(page, Inputs.cursor("9223370259000000000~cmp-0123456789abcdef"));
        assertEquals(400, status(() -> Inputs.cursor("922337025900000000\u0663~cmp-0123456789abcdef")));
    }

    @Test
    void anEmailGivenAsABusinessKeyIsLookedUpByItsKeyedHashLikeEmail() {
        KeyedHash hash = new KeyedHash("a-test-secret-0123456789abcdef");
        Inputs.Lookup byEmail = Inputs.lookup("email", "pat@acme.example", hash);
        Inputs.Lookup byKey = Inputs.lookup("key", " Pat@Acme.example ", hash);
        assertEquals(new Inputs.Lookup(Kind.KEY, hash.of("pat@acme.example"), "email"), byEmail);
        assertEquals(byEmail, byKey, "key= with an email is the email: the hash the gates index as email_hash");
        assertFalse(byKey.value().contains("acme"), "the value sent on to other instances is the hash");
        assertEquals(new Inputs.Lookup(Kind.KEY, "ord-5521", "key"), Inputs.lookup("key", "ord-5521", hash));
        assertEquals(new Inputs.Lookup(Kind.KEY, "https://x.example/c/9", "key"),
                Inputs.lookup("key", "https://x.example/c/9", hash));
        assertEquals(new Inputs.Lookup(Kind.TICKET, "cs_441", "ticket"), Inputs.lookup("ticket", "cs_441", hash));
        assertEquals(new Inputs.Lookup(Kind.TAG, "doc_version=v17", "tag"), Inputs.lookup("tag", "doc_version=v17", hash));
    }

    @Test
    void anEmailInAnIdTagLabelOrCursorIsRefusedNotForwardedInClear() {
        KeyedHash hash = new KeyedHash("a-test-secret-0123456789abcdef");
        for (String name : new String[] {"ticket", "workspace", "session", "feedback", "trace"}) {
            ApiException e = assertThrows(ApiException.class, () -> Inputs.lookup(name, "pat@acme.example", hash), name);
            assertEquals(400, e.status());
            assertFalse(e.getMessage().contains("pat"), e.getMessage());
        }
        assertEquals(400, status(() -> Inputs.id("complaint id", "pat@acme.example")));
        assertEquals(400, status(() -> Inputs.tag("tag", "user.email=pat@acme.example")));
        assertEquals(400, status(() -> Inputs.lookup("tag", "user.email=pat@acme.example", hash)));
        assertEquals(400, status(() -> ExportRequest.parse(java.util.Map.of("label", "pat@acme.example"))));
        assertEquals(400, status(() -> ExportRequest.parse(java.util.Map.of("tag", "user.email=pat@acme.example"))));
        assertEquals(400, status(() -> Inputs.cursor("9223370259000000000~pat@acme.example")));
        assertEquals(400, status(() -> Inputs.email("email", "not-an-email")));
    }
}
