package dev.casefile.connect.zendesk;

import dev.casefile.serde.ContractSerde;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

/** The source connector's settings, declared and parsed once. */
final class ZendeskSourceConfig extends AbstractConfig {

    static final String TOPIC = "topic";
    static final String DEAD_LETTER_TOPIC = "dead.letter.topic";
    static final String TICKET_ID_PREFIX = "ticket.id.prefix";
    static final String START_TIME = "export.start.time";
    static final String PAGE_SIZE = "export.page.size";
    static final String REQUEST_INTERVAL_MS = "export.request.interval.ms";
    static final String POLL_INTERVAL_MS = "export.poll.interval.ms";
    static final String RETRY_BUDGET_MS = "export.retry.budget.ms";
    static final String OUTPUT_ENCODING = "output.encoding";
    static final String MAPPING_WORKSPACE = "mapping.workspace";
    /** {@code mapping.business.key.<name>=<custom field id>}: one setting per business key. */
    static final String BUSINESS_KEY_PREFIX = "mapping.business.key.";
    /** {@code text.pattern.<name>=<regex>}: one setting per pattern; {@code conversation_url} fills the conversation URL. */
    static final String TEXT_PATTERN_PREFIX = "text.pattern.";

    private static final String GROUP_EXPORT = "Export";
    private static final String GROUP_MAPPING = "Mapping";

    static final ConfigDef DEFINITION = define();

    private final ZendeskConnection connection;
    private final TicketMapper mapper;

    ZendeskSourceConfig(Map<String, String> props) {
        super(DEFINITION, props);
        this.connection = ZendeskConnection.from(this);
        Map<TicketMapper.Field, Long> fields = new EnumMap<>(TicketMapper.Field.class);
        for (TicketMapper.Field field : TicketMapper.Field.values()) {
            Long id = getLong(fieldSetting(field));
            if (id != null) {
                fields.put(field, id);
            }
        }
        this.mapper = new TicketMapper(getString(TICKET_ID_PREFIX),
                WorkspaceSource.parse(MAPPING_WORKSPACE, getString(MAPPING_WORKSPACE)), fields, businessKeyFields(props),
                textPatterns(props));
    }

    ZendeskConnection connection() {
        return connection;
    }

    TicketMapper mapper() {
        return mapper;
    }

    String topic() {
        return getString(TOPIC);
    }

    String deadLetterTopic() {
        return getString(DEAD_LETTER_TOPIC);
    }

    long startTimeSeconds() {
        return getLong(START_TIME);
    }

    int pageSize() {
        return getInt(PAGE_SIZE);
    }

    long requestIntervalMs() {
        return getLong(REQUEST_INTERVAL_MS);
    }

    long pollIntervalMs() {
        return getLong(POLL_INTERVAL_MS);
    }

    long retryBudgetMs() {
        return getLong(RETRY_BUDGET_MS);
    }

    ContractSerde.Encoding outputEncoding() {
        return ContractSerde.Encoding.valueOf(getString(OUTPUT_ENCODING).toUpperCase(Locale.ROOT));
    }

    /** {@code mapping.session_id.field}, ...: the setting that names the custom field for a contract field. */
    static String fieldSetting(TicketMapper.Field field) {
        return "mapping." + field.contractName() + ".field";
    }

    private static Map<String, Long> businessKeyFields(Map<String, String> props) {
        Map<String, Long> fields = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(BUSINESS_KEY_PREFIX)) {
                String name = key.substring(BUSINESS_KEY_PREFIX.length());
                checkName(key, value, name);
                try {
                    fields.put(name, Long.parseLong(value.strip()));
                } catch (NumberFormatException e) {
                    throw new ConfigException(key, value, "must be a Zendesk custom field id");
                }
            }
        });
        return fields;
    }

    private static Map<String, Pattern> textPatterns(Map<String, String> props) {
        Map<String, Pattern> patterns = new HashMap<>();
        props.forEach((key, value) -> {
            if (key.startsWith(TEXT_PATTERN_PREFIX)) {
                String name = key.substring(TEXT_PATTERN_PREFIX.length());
                checkName(key, value, name);
                try {
                    patterns.put(name, Pattern.compile(value));
                } catch (PatternSyntaxException e) {
                    throw new ConfigException(key, value, "is not a Java regular expression: " + e.getDescription());
                }
            }
        });
        return patterns;
    }

    private static void validateStartTime(String name, Object value) {
        long seconds = value == null ? 0 : ((Number) value).longValue();
        if (seconds < 0 || seconds > System.currentTimeMillis() / 1000 - 60) {
            throw new ConfigException(name, value, "must be a Unix time in seconds at least a minute in the past");
        }
    }

    private static void checkName(String key, String value, String name) {
        if (!name.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new ConfigException(key, value, "the name after the prefix must be a business key such as order_id"
                    + " (lower case letters, digits and _)");
        }
    }

    private static ConfigDef define() {
        ConfigDef def = ZendeskConnection.define(new ConfigDef())
                .define(TOPIC, Type.STRING, "support-tickets", new ConfigDef.NonEmptyString(), Importance.HIGH,
                        "Casefile's ticket topic (topic.tickets).", GROUP_EXPORT, 1, Width.MEDIUM, "Ticket topic")
                .define(DEAD_LETTER_TOPIC, Type.STRING, "casefile-dlq", new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                        "Where a ticket that cannot be mapped goes, as Zendesk's JSON with a casefile.dlq.reason header that"
                                + " names the contract field and the rule (Connect has no errant-record reporter for sources).",
                        GROUP_EXPORT, 2, Width.MEDIUM, "Dead-letter topic")
                .define(TICKET_ID_PREFIX, Type.STRING, "zd-", Importance.MEDIUM,
                        "Put before Zendesk's ticket id to make the contract's ticket_id; the link sink writes back only to"
                                + " tickets with this prefix.", GROUP_EXPORT, 3, Width.SHORT, "Ticket id prefix")
                .define(START_TIME, Type.LONG, 0L, ZendeskSourceConfig::validateStartTime, Importance.MEDIUM,
                        "Unix time in seconds, at least a minute in the past (Zendesk's rule): the first export reads"
                                + " tickets updated since then. Only used when the connector has no stored cursor.",
                        GROUP_EXPORT, 4, Width.SHORT, "Start time")
                .define(PAGE_SIZE, Type.INT, 1000, ConfigDef.Range.between(1, 1000), Importance.LOW,
                        "Tickets per export page (Zendesk's per_page, at most 1000).", GROUP_EXPORT, 5, Width.SHORT, "Page size")
                .define(REQUEST_INTERVAL_MS, Type.LONG, 6_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "Least time between two export requests; Zendesk allows 10 incremental export requests a minute.",
                        GROUP_EXPORT, 6, Width.SHORT, "Request interval")
                .define(POLL_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How long to wait after the export reports end_of_stream before asking for newer tickets.",
                        GROUP_EXPORT, 7, Width.SHORT, "Poll interval")
                .define(RETRY_BUDGET_MS, Type.LONG, 120_000L, ConfigDef.Range.atLeast(0), Importance.LOW,
                        "How long one export request keeps retrying after 429 (for its Retry-After), 5xx or network"
                                + " errors; then the task waits (at least the Retry-After) and asks again from the same position.",
                        GROUP_EXPORT, 8, Width.SHORT, "Retry budget")
                .define(OUTPUT_ENCODING, Type.STRING, "avro", ConfigDef.CaseInsensitiveValidString.in("avro", "json"),
                        Importance.LOW, "How SupportTicket records are written: Casefile's single-object Avro or its JSON form.",
                        GROUP_EXPORT, 9, Width.SHORT, "Output encoding")
                .define(MAPPING_WORKSPACE, Type.STRING, "organization",
                        (name, value) -> WorkspaceSource.parse(name, value == null ? null : value.toString()), Importance.HIGH,
                        "Where workspace_id comes from: organization (the ticket's organization id), field:<custom field id>"
                                + " or const:<workspace id>.", GROUP_MAPPING, 1, Width.MEDIUM, "Workspace");
        int order = 2;
        for (TicketMapper.Field field : TicketMapper.Field.values()) {
            def.define(fieldSetting(field), Type.LONG, null, Importance.MEDIUM,
                    "The Zendesk custom field id whose value is the ticket's " + field.contractName() + ".",
                    GROUP_MAPPING, order++, Width.SHORT, field.contractName());
        }
        return def;
    }
}
