package dev.casefile.config;

import static org.apache.kafka.common.config.ConfigDef.Importance.HIGH;
import static org.apache.kafka.common.config.ConfigDef.Importance.LOW;
import static org.apache.kafka.common.config.ConfigDef.Importance.MEDIUM;
import static org.apache.kafka.common.config.ConfigDef.Range.atLeast;
import static org.apache.kafka.common.config.ConfigDef.Range.between;

import dev.casefile.serde.ContractSerde;
import dev.casefile.serde.JsonRecordCodec;
import dev.casefile.serde.RecordSerdes;
import dev.casefile.serde.SingleObjectRecordSerdes;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Every Casefile setting, declared once (key, type, default, validator, doc) and parsed once into
 * typed values. Keys use dots only; {@link ConfigSources} maps flags and environment variables onto
 * them. Keys starting with {@code kafka.} pass through, prefix removed, to the Kafka clients.
 */
public final class CasefileConfig extends AbstractConfig {

    public static final String KAFKA_PREFIX = "kafka.";

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    private static final String BOOTSTRAP_SERVERS_DOC = "Kafka brokers to connect to (host:port,...). "
            + "Empty: start an embedded single-node KRaft broker in this process.";
    public static final String APPLICATION_ID = "application.id";
    private static final String APPLICATION_ID_DOC = "Kafka Streams application id: consumer group, "
            + "prefix of internal topics and transactional ids.";
    public static final String STATE_DIR = "state.dir";
    private static final String STATE_DIR_DOC = "Directory for the Streams state stores (RocksDB). Empty: a "
            + "temporary directory deleted on exit (state is restored from the changelog topics on start); "
            + "set it to a persistent volume in production.";
    public static final String INSTANCE_ID = "instance.id";
    private static final String INSTANCE_ID_DOC = "This instance's lasting name in the consumer group (Kafka's static "
            + "membership, group.instance.id): restarted after a crash it takes its partitions and its local state "
            + "back at once, without a rebalance and without waiting out the session timeout. Each instance needs its "
            + "own. Empty: a name generated on the first start and kept in state.dir (a temporary state.dir gets a "
            + "new one each start).";
    public static final String PROCESSING_GUARANTEE = "processing.guarantee";
    private static final String PROCESSING_GUARANTEE_DOC = "exactly_once_v2 (default; consumers of Casefile's "
            + "topics must read with isolation.level=read_committed) or at_least_once.";
    public static final String EMBEDDED_PORT = "embedded.port";
    private static final String EMBEDDED_PORT_DOC = "Port of the embedded broker's listener on 127.0.0.1, which producers "
            + "and consumers outside this process use as bootstrap.servers (127.0.0.1:<port>). 0: a free port, printed "
            + "at start (and kept with embedded.data.dir).";
    public static final String EMBEDDED_DATA_DIR = "embedded.data.dir";
    private static final String EMBEDDED_DATA_DIR_DOC = "Data directory of the embedded broker, kept across "
            + "restarts. Empty: a temporary directory deleted on exit.";
    public static final String LOG_LEVEL = "log.level";
    private static final String LOG_LEVEL_DOC = "Log level of Casefile's own loggers (the Kafka clients and the "
            + "embedded broker log at WARN). Complaint text and emails are never logged at any level.";
    public static final String RECORD_SERDES = "record.serdes";
    private static final String RECORD_SERDES_DOC = "Class implementing dev.casefile.serde.RecordSerdes: how Avro "
            + "records are put on the wire. The default needs no schema registry.";

    public static final String OUTPUT_ENCODING = "output.encoding";
    private static final String OUTPUT_ENCODING_DOC = "How linked-complaints and complaint-rate-by-tag are written: avro "
            + "(single-object encoding) or json (objects with the contract's field names, times as ISO-8601). Casefile "
            + "reads both encodings on every topic, so it keeps running after a switch. But the keys of "
            + "complaint-rate-by-tag (RateKey records) are written in the same encoding: after a switch a window's new "
            + "records have other key bytes, and usually another partition, than its old ones, so compaction never "
            + "replaces the old ones and the topic holds both until deleted. linked-complaints is keyed by the complaint "
            + "id as plain text, the same in both encodings; its values change encoding, its keys do not.";
    public static final String INPUT_JSON_UNKNOWN_FIELDS = "input.json.unknown.fields";
    private static final String INPUT_JSON_UNKNOWN_FIELDS_DOC = "What a JSON feedback event or ticket with a field the "
            + "contract does not have gets: reject (a dead letter naming the field, so a misspelt field is found at "
            + "once) or ignore (the field is skipped, for producers that add fields of their own).";
    public static final String MANAGEMENT_ENABLED = "management.enabled";
    private static final String MANAGEMENT_ENABLED_DOC = "Serve the management endpoints: Prometheus metrics "
            + "(/metrics) and health probes (/health/live, /health/ready), on a port of their own, without a token.";
    public static final String MANAGEMENT_BIND_ADDRESS = "management.bind.address";
    private static final String MANAGEMENT_BIND_ADDRESS_DOC = "Address the management endpoints listen on. The default "
            + "keeps them on this machine; 0.0.0.0 lets a Prometheus server or Kubernetes probes reach them.";
    public static final String MANAGEMENT_PORT = "management.port";
    private static final String MANAGEMENT_PORT_DOC = "TCP port of the management endpoints; 0 picks a free port. "
            + "Casefile does not start if the port is taken: choose another if something on the host uses 8471.";
    public static final String TOPIC_FEEDBACK = "topic.feedback";
    public static final String TOPIC_TICKETS = "topic.tickets";
    public static final String TOPIC_SPANS = "topic.spans";
    public static final String TOPIC_LINKED_COMPLAINTS = "topic.linked.complaints";
    public static final String TOPIC_DLQ = "topic.dlq";
    public static final String TOPIC_COMPLAINT_RATES = "topic.complaint.rates";
    public static final String TOPIC_RATE_ALERTS = "topic.rate.alerts";
    public static final String TOPIC_CONSOLE_AUDIT = "topic.console.audit";
    private static final String TOPIC_CONSOLE_AUDIT_DOC = "The console's audit log: one ConsoleAudit record for every "
            + "case file and complaint a support agent opens (who, how identified, which route and ids, which instance, "
            + "when; never complaint text), keyed by complaint id, else trace id. Created keeping records 400 days.";
    public static final String TOPIC_CONSOLE_SESSIONS = "topic.console.sessions";
    private static final String TOPIC_CONSOLE_SESSIONS_DOC = "Console sign-ins ended by a logout, so that every "
            + "console instance refuses the session cookie: keyed by session id, the value its expiry (epoch "
            + "milliseconds, 8 bytes). Created compacted and deleting records after 8 days, longer than the longest "
            + "console.session.ttl.ms.";
    public static final String TOPIC_PARTITIONS = "topic.partitions";
    private static final String TOPIC_PARTITIONS_DOC = "Partitions of the topics Casefile creates when missing "
            + "(input and output topics; internal topics follow the inputs, and traces-by-id has exactly this many: "
            + "a span record already on the partition Kafka's default partitioner gives its trace id skips that hop).";
    public static final String TOPIC_REPLICATION_FACTOR = "topic.replication.factor";
    private static final String TOPIC_REPLICATION_FACTOR_DOC = "Replication factor of the topics Casefile creates; "
            + "-1 uses the broker default. Use 3 in production.";
    public static final String TOPIC_INPUT_RETENTION_MS = "topic.input.retention.ms";
    private static final String TOPIC_INPUT_RETENTION_MS_DOC = "Retention of the input topics Casefile creates "
            + "(feedback, tickets, spans, dead letters); -1 keeps forever. The spans topic is created keeping its records "
            + "at least retention.uncomplained.ms, as the console reads an uncomplained trace's spans back from it.";

    public static final String SPAN_ENCODING = "span.encoding";
    private static final String SPAN_ENCODING_DOC = "How span records are encoded, as the OpenTelemetry Collector's "
            + "Kafka exporter's encoding setting: otlp_proto (its default) or otlp_json.";
    public static final String SPAN_MAX_RECORD_BYTES = "span.max.record.bytes";
    private static final String SPAN_MAX_RECORD_BYTES_DOC = "Span records larger than this go to the dead-letter "
            + "topic unread.";
    public static final String SPAN_CONVERSATION_MAX_CHARS = "span.conversation.max.chars";
    private static final String SPAN_CONVERSATION_MAX_CHARS_DOC = "The user's message and the model's answer are "
            + "read from each span's GenAI attributes and events (gen_ai.input.messages, gen_ai.output.messages, "
            + "gen_ai.prompt, gen_ai.completion, gen_ai.user.message, gen_ai.choice) and kept cut to this many "
            + "characters each, for the case file; 0 keeps none. The raw message attributes are never kept.";
    public static final String TRACE_LINK_TEMPLATE = "trace.link.template";
    private static final String TRACE_LINK_TEMPLATE_DOC = "A URL of the team's own trace backend with {trace_id} "
            + "in it (the OTLP hex id goes there), e.g. a Grafana Tempo or Jaeger trace page. When set, complaint "
            + "slips and case files link to it. Empty: no link.";
    public static final String SPAN_WORKSPACE_ATTRIBUTES = "span.workspace.attributes";
    public static final String SPAN_SESSION_ATTRIBUTES = "span.session.attributes";
    public static final String SPAN_TURN_ATTRIBUTES = "span.turn.attributes";
    public static final String SPAN_TRACE_ALIAS_ATTRIBUTES = "span.trace.alias.attributes";
    public static final String SPAN_BUSINESS_KEY_ATTRIBUTES = "span.business.key.attributes";
    public static final String EVIDENCE_TAG_ATTRIBUTES = "evidence.tag.attributes";
    public static final String TRACE_MAX_SPANS = "trace.max.spans";
    public static final String RETENTION_UNCOMPLAINED_MS = "retention.uncomplained.ms";
    private static final String RETENTION_UNCOMPLAINED_MS_DOC = "How long, in event time after their last event, "
            + "Casefile keeps traces, turns nobody complained about, and the business-key index. A complaint or "
            + "ticket arriving later than this after the answer can no longer reach its trace.";
    public static final String RETENTION_COMPLAINT_MS = "retention.complaint.ms";
    private static final String RETENTION_COMPLAINT_MS_DOC = "How long, in event time after their last event, "
            + "Casefile keeps complaints and tickets in its stores (the records on linked-complaints stay). "
            + "-1 keeps them forever.";
    public static final String RETENTION_SCAN_INTERVAL_MS = "retention.scan.interval.ms";
    private static final String RETENTION_SCAN_INTERVAL_MS_DOC = "How often, in stream time, each store is "
            + "scanned for state past its retention.";
    public static final String BUSINESS_KEY_HASH_SECRET = "business.key.hash.secret";
    private static final String BUSINESS_KEY_HASH_SECRET_DOC = "Secret of the keyed hash (HMAC-SHA256) under "
            + "which customer emails are stored and matched; emails themselves are never stored. The default is "
            + "public, so `run` refuses it: set your own, the same on every instance (e.g. "
            + "CASEFILE_BUSINESS_KEY_HASH_SECRET=$(openssl rand -hex 32)), and keep it: changing it later stops old "
            + "and new hashes from matching. The demo makes a random one for each run unless one is given.";
    public static final String BUSINESS_KEY_EMAIL_KEYS = "business.key.email.keys";
    private static final String BUSINESS_KEY_EMAIL_KEYS_DOC = "Business-key names (on feedback) that hold an "
            + "email address; their values are replaced by the keyed hash under the name email_hash, as is a "
            + "ticket's requester_email.";
    public static final String RATE_WINDOW_SIZE_MS = "rate.window.size.ms";
    private static final String RATE_WINDOW_SIZE_MS_DOC = "Length of the tumbling windows of interaction time in "
            + "which complaint rates are counted; a one-day rollup is always kept beside them.";
    public static final String RATE_WINDOW_GRACE_MS = "rate.window.grace.ms";
    private static final String RATE_WINDOW_GRACE_MS_DOC = "How long after a window ends late complaints still "
            + "count in it; then its final records are written and it no longer changes.";
    public static final String RATE_MAX_VALUES = "rate.max.values.per.window";
    private static final String RATE_MAX_VALUES_DOC = "Cardinality guard: distinct values one tag key may have in "
            + "one window; further values are folded into __other__, which counts how many it folded.";
    public static final String RATE_ALERT_ENABLED = "rate.alert.enabled";
    private static final String RATE_ALERT_ENABLED_DOC = "Watch each tag key for new values (a new prompt_version, "
            + "model_deployment, doc_version, ...) whose complaint rate is significantly higher than the values they "
            + "replaced, and keep the open alerts on topic.rate.alerts.";
    public static final String RATE_ALERT_MIN_INTERACTIONS = "rate.alert.min.interactions";
    private static final String RATE_ALERT_MIN_INTERACTIONS_DOC = "Interactions both the new value and its baseline "
            + "need before they are compared.";
    public static final String RATE_ALERT_ALPHA = "rate.alert.alpha";
    private static final String RATE_ALERT_ALPHA_DOC = "Significance level of the one-sided two-proportion z-test; "
            + "small, as the test is repeated whenever the rates change.";
    public static final String RATE_ALERT_MIN_INCREASE = "rate.alert.min.increase";
    private static final String RATE_ALERT_MIN_INCREASE_DOC = "How much higher (absolute: 0.02 is two percentage "
            + "points) the new value's complaint rate must be than the baseline's to alert.";
    public static final String RATE_ALERT_HORIZON_MS = "rate.alert.horizon.ms";
    private static final String RATE_ALERT_HORIZON_MS_DOC = "How long after its first window a value counts as new: "
            + "its rate over this span is compared.";
    public static final String RATE_ALERT_WARMUP_MS = "rate.alert.warmup.ms";
    private static final String RATE_ALERT_WARMUP_MS_DOC = "How long after a tag key's first window Casefile watches "
            + "it before it calls a value new: values first served earlier (when Casefile started, say) are the "
            + "baseline, not rollouts.";
    public static final String RATE_FLUSH_INTERVAL_MS = "rate.flush.interval.ms";
    private static final String RATE_FLUSH_INTERVAL_MS_DOC = "How often (wall-clock) each task sends its turns' "
            + "summed rate changes on to the rate windows; changes in between are summed in the window-rate-buffer store. "
            + "0 sends every turn's change at once (one repartition record per tag key and window per turn).";

    public static final String ROCKSDB_MEMORY_BYTES = "rocksdb.memory.bytes";
    private static final String ROCKSDB_MEMORY_BYTES_DOC = "Off-heap memory all RocksDB state stores of this "
            + "instance share: one block cache (index and filter blocks included) that also accounts for every "
            + "store's memtables. Add it to the heap when sizing the container.";
    public static final String ROCKSDB_WRITE_BUFFER_RATIO = "rocksdb.write.buffer.ratio";
    private static final String ROCKSDB_WRITE_BUFFER_RATIO_DOC = "Share of rocksdb.memory.bytes the stores' "
            + "memtables (write buffers) may take before RocksDB flushes them.";
    public static final String ROCKSDB_LOG_DIR = "rocksdb.log.dir";
    private static final String ROCKSDB_LOG_DIR_DOC = "Directory for RocksDB's own info logs, one file per store "
            + "and task, with statistics every 10 s (flushes, compactions, write stalls) and each store's counters "
            + "(reads and their times, block-cache hits and misses), which cost some throughput: for "
            + "diagnosing the state stores. Empty keeps Kafka Streams' default, errors only.";
    public static final String STATESTORE_CACHE_BYTES = "statestore.cache.bytes";
    private static final String STATESTORE_CACHE_BYTES_DOC = "On-heap record cache in front of the state stores "
            + "(Kafka Streams' statestore.cache.max.bytes): repeated writes to one key between commits reach "
            + "RocksDB and the changelog once. Only the rate buffer (window-rate-buffer) has it on.";
    public static final String DEFAULT_HASH_SECRET = "casefile-default-secret-change-me";
    private static final String TRACE_MAX_SPANS_DOC = "Spans kept per trace; further distinct spans are counted "
            + "in dropped_span_count but not kept, so one runaway trace cannot grow state without bound.";

    private static final long DAY_MS = 24L * 3600 * 1000;

    static final ConfigDef DEFINITION = ConsoleConfig.define(new ConfigDef()
            .define(BOOTSTRAP_SERVERS, Type.STRING, "", HIGH, BOOTSTRAP_SERVERS_DOC)
            .define(APPLICATION_ID, Type.STRING, "casefile", new ConfigDef.NonEmptyString(), HIGH, APPLICATION_ID_DOC)
            .define(STATE_DIR, Type.STRING, "", MEDIUM, STATE_DIR_DOC)
            .define(INSTANCE_ID, Type.STRING, "", MEDIUM, INSTANCE_ID_DOC)
            .define(PROCESSING_GUARANTEE, Type.STRING, StreamsConfig.EXACTLY_ONCE_V2,
                    ValidString.in(StreamsConfig.EXACTLY_ONCE_V2, StreamsConfig.AT_LEAST_ONCE), HIGH,
                    PROCESSING_GUARANTEE_DOC)
            .define(EMBEDDED_DATA_DIR, Type.STRING, "", LOW, EMBEDDED_DATA_DIR_DOC)
            .define(EMBEDDED_PORT, Type.INT, 0, between(0, 65_535), LOW, EMBEDDED_PORT_DOC)
            .define(OUTPUT_ENCODING, Type.STRING, "avro", ValidString.in("avro", "json"), HIGH, OUTPUT_ENCODING_DOC)
            .define(INPUT_JSON_UNKNOWN_FIELDS, Type.STRING, "reject", ValidString.in("reject", "ignore"), MEDIUM,
                    INPUT_JSON_UNKNOWN_FIELDS_DOC)
            .define(MANAGEMENT_ENABLED, Type.BOOLEAN, true, HIGH, MANAGEMENT_ENABLED_DOC)
            .define(MANAGEMENT_BIND_ADDRESS, Type.STRING, "127.0.0.1", new ConfigDef.NonEmptyString(), HIGH,
                    MANAGEMENT_BIND_ADDRESS_DOC)
            .define(MANAGEMENT_PORT, Type.INT, 8471, between(0, 65_535), MEDIUM, MANAGEMENT_PORT_DOC)
            .define(LOG_LEVEL, Type.STRING, "INFO", ValidString.in("ERROR", "WARN", "INFO", "DEBUG", "TRACE"), LOW,
                    LOG_LEVEL_DOC)
            .define(RECORD_SERDES, Type.CLASS, SingleObjectRecordSerdes.class, MEDIUM, RECORD_SERDES_DOC)
            .define(TOPIC_FEEDBACK, Type.STRING, "feedback", new ConfigDef.NonEmptyString(), HIGH,
                    "Input topic of FeedbackEvent records.")
            .define(TOPIC_TICKETS, Type.STRING, "support-tickets", new ConfigDef.NonEmptyString(), HIGH,
                    "Input topic of SupportTicket records.")
            .define(TOPIC_SPANS, Type.STRING, "otlp_spans", new ConfigDef.NonEmptyString(), HIGH,
                    "Input topic of OTLP spans, as the OpenTelemetry Collector's Kafka exporter writes them "
                            + "(its default topic name).")
            .define(TOPIC_LINKED_COMPLAINTS, Type.STRING, "linked-complaints", new ConfigDef.NonEmptyString(), HIGH,
                    "Output topic of LinkedComplaint records (compacted, keyed by complaint id).")
            .define(TOPIC_DLQ, Type.STRING, "casefile-dlq", new ConfigDef.NonEmptyString(), HIGH,
                    "Dead-letter topic: input records Casefile cannot use, unchanged, with headers giving the reason.")
            .define(TOPIC_COMPLAINT_RATES, Type.STRING, "complaint-rate-by-tag", new ConfigDef.NonEmptyString(), HIGH,
                    "Output topic of ComplaintRate records (compacted, keyed by tag key, tag value and window).")
            .define(TOPIC_RATE_ALERTS, Type.STRING, "complaint-rate-alerts", new ConfigDef.NonEmptyString(), HIGH,
                    "Output topic of open rollout alerts, RateAlert records (compacted, keyed by tag key and value; "
                            + "a tombstone withdraws one).")
            .define(TOPIC_CONSOLE_AUDIT, Type.STRING, "casefile-console-audit", new ConfigDef.NonEmptyString(), MEDIUM,
                    TOPIC_CONSOLE_AUDIT_DOC)
            .define(TOPIC_CONSOLE_SESSIONS, Type.STRING, "casefile-console-sessions", new ConfigDef.NonEmptyString(), MEDIUM,
                    TOPIC_CONSOLE_SESSIONS_DOC)
            .define(RATE_ALERT_ENABLED, Type.BOOLEAN, true, MEDIUM, RATE_ALERT_ENABLED_DOC)
            .define(RATE_ALERT_MIN_INTERACTIONS, Type.INT, 200, between(10, Integer.MAX_VALUE), MEDIUM,
                    RATE_ALERT_MIN_INTERACTIONS_DOC)
            .define(RATE_ALERT_ALPHA, Type.DOUBLE, 0.001, between(1e-9, 0.5), MEDIUM, RATE_ALERT_ALPHA_DOC)
            .define(RATE_ALERT_MIN_INCREASE, Type.DOUBLE, 0.02, between(0.0, 1.0), MEDIUM, RATE_ALERT_MIN_INCREASE_DOC)
            .define(RATE_ALERT_HORIZON_MS, Type.LONG, 7 * DAY_MS, between(3_600_000, 90 * DAY_MS), LOW,
                    RATE_ALERT_HORIZON_MS_DOC)
            .define(RATE_ALERT_WARMUP_MS, Type.LONG, 3_600_000L, between(0, 30 * DAY_MS), LOW, RATE_ALERT_WARMUP_MS_DOC)
            .define(TOPIC_PARTITIONS, Type.INT, 3, between(1, 10_000), MEDIUM, TOPIC_PARTITIONS_DOC)
            .define(TOPIC_REPLICATION_FACTOR, Type.SHORT, (short) 1, between(-1, 32), MEDIUM,
                    TOPIC_REPLICATION_FACTOR_DOC)
            .define(TOPIC_INPUT_RETENTION_MS, Type.LONG, 7L * 24 * 3600 * 1000, atLeast(-1), LOW,
                    TOPIC_INPUT_RETENTION_MS_DOC)
            .define(SPAN_ENCODING, Type.STRING, "otlp_proto", ValidString.in("otlp_proto", "otlp_json"), HIGH,
                    SPAN_ENCODING_DOC)
            .define(SPAN_MAX_RECORD_BYTES, Type.INT, 8 * 1024 * 1024, between(1024, Integer.MAX_VALUE), LOW,
                    SPAN_MAX_RECORD_BYTES_DOC)
            .define(SPAN_CONVERSATION_MAX_CHARS, Type.INT, 4000, between(0, 100_000), LOW, SPAN_CONVERSATION_MAX_CHARS_DOC)
            .define(TRACE_LINK_TEMPLATE, Type.STRING, "", TraceLink.VALIDATOR, LOW, TRACE_LINK_TEMPLATE_DOC)
            .define(SPAN_WORKSPACE_ATTRIBUTES, Type.LIST, List.of("workspace.id", "tenant.id"), MEDIUM,
                    "Span or resource attributes naming the workspace, first present wins.")
            .define(SPAN_SESSION_ATTRIBUTES, Type.LIST, List.of("session.id", "gen_ai.conversation.id"), MEDIUM,
                    "Span or resource attributes naming the session, first present wins.")
            .define(SPAN_TURN_ATTRIBUTES, Type.LIST, List.of("turn.id"), MEDIUM,
                    "Span or resource attributes naming the turn within the session, first present wins.")
            .define(SPAN_TRACE_ALIAS_ATTRIBUTES, Type.LIST, List.of("app.trace_id"), LOW,
                    "Span attributes holding the product's own id for the trace (what its UI captured), "
                            + "so feedback naming that id links directly.")
            .define(SPAN_BUSINESS_KEY_ATTRIBUTES, Type.LIST,
                    List.of("gen_ai.response.id", "order_id", "conversation_url"), MEDIUM,
                    "Span attributes that are business keys a ticket may quote.")
            .define(EVIDENCE_TAG_ATTRIBUTES, Type.LIST,
                    List.of("prompt_version", "gen_ai.request.model", "gen_ai.provider.name", "gen_ai.system",
                            "model_deployment", "experiment_bucket", "doc_version"), MEDIUM,
                    "Span attributes read as evidence tags of the answer (the version context).")
            .define(TRACE_MAX_SPANS, Type.INT, 256, between(1, 100_000), LOW, TRACE_MAX_SPANS_DOC)
            .define(RETENTION_UNCOMPLAINED_MS, Type.LONG, 30L * DAY_MS, atLeast(60_000), MEDIUM,
                    RETENTION_UNCOMPLAINED_MS_DOC)
            .define(RETENTION_COMPLAINT_MS, Type.LONG, 365L * DAY_MS, atLeast(-1), MEDIUM, RETENTION_COMPLAINT_MS_DOC)
            .define(RETENTION_SCAN_INTERVAL_MS, Type.LONG, 3_600_000L, atLeast(1_000), LOW,
                    RETENTION_SCAN_INTERVAL_MS_DOC)
            .define(RATE_WINDOW_SIZE_MS, Type.LONG, 3_600_000L, between(60_000, DAY_MS), MEDIUM, RATE_WINDOW_SIZE_MS_DOC)
            .define(RATE_WINDOW_GRACE_MS, Type.LONG, 30L * DAY_MS, atLeast(0), MEDIUM, RATE_WINDOW_GRACE_MS_DOC)
            .define(RATE_MAX_VALUES, Type.INT, 200, between(1, 100_000), LOW, RATE_MAX_VALUES_DOC)
            .define(RATE_FLUSH_INTERVAL_MS, Type.LONG, 1000L, between(0, 3_600_000), LOW, RATE_FLUSH_INTERVAL_MS_DOC)
            .define(ROCKSDB_MEMORY_BYTES, Type.LONG, 256L * 1024 * 1024, atLeast(8L * 1024 * 1024), MEDIUM,
                    ROCKSDB_MEMORY_BYTES_DOC)
            .define(ROCKSDB_WRITE_BUFFER_RATIO, Type.DOUBLE, 0.5, between(0.1, 0.9), LOW, ROCKSDB_WRITE_BUFFER_RATIO_DOC)
            .define(ROCKSDB_LOG_DIR, Type.STRING, "", LOW, ROCKSDB_LOG_DIR_DOC)
            .define(STATESTORE_CACHE_BYTES, Type.LONG, 32L * 1024 * 1024, atLeast(0), MEDIUM, STATESTORE_CACHE_BYTES_DOC)
            .define(BUSINESS_KEY_HASH_SECRET, Type.PASSWORD, DEFAULT_HASH_SECRET, HIGH, BUSINESS_KEY_HASH_SECRET_DOC)
            .define(BUSINESS_KEY_EMAIL_KEYS, Type.LIST, List.of("email", "user.email", "customer_email"), LOW,
                    BUSINESS_KEY_EMAIL_KEYS_DOC));

    private final String bootstrapServers;
    private final Optional<Path> embeddedDataDir;
    private final Optional<Path> stateDir;
    private final TopicNames topicNames;
    private final SpanMapping spanMapping;
    private final int maxSpansPerTrace;
    private final ConsoleSettings console;

    public CasefileConfig(Map<String, ?> props) {
        super(DEFINITION, props, false);
        this.bootstrapServers = getString(BOOTSTRAP_SERVERS).trim();
        String dataDir = getString(EMBEDDED_DATA_DIR).trim();
        this.embeddedDataDir = dataDir.isEmpty() ? Optional.empty() : Optional.of(Path.of(dataDir));
        String state = getString(STATE_DIR).trim();
        this.stateDir = state.isEmpty() ? Optional.empty() : Optional.of(Path.of(state));
        this.topicNames = new TopicNames(getString(TOPIC_FEEDBACK), getString(TOPIC_TICKETS), getString(TOPIC_SPANS),
                getString(TOPIC_LINKED_COMPLAINTS), getString(TOPIC_COMPLAINT_RATES), getString(TOPIC_RATE_ALERTS),
                getString(TOPIC_DLQ), getString(TOPIC_CONSOLE_AUDIT), getString(TOPIC_CONSOLE_SESSIONS),
                getInt(TOPIC_PARTITIONS),
                getShort(TOPIC_REPLICATION_FACTOR), getLong(TOPIC_INPUT_RETENTION_MS),
                spansRetention(getLong(TOPIC_INPUT_RETENTION_MS), getLong(RETENTION_UNCOMPLAINED_MS)));
        this.spanMapping = new SpanMapping(getList(SPAN_WORKSPACE_ATTRIBUTES), getList(SPAN_SESSION_ATTRIBUTES),
                getList(SPAN_TURN_ATTRIBUTES), getList(SPAN_TRACE_ALIAS_ATTRIBUTES),
                getList(SPAN_BUSINESS_KEY_ATTRIBUTES), getList(EVIDENCE_TAG_ATTRIBUTES));
        this.maxSpansPerTrace = getInt(TRACE_MAX_SPANS);
        this.console = ConsoleConfig.parse(this);
        for (String key : originals().keySet()) {
            if (!DEFINITION.names().contains(key) && !key.startsWith(KAFKA_PREFIX)) {
                throw new UnknownSettingException(key);
            }
        }
    }

    /** The definition of every setting, for documentation and for {@link ConfigSources}. */
    public static ConfigDef definition() {
        return new ConfigDef(DEFINITION);
    }

    /** Bootstrap servers of an external cluster, if configured; empty means run an embedded broker. */
    public Optional<String> bootstrapServers() {
        return bootstrapServers.isEmpty() ? Optional.empty() : Optional.of(bootstrapServers);
    }

    public Optional<Path> embeddedDataDir() {
        return embeddedDataDir;
    }

    /** The configured state directory; empty means a temporary one. */
    public Optional<Path> stateDir() {
        return stateDir;
    }

    /** The configured instance name; empty when it is to be generated and kept in the state directory. */
    public Optional<String> instanceId() {
        String id = getString(INSTANCE_ID).strip();
        return id.isEmpty() ? Optional.empty() : Optional.of(id);
    }

    public String logLevel() {
        return getString(LOG_LEVEL);
    }

    public String applicationId() {
        return getString(APPLICATION_ID);
    }

    public TopicNames topicNames() {
        return topicNames;
    }

    public SpanMapping spanMapping() {
        return spanMapping;
    }

    /** How span records are decoded. */
    public SpanFormat spanFormat() {
        return new SpanFormat("otlp_json".equals(getString(SPAN_ENCODING)), getInt(SPAN_MAX_RECORD_BYTES),
                getInt(SPAN_CONVERSATION_MAX_CHARS));
    }

    /** Where a trace opens in the team's own trace backend, if anywhere. */
    public TraceLink traceLink() {
        return new TraceLink(getString(TRACE_LINK_TEMPLATE).trim());
    }

    public int maxSpansPerTrace() {
        return maxSpansPerTrace;
    }

    /** How long each kind of state is kept, and how often that is enforced. */
    public Retention retention() {
        long complaint = getLong(RETENTION_COMPLAINT_MS);
        return new Retention(getLong(RETENTION_UNCOMPLAINED_MS), complaint < 0 ? Long.MAX_VALUE : complaint,
                getLong(RETENTION_SCAN_INTERVAL_MS));
    }

    /** When a new tag value's complaint rate raises an alert. */
    public AlertSettings alertSettings() {
        return new AlertSettings(getBoolean(RATE_ALERT_ENABLED), getInt(RATE_ALERT_MIN_INTERACTIONS), getDouble(RATE_ALERT_ALPHA),
                getDouble(RATE_ALERT_MIN_INCREASE), getLong(RATE_ALERT_HORIZON_MS), getLong(RATE_ALERT_WARMUP_MS));
    }

    /** How complaint rates are windowed and guarded. */
    public RateSettings rateSettings() {
        return new RateSettings(getLong(RATE_WINDOW_SIZE_MS), getLong(RATE_WINDOW_GRACE_MS), getInt(RATE_MAX_VALUES),
                getLong(RATE_FLUSH_INTERVAL_MS));
    }

    public String businessKeyHashSecret() {
        return getPassword(BUSINESS_KEY_HASH_SECRET).value();
    }

    /**
     * Whether the hash secret is the published {@link #DEFAULT_HASH_SECRET} (or empty): then an email's hash is
     * no secret, since anyone can compute it for a list of likely emails. {@code casefile run} refuses to start so.
     */
    public boolean hasPublicHashSecret() {
        String secret = businessKeyHashSecret();
        return secret.isBlank() || secret.equals(DEFAULT_HASH_SECRET);
    }

    public List<String> emailBusinessKeys() {
        return getList(BUSINESS_KEY_EMAIL_KEYS);
    }

    /** The support console's settings. */
    public ConsoleSettings console() {
        return console;
    }

    /** A new instance of the configured {@link RecordSerdes}, configured with every setting. */
    public RecordSerdes recordSerdes() {
        RecordSerdes serdes = getConfiguredInstance(RECORD_SERDES, RecordSerdes.class);
        return serdes;
    }

    /** The spans topic's retention: the input topics', or longer, to cover the uncomplained retention (-1: forever). */
    private static long spansRetention(long inputRetentionMs, long uncomplainedMs) {
        return inputRetentionMs < 0 ? -1 : Math.max(inputRetentionMs, uncomplainedMs);
    }

    /** Settings for Kafka Streams: Casefile's own Kafka keys, then every {@code kafka.*} pass-through. */
    public Map<String, Object> kafkaStreamsProperties(String bootstrap) {
        Map<String, Object> props = new HashMap<>(originalsWithPrefix(KAFKA_PREFIX, true));
        props.put(BOOTSTRAP_SERVERS, bootstrap);
        return props;
    }

    /**
     * Settings for Casefile's other Kafka clients (admin, span readers, the demo's readers): as for Kafka Streams,
     * less {@code group.protocol}, whose Streams values ({@code classic}, {@code streams}) a plain consumer refuses.
     */
    public Map<String, Object> kafkaClientProperties(String bootstrap) {
        Map<String, Object> props = kafkaStreamsProperties(bootstrap);
        props.remove(StreamsConfig.GROUP_PROTOCOL_CONFIG);
        return props;
    }

    /** The embedded broker's port; 0 for a free one. */
    public int embeddedPort() {
        return getInt(EMBEDDED_PORT);
    }

    /** How linked-complaints and complaint-rate-by-tag are written. */
    public ContractSerde.Encoding outputEncoding() {
        return ContractSerde.Encoding.valueOf(getString(OUTPUT_ENCODING).toUpperCase(java.util.Locale.ROOT));
    }

    /** What a JSON input with a field the contract does not have gets. */
    public JsonRecordCodec.UnknownFields jsonUnknownFields() {
        return JsonRecordCodec.UnknownFields.valueOf(getString(INPUT_JSON_UNKNOWN_FIELDS).toUpperCase(java.util.Locale.ROOT));
    }

    /** The management endpoints' settings. */
    public ManagementSettings management() {
        return new ManagementSettings(getBoolean(MANAGEMENT_ENABLED), getString(MANAGEMENT_BIND_ADDRESS).trim(),
                getInt(MANAGEMENT_PORT));
    }

    /** exactly_once_v2 or at_least_once. */
    public String processingGuarantee() {
        return getString(PROCESSING_GUARANTEE);
    }

    /** Off-heap bytes all RocksDB stores share (block cache and memtables). */
    public long rocksDbMemoryBytes() {
        return getLong(ROCKSDB_MEMORY_BYTES);
    }

    /** The share of {@link #rocksDbMemoryBytes()} memtables may take. */
    public double rocksDbWriteBufferRatio() {
        return getDouble(ROCKSDB_WRITE_BUFFER_RATIO);
    }

    /** Where RocksDB's info logs go; empty for Kafka Streams' default. */
    public String rocksDbLogDir() {
        return getString(ROCKSDB_LOG_DIR);
    }

    /** Kafka Streams' record cache, in bytes. */
    public long stateStoreCacheBytes() {
        return getLong(STATESTORE_CACHE_BYTES);
    }
}
