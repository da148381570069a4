package dev.casefile.connect.zendesk;

import java.net.URI;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The link sink's settings, declared and parsed once. */
final class LinkSinkConfig extends AbstractConfig {

    static final String TICKET_ID_PREFIX = "ticket.id.prefix";
    static final String TRACE_FIELD = "link.trace.field.id";
    static final String STATUS_FIELD = "link.status.field.id";
    static final String CONSOLE_URL = "console.public.url";

    private static final String GROUP = "Link";

    static final ConfigDef DEFINITION = ZendeskConnection.define(new ConfigDef())
            .define(TICKET_ID_PREFIX, Type.STRING, "zd-", Importance.MEDIUM,
                    "Only ticket ids with this prefix are Zendesk tickets (the source connector's ticket.id.prefix);"
                            + " the rest of the id is Zendesk's ticket id.", GROUP, 1, Width.SHORT, "Ticket id prefix")
            .define(TRACE_FIELD, Type.LONG, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.Range.atLeast(1), Importance.HIGH,
                    "The id of the ticket custom field (a text field) that gets the linked trace id.",
                    GROUP, 2, Width.SHORT, "Trace field")
            .define(STATUS_FIELD, Type.LONG, null, Importance.MEDIUM,
                    "Optional: the id of a text custom field that gets the complaint's status (LINKED, AWAITING_TRACE,"
                            + " AMBIGUOUS). Without it the ticket is written to only when its complaint links to a trace.",
                    GROUP, 3, Width.SHORT, "Status field")
            .define(CONSOLE_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, LinkSinkConfig::validateUrl, Importance.HIGH,
                    "The console's URL as agents reach it, e.g. https://casefile.internal.example; case files are"
                            + " <url>/#/trace/<id>.", GROUP, 4, Width.LONG, "Console URL");

    private final ZendeskConnection connection;

    LinkSinkConfig(Map<String, String> props) {
        super(DEFINITION, props);
        this.connection = ZendeskConnection.from(this);
        if (statusField() != null && statusField() == traceField()) {
            throw new ConfigException(STATUS_FIELD, statusField(), "must be another custom field than " + TRACE_FIELD);
        }
    }

    ZendeskConnection connection() {
        return connection;
    }

    long traceField() {
        return getLong(TRACE_FIELD);
    }

    /** The status field's id, or null when none is configured. */
    Long statusField() {
        return getLong(STATUS_FIELD);
    }

    String consoleUrl() {
        String url = getString(CONSOLE_URL).strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** Zendesk's id of a complaint's ticket id, or empty if the ticket is not one of this helpdesk's. */
    OptionalLong zendeskId(String ticketId) {
        String prefix = getString(TICKET_ID_PREFIX);
        if (ticketId == null || !ticketId.startsWith(prefix)) {
            return OptionalLong.empty();
        }
        String rest = ticketId.substring(prefix.length());
        if (!rest.matches("[1-9][0-9]{0,17}")) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(rest));
    }

    private static void validateUrl(String name, Object value) {
        String url = value == null ? "" : value.toString().strip();
        try {
            URI uri = URI.create(url);
            if (("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getFragment() == null && uri.getQuery() == null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException(name, value, "must be an http(s) URL with a host, no query and no fragment");
    }
}
