package dev.casefile.config;

/** How span records are decoded: OTLP/JSON or OTLP protobuf, and the largest record read. */
public record SpanFormat(boolean json, int maxRecordBytes) {

    /** OTLP protobuf, the Collector Kafka exporter's default, up to 8 MiB a record. */
    public static SpanFormat defaults() {
        return new SpanFormat(false, 8 * 1024 * 1024);
    }

    public String encoding() {
        return json ? "otlp_json" : "otlp_proto";
    }
}
