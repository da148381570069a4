package dev.casefile.config;

/**
 * How span records are decoded: OTLP/JSON or OTLP protobuf, the largest record read, and how many
 * characters of a span's user message and answer are kept (0: none).
 */
public record SpanFormat(boolean json, int maxRecordBytes, int conversationMaxChars) {

    /** OTLP protobuf, the Collector Kafka exporter's default, up to 8 MiB a record, 4,000 characters of conversation. */
    public static SpanFormat defaults() {
        return new SpanFormat(false, 8 * 1024 * 1024, 4000);
    }

    public String encoding() {
        return json ? "otlp_json" : "otlp_proto";
    }
}
