package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParamsTest {

    private static ApiException refused(Runnable call) {
        ApiException e = assertThrows(ApiException.class, call::run);
        assertEquals(400, e.status());
        return e;
    }

    @Test
    void aQueryDecodesPercentEscapesAndPlusAsASpace() {
        assertEquals(Map.of("q", "order 55", "email", "pat@acme.example", "tag", "doc_version=v17"),
                Params.query("q=order+55&email=pat%40acme.example&tag=doc_version%3Dv17"));
        assertEquals(Map.of("q", "a+b"), Params.query("q=a%2Bb"));
        assertEquals(Map.of("q", "café ☕"), Params.query("q=caf%C3%A9%20%E2%98%95"));
        assertEquals(Map.of("flag", "", "x", "1"), Params.query("flag&&x=1&"));
        assertTrue(Params.query(null).isEmpty());
        assertTrue(Params.query("").isEmpty());
    }

    @Test
    void aPathSegmentKeepsPlusAsAPlus() {
        assertEquals("a+b", Params.segment("a+b"));
        assertEquals("a+b", Params.segment("a%2Bb"));
        assertEquals("a b", Params.segment("a%20b"));
        assertEquals("cmp-1f2e", Params.segment("cmp-1f2e"));
    }

    @Test
    void malformedPercentEncodingIsABadRequest() {
        for (String raw : new String[] {"%zz", "%4", "%", "abc%", "%4g", "%C3", "%C3%28", "%FF", "%C0%AF", "%ED%A0%80",
                "%F4%90%80%80", "%E2%98", "%C3x%A9", "%\u0663\u0663"}) {
            ApiException e = refused(() -> Params.query("q=" + raw));
            assertEquals("malformed percent-encoding", e.getMessage(), raw);
            assertEquals("malformed percent-encoding", refused(() -> Params.segment(raw)).getMessage(), raw);
        }
        refused(() -> Params.query("%zz=1"));
    }

    @Test
    void controlCharactersAreRefusedHoweverTheyAreWritten() {
        for (String raw : new String[] {"%00", "a%0Ab", "%0D%0A", "%7F", "%C2%85", "%E2%80%A8", "tab\t"}) {
            ApiException e = refused(() -> Params.query("q=" + raw));
            assertFalse(e.getMessage().contains(raw), e.getMessage());
            refused(() -> Params.segment(raw));
        }
        refused(() -> Params.query("a%00=1"));
        refused(() -> Params.segment("half\uD800"));
    }

    @Test
    void aNameGivenTwiceIsABadRequestThatNamesOnlyASafeName() {
        ApiException e = refused(() -> Params.query("email=a%40b.example&email=c%40d.example"));
        assertEquals("parameter email is given twice", e.getMessage());
        assertEquals("parameter limit is given twice", refused(() -> Params.query("limit=1&lim%69t=2")).getMessage());
        ApiException unsafe = refused(() -> Params.query("pat%40acme.example=1&pat%40acme.example=2"));
        assertFalse(unsafe.getMessage().contains("pat"), unsafe.getMessage());
        assertFalse(e.getMessage().contains("b.example"), "never the value");
    }

    @Test
    void aQueryLongerThan4096CharactersIsABadRequest() {
        String longest = "q=" + "x".repeat(Params.MAX_QUERY_CHARS - 2);
        assertEquals(Params.MAX_QUERY_CHARS - 2, Params.query(longest).get("q").length());
        refused(() -> Params.query(longest + "x"));
    }

    @Test
    void aFormIsDecodedLikeAQueryAndMustBeAscii() {
        assertEquals(Map.of("token", "a b+c"), Params.form("token=a+b%2Bc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals("malformed percent-encoding",
                refused(() -> Params.form("token=caf\u00e9".getBytes(StandardCharsets.UTF_8))).getMessage());
        refused(() -> Params.form(("token=" + "x".repeat(Params.MAX_FORM_BYTES)).getBytes(StandardCharsets.US_ASCII)));
        refused(() -> Params.form("token=1&token=2".getBytes(StandardCharsets.US_ASCII)));
    }
}
