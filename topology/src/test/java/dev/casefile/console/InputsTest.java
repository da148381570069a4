package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
