package dev.casefile.topology.ingest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.opentelemetry.proto.trace.v1.TracesData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * OTLP/JSON, which is protobuf's JSON mapping except that trace and span ids are hex, not base64.
 * The ids are turned into base64, then protobuf's own {@link JsonFormat} parses the request,
 * strictly: a field OTLP does not have makes the record "JSON that is not OTLP".
 */
final class OtlpJson {

    private static final Set<String> ID_FIELDS = Set.of("traceId", "spanId", "parentSpanId", "trace_id", "span_id",
            "parent_span_id");
    private static final JsonFormat.Parser PARSER = JsonFormat.parser();

    private OtlpJson() {
    }

    static TracesData parse(byte[] bytes) throws InvalidSpanRecordException {
        JsonElement json;
        try {
            json = JsonParser.parseString(new String(bytes, StandardCharsets.UTF_8));
        } catch (JsonParseException e) {
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "not JSON (" + bytes.length + " bytes)" + (looksLikeJson(bytes) ? ""
                    : " (it looks binary: is span.encoding otlp_proto?)") + ": " + e.getMessage());
        }
        if (!json.isJsonObject()) {
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "JSON that is not OTLP: the record is not a JSON object");
        }
        hexIdsToBase64(json, "");
        TracesData.Builder data = TracesData.newBuilder();
        try {
            PARSER.merge(json.toString(), data);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw new InvalidSpanRecordException(DeadLetterCause.NOT_OTLP, "JSON that is not OTLP: " + e.getMessage());
        }
        return data.build();
    }

    /** Whether the record starts (after white space) like a JSON object or array. */
    static boolean looksLikeJson(byte[] bytes) {
        for (byte b : bytes) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    private static void hexIdsToBase64(JsonElement element, String path) throws InvalidSpanRecordException {
        if (element.isJsonArray()) {
            int i = 0;
            for (JsonElement item : element.getAsJsonArray()) {
                hexIdsToBase64(item, path + "[" + i++ + "]");
            }
        } else if (element.isJsonObject()) {
            JsonObject object = element.getAsJsonObject();
            for (Map.Entry<String, JsonElement> field : object.entrySet()) {
                JsonElement value = field.getValue();
                String fieldPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                if (ID_FIELDS.contains(field.getKey()) && value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
                    field.setValue(new JsonPrimitive(toBase64(value.getAsString(), fieldPath)));
                } else {
                    hexIdsToBase64(value, fieldPath);
                }
            }
        }
    }

    /** Hex ids become base64, as protobuf's JSON mapping reads bytes; an empty id is left for the id checks. */
    private static String toBase64(String id, String path) throws InvalidSpanRecordException {
        if (id.isEmpty()) {
            return id;
        }
        if (id.length() % 2 != 0 || !id.chars().allMatch(c -> c < 128 && Character.digit(c, 16) >= 0)) {
            throw new InvalidSpanRecordException(DeadLetterCause.INVALID_ID, "OTLP/JSON field " + path
                    + " must be hex (32 hex digits for a trace id, 16 for a span id)");
        }
        return Base64.getEncoder().encodeToString(HexFormat.of().parseHex(id));
    }
}
