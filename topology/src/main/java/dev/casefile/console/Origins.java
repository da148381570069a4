package dev.casefile.console;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The names this console answers to. A request must name one of them in its {@code Host} header
 * (so a page on another site, re-pointed at this address by DNS rebinding, is refused), and a form
 * POST must come from one of the console's own origins ({@code Origin}, or {@code Referer} when a
 * browser sends no Origin), so no other site can sign an agent in or out.
 */
final class Origins {

    private final Set<String> hosts = new LinkedHashSet<>();
    private final Set<String> origins = new LinkedHashSet<>();

    /**
     * @param scheme    {@code http} or {@code https}, as this server speaks
     * @param advertised the host other instances reach this one by
     * @param bindAddress the address the server listens on: a loopback one adds {@code localhost} and its addresses
     * @param publicUrl the URL agents open, if it is not this server's own
     */
    Origins(String scheme, String advertised, String bindAddress, int port, Optional<URI> publicUrl) {
        add(scheme, advertised, port);
        if (isLoopback(bindAddress)) {
            add(scheme, "localhost", port);
            add(scheme, "127.0.0.1", port);
            add(scheme, "[::1]", port);
        }
        publicUrl.ifPresent(u -> add(u.getScheme(), u.getHost(), u.getPort()));
    }

    /** Whether {@code host} (a request's Host header) names this console. */
    boolean knowsHost(String host) {
        return host != null && hosts.contains(host.toLowerCase(Locale.ROOT));
    }

    /** Whether a form POST with these headers comes from this console's own pages. */
    boolean isOwnForm(String origin, String referer) {
        if (origin != null) {
            return origins.contains(origin.toLowerCase(Locale.ROOT));
        }
        if (referer == null) {
            return false;
        }
        try {
            URI uri = new URI(referer);
            return uri.getScheme() != null && uri.getHost() != null
                    && origins.contains(origin(uri.getScheme(), uri.getHost(), uri.getPort()));
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private void add(String scheme, String host, int port) {
        String h = host.toLowerCase(Locale.ROOT);
        int defaultPort = scheme.equals("https") ? 443 : 80;
        if (port < 0 || port == defaultPort) {
            hosts.add(h);
            hosts.add(h + ":" + defaultPort);
        } else {
            hosts.add(h + ":" + port);
        }
        origins.add(origin(scheme, host, port));
    }

    private static String origin(String scheme, String host, int port) {
        String s = scheme.toLowerCase(Locale.ROOT);
        int defaultPort = s.equals("https") ? 443 : 80;
        return s + "://" + host.toLowerCase(Locale.ROOT) + (port < 0 || port == defaultPort ? "" : ":" + port);
    }

    private static boolean isLoopback(String bindAddress) {
        try {
            return InetAddress.getByName(bindAddress).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
