package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RouteTest {

    @Test
    void pathsMapToTemplatesThatHoldNoneOfTheirValues() {
        assertEquals(Route.COMPLAINT, Route.of("/api/complaints/cmp-1"));
        assertEquals("cmp-1", Route.COMPLAINT.rawId("/api/complaints/cmp-1"));
        assertEquals(Route.CASE_FILE, Route.of("/api/traces/pat%40acme.example"));
        assertEquals(Route.COMPLAINTS, Route.of("/api/complaints"));
        assertEquals(Route.UNKNOWN, Route.of("/api/complaints/"));
        assertEquals(Route.UNKNOWN, Route.of("/api/complaints/a/b"));
        assertEquals(Route.UNKNOWN, Route.of("/pat@acme.example"));
        for (Route route : Route.values()) {
            assertFalse(route.template().contains("@"));
        }
    }

    @Test
    void methodsFollowAccess() {
        assertTrue(Route.SIGN_IN.allows("POST"));
        assertFalse(Route.SIGN_IN.allows("GET"));
        assertTrue(Route.CASE_FILE.allows("HEAD"));
        assertFalse(Route.INTERNAL_TRACE.allows("HEAD"));
        assertFalse(Route.PAGE.allows("POST"));
        assertEquals("GET, HEAD", Route.PAGE.allowHeader());
    }
}
