package dev.casefile.connect.zendesk;

import java.net.URI;
import java.time.Duration;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/** How both connectors reach Zendesk: the account's URL, an agent's email and API token, timeouts. */
record ZendeskConnection(String baseUrl, String email, Password apiToken, Duration requestTimeout) {

    static final String URL = "zendesk.url";
    static final String EMAIL = "zendesk.email";
    static final String API_TOKEN = "zendesk.api.token";
    static final String REQUEST_TIMEOUT_MS = "zendesk.request.timeout.ms";

    private static final String GROUP = "Zendesk";

    static ConfigDef define(ConfigDef def) {
        return def
                .define(URL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, ZendeskConnection::validateUrl,
                        ConfigDef.Importance.HIGH, "The Zendesk account's URL, e.g. https://acme.zendesk.com.",
                        GROUP, 1, ConfigDef.Width.LONG, "Zendesk URL")
                .define(EMAIL, ConfigDef.Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                        ConfigDef.Importance.HIGH, "The email of the agent whose API token is used; the source's incremental export needs an admin.",
                        GROUP, 2, ConfigDef.Width.MEDIUM, "Agent email")
                .define(API_TOKEN, ConfigDef.Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Importance.HIGH,
                        "A Zendesk API token (Admin Center > Apps and integrations > Zendesk API). A password setting:"
                                + " Connect masks it in logs; keep it in a config provider, e.g. ${file:/secrets/zendesk:token}.",
                        GROUP, 3, ConfigDef.Width.MEDIUM, "API token")
                .define(REQUEST_TIMEOUT_MS, ConfigDef.Type.LONG, 30_000L, ConfigDef.Range.atLeast(1_000),
                        ConfigDef.Importance.LOW, "Timeout of one HTTP request to Zendesk.",
                        GROUP, 4, ConfigDef.Width.SHORT, "Request timeout");
    }

    static ZendeskConnection from(AbstractConfig config) {
        String url = config.getString(URL).strip();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return new ZendeskConnection(url, config.getString(EMAIL).strip(), config.getPassword(API_TOKEN),
                Duration.ofMillis(config.getLong(REQUEST_TIMEOUT_MS)));
    }

    private static void validateUrl(String name, Object value) {
        String url = value == null ? "" : value.toString().strip();
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(name, value, "must be a URL such as https://acme.zendesk.com");
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getQuery() != null) {
            throw new ConfigException(name, value, "must be an http(s) URL with a host and no query, such as https://acme.zendesk.com");
        }
    }
}
