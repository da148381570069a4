package dev.casefile.console;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OriginsTest {

    @Test
    void aLoopbackConsoleKnowsItsLoopbackNamesAndNoOthers() {
        Origins origins = new Origins("http", "127.0.0.1", "127.0.0.1", 8470, Optional.empty());
        assertTrue(origins.knowsHost("127.0.0.1:8470"));
        assertTrue(origins.knowsHost("LOCALHOST:8470"));
        assertTrue(origins.knowsHost("[::1]:8470"));
        assertFalse(origins.knowsHost("127.0.0.1:8471"));
        assertFalse(origins.knowsHost("attacker.example:8470"));
        assertFalse(origins.knowsHost(null));
        assertTrue(origins.isOwnForm("http://localhost:8470", null));
        assertFalse(origins.isOwnForm("http://attacker.example", null));
        assertFalse(origins.isOwnForm("null", null));
        assertFalse(origins.isOwnForm(null, null), "a POST naming no origin at all is refused");
        assertTrue(origins.isOwnForm(null, "http://127.0.0.1:8470/"));
        assertFalse(origins.isOwnForm(null, "http://127.0.0.1:8470.attacker.example/"));
        assertFalse(origins.isOwnForm("https://127.0.0.1:8470", null), "another scheme is another origin");
    }

    @Test
    void behindAProxyThePublicUrlIsTheOrigin() {
        Origins origins = new Origins("http", "casefile-0.casefile", "0.0.0.0", 8470,
                Optional.of(URI.create("https://casefile.example.com")));
        assertTrue(origins.knowsHost("casefile.example.com"));
        assertTrue(origins.knowsHost("casefile.example.com:443"));
        assertTrue(origins.knowsHost("casefile-0.casefile:8470"), "instances call each other by advertised name");
        assertFalse(origins.knowsHost("localhost:8470"), "not bound to loopback");
        assertTrue(origins.isOwnForm("https://casefile.example.com", null));
        assertFalse(origins.isOwnForm("http://casefile.example.com", null));
    }
}
