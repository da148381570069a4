package dev.casefile.serde;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import dev.casefile.serde.JsonContractException.Rule;
import org.apache.avro.specific.SpecificRecord;

/**
 * A record of the contract as a JSON object with the contract's field names, read and written by
 * walking its Avro schema, so JSON and Avro can never disagree on a field. Times are ISO-8601
 * strings (epoch milliseconds are read too), enums their symbol, maps JSON objects of strings, and
 * an optional field may be {@code null} or absent. A document that breaks the contract is refused
 * with a {@link JsonContractException} that names the field and the rule, never its value.
 */
public final class JsonRecordCodec<T extends SpecificRecord> {

    static {
        // The codec builds generated records itself, and may be the first in the JVM to do so.
        TrustedRecords.install();
    }

    /** What to do with a field the contract does not have. */
    public enum UnknownFields {
        /** Refuse the document: a misspelt field name would otherwise drop what it carries without a word. */
        REJECT,
        /** Skip the field: for producers that add fields of their own. */
        IGNORE
    }

    private static final int MAX_NAME_CHARS = 64;

    private final Class<T> type;
    private final Schema schema;
    private final SpecificData model;
    private final UnknownFields unknownFields;

    public JsonRecordCodec(Class<T> type, UnknownFields unknownFields) {
        this.type = Objects.requireNonNull(type, "type == null");
        this.model = SpecificData.getForClass(type);
        this.schema = model.getSchema(type);
        this.unknownFields = Objects.requireNonNull(unknownFields, "unknownFields == null");
    }

    public Class<T> type() {
        return type;
    }

    /** Whether {@code bytes} hold a JSON object: the first byte that is not white space is {@code {}. */
    public static boolean looksLikeJsonObject(byte[] bytes) {
        for (byte b : bytes) {
            if (b == '{') {
                return true;
            }
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return false;
    }

    /** The record a UTF-8 JSON object describes. */
    public T read(byte[] bytes) throws JsonContractException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new JsonContractException(Rule.NOT_JSON, "the record is not UTF-8 text");
        }
        JsonElement root;
        try {
            JsonReader reader = new JsonReader(new StringReader(text));
            reader.setStrictness(Strictness.STRICT);
            root = JsonParser.parseReader(reader);
            if (reader.peek() != com.google.gson.stream.JsonToken.END_DOCUMENT) {
                throw new JsonContractException(Rule.NOT_JSON, "the record holds more than one JSON value");
            }
        } catch (JsonParseException | java.io.IOException | IllegalStateException e) {
            throw new JsonContractException(Rule.NOT_JSON, "the record is not valid JSON (" + position(e) + ")");
        }
        if (!root.isJsonObject()) {
            throw new JsonContractException(Rule.NOT_JSON, "a " + schema.getName() + " must be a JSON object");
        }
        @SuppressWarnings("unchecked")
        T record = (T) readRecord(schema, root.getAsJsonObject(), "");
        return record;
    }

    /** The record as a UTF-8 JSON object; every field is written, unset optional ones as {@code null}. */
    public byte[] write(T record) {
        return writeRecord(schema, record).toString().getBytes(StandardCharsets.UTF_8);
    }

    // --- reading --------------------------------------------------------------------------------------------

    private Object readRecord(Schema recordSchema, JsonObject json, String path) throws JsonContractException {
        SpecificRecord record = (SpecificRecord) model.newRecord(null, recordSchema);
        for (String name : json.keySet()) {
            if (recordSchema.getField(name) == null && unknownFields == UnknownFields.REJECT) {
                throw new JsonContractException(Rule.UNKNOWN_FIELD, "unknown field " + path + printable(name) + ": " + recordSchema.getName()
                        + " has no such field (input.json.unknown.fields=ignore skips unknown fields)");
            }
        }
        for (Schema.Field field : recordSchema.getFields()) {
            String fieldPath = path + field.name();
            JsonElement value = json.get(field.name());
            if (value == null || value.isJsonNull()) {
                if (isNullable(field.schema())) {
                    record.put(field.pos(), null);
                } else if (field.hasDefaultValue()) {
                    record.put(field.pos(), model.deepCopy(field.schema(), model.getDefaultValue(field)));
                } else {
                    throw new JsonContractException(Rule.MISSING_FIELD, "field " + fieldPath + " is required (" + describe(field.schema()) + ")"
                            + (value == null ? "" : " and must not be null"));
                }
                continue;
            }
            record.put(field.pos(), readValue(nonNull(field.schema()), value, fieldPath));
        }
        return record;
    }

    private Object readValue(Schema s, JsonElement value, String path) throws JsonContractException {
        LogicalType logical = s.getLogicalType();
        if (logical != null && s.getType() == Schema.Type.LONG) {
            return readTime(logical, value, path);
        }
        switch (s.getType()) {
            case STRING:
                return string(value, path);
            case BOOLEAN:
                if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isBoolean()) {
                    return value.getAsBoolean();
                }
                throw wrongType(path, s, value);
            case INT:
                return (int) integer(value, path, s, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case LONG:
                return integer(value, path, s, Long.MIN_VALUE, Long.MAX_VALUE);
            case DOUBLE:
                return decimal(value, path, s);
            case ENUM:
                String symbol = value.isJsonPrimitive() && value.getAsJsonPrimitive().isString() ? value.getAsString() : null;
                if (symbol == null || !s.hasEnumSymbol(symbol)) {
                    throw new JsonContractException(Rule.WRONG_TYPE, "field " + path + " must be one of " + String.join(", ", s.getEnumSymbols()));
                }
                return model.createEnum(symbol, s);
            case MAP:
                if (!value.isJsonObject()) {
                    throw wrongType(path, s, value);
                }
                Map<String, Object> map = new LinkedHashMap<>();
                for (Map.Entry<String, JsonElement> e : value.getAsJsonObject().entrySet()) {
                    String entryPath = path + "." + printable(e.getKey());
                    if (e.getValue().isJsonNull()) {
                        throw new JsonContractException(Rule.WRONG_TYPE, "field " + entryPath + " must not be null");
                    }
                    map.put(e.getKey(), readValue(s.getValueType(), e.getValue(), entryPath));
                }
                return map;
            case ARRAY:
                if (!value.isJsonArray()) {
                    throw wrongType(path, s, value);
                }
                List<Object> list = new ArrayList<>();
                JsonArray array = value.getAsJsonArray();
                for (int i = 0; i < array.size(); i++) {
                    if (array.get(i).isJsonNull()) {
                        throw new JsonContractException(Rule.WRONG_TYPE, "field " + path + "[" + i + "] must not be null");
                    }
                    list.add(readValue(s.getElementType(), array.get(i), path + "[" + i + "]"));
                }
                return list;
            case RECORD:
                if (!value.isJsonObject()) {
                    throw wrongType(path, s, value);
                }
                return readRecord(s, value.getAsJsonObject(), path + ".");
            default:
                throw new IllegalStateException("The contract has no " + s.getType() + " fields (" + path + ")");
        }
    }

    private static Instant readTime(LogicalType logical, JsonElement value, String path) throws JsonContractException {
        boolean micros = "timestamp-micros".equals(logical.getName());
        String rule = "field " + path + " must be an ISO-8601 time such as 2026-05-21T09:14:33Z, or epoch milliseconds";
        if (!value.isJsonPrimitive()) {
            throw new JsonContractException(Rule.BAD_TIME, rule);
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        if (p.isNumber()) {
            try {
                return Instant.ofEpochMilli(p.getAsBigDecimal().longValueExact());
            } catch (ArithmeticException | NumberFormatException e) {
                // Gson refuses numbers too long or of too large an exponent (1e99999) with a NumberFormatException.
                throw new JsonContractException(Rule.BAD_TIME, rule + " (a whole number of milliseconds that fits in 64 bits)");
            }
        }
        if (p.isString()) {
            try {
                Instant at = Instant.parse(p.getAsString());
                return at.truncatedTo(micros ? ChronoUnit.MICROS : ChronoUnit.MILLIS);
            } catch (DateTimeParseException e) {
                throw new JsonContractException(Rule.BAD_TIME, "field " + path + " is not an ISO-8601 time (e.g. 2026-05-21T09:14:33Z)"
                        + " nor epoch milliseconds");
            }
        }
        throw new JsonContractException(Rule.BAD_TIME, rule);
    }

    private static String string(JsonElement value, String path) throws JsonContractException {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return value.getAsString();
        }
        throw new JsonContractException(Rule.WRONG_TYPE, "field " + path + " must be a string, not " + kind(value));
    }

    private static long integer(JsonElement value, String path, Schema s, long min, long max) throws JsonContractException {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            try {
                long n = value.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (ArithmeticException | NumberFormatException e) {
                // Not whole, out of range, or (NumberFormatException) too long or of too large an exponent for Gson:
                // falls through to the error below.
            }
            throw new JsonContractException(Rule.WRONG_TYPE, "field " + path + " must be a whole number from " + min + " to " + max);
        }
        throw wrongType(path, s, value);
    }

    /** A JSON number as a double; one a double cannot hold (1e99999 would be infinity) is refused. */
    private static double decimal(JsonElement value, String path, Schema s) throws JsonContractException {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            double d;
            try {
                d = value.getAsDouble();
            } catch (NumberFormatException e) {
                d = Double.NaN;
            }
            if (Double.isFinite(d)) {
                return d;
            }
            throw new JsonContractException(Rule.WRONG_TYPE, "field " + path + " must be a number a 64-bit double can hold"
                    + " (finite, at most about 1.8e308 in size)");
        }
        throw wrongType(path, s, value);
    }

    private static JsonContractException wrongType(String path, Schema s, JsonElement value) {
        return new JsonContractException(Rule.WRONG_TYPE, "field " + path + " must be " + describe(s) + ", not " + kind(value));
    }

    /** What a JSON value is, never what it holds. */
    private static String kind(JsonElement value) {
        if (value.isJsonObject()) {
            return "an object";
        }
        if (value.isJsonArray()) {
            return "an array";
        }
        if (value.isJsonNull()) {
            return "null";
        }
        JsonPrimitive p = value.getAsJsonPrimitive();
        return p.isBoolean() ? "a boolean" : p.isNumber() ? "a number" : "a string";
    }

    /** The JSON a schema expects, in words. */
    static String describe(Schema s) {
        Schema t = nonNull(s);
        if (t.getLogicalType() != null && t.getType() == Schema.Type.LONG) {
            return "an ISO-8601 time or epoch milliseconds";
        }
        return switch (t.getType()) {
            case STRING -> "a string";
            case BOOLEAN -> "a boolean";
            case INT, LONG -> "a whole number";
            case DOUBLE -> "a number";
            case ENUM -> "one of " + String.join(", ", t.getEnumSymbols());
            case MAP -> "an object of " + plural(describe(t.getValueType()));
            case ARRAY -> "an array of " + plural(describe(t.getElementType()));
            case RECORD -> "an object (" + t.getName() + ")";
            default -> t.getType().getName();
        };
    }

    private static String plural(String what) {
        return what.startsWith("a string") ? "strings" : what.startsWith("an object (") ? what.substring(3) + "s" : what;
    }

    /** A field name from the document, safe to put in a reason: printable, bounded. */
    private static String printable(String name) {
        StringBuilder out = new StringBuilder();
        name.codePoints().limit(MAX_NAME_CHARS).forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return name.codePointCount(0, name.length()) > MAX_NAME_CHARS ? out + "..." : out.toString();
    }

    private static String position(Exception e) {
        String message = String.valueOf(e.getMessage());
        int at = message.indexOf(" at line ");
        if (at < 0) {
            return "malformed";
        }
        int path = message.indexOf(" path ", at);
        return message.substring(at + 1, path < 0 ? message.length() : path);
    }

    // --- writing --------------------------------------------------------------------------------------------

    private JsonObject writeRecord(Schema recordSchema, Object record) {
        SpecificRecord specific = (SpecificRecord) record;
        JsonObject json = new JsonObject();
        for (Schema.Field field : recordSchema.getFields()) {
            json.add(field.name(), writeValue(field.schema(), specific.get(field.pos())));
        }
        return json;
    }

    private JsonElement writeValue(Schema s, Object value) {
        if (value == null) {
            return JsonNull.INSTANCE;
        }
        Schema t = nonNull(s);
        if (t.getLogicalType() != null && t.getType() == Schema.Type.LONG) {
            return new JsonPrimitive(value.toString());
        }
        return switch (t.getType()) {
            case STRING, ENUM -> new JsonPrimitive(value.toString());
            case BOOLEAN -> new JsonPrimitive((Boolean) value);
            case INT, LONG, DOUBLE -> new JsonPrimitive((Number) value);
            case MAP -> {
                JsonObject map = new JsonObject();
                new java.util.TreeMap<>((Map<?, ?>) value).forEach((k, v) -> map.add(k.toString(), writeValue(t.getValueType(), v)));
                yield map;
            }
            case ARRAY -> {
                JsonArray array = new JsonArray();
                ((List<?>) value).forEach(v -> array.add(writeValue(t.getElementType(), v)));
                yield array;
            }
            case RECORD -> writeRecord(t, value);
            default -> throw new IllegalStateException("The contract has no " + t.getType() + " fields");
        };
    }

    // --- unions -----------------------------------------------------------------------------------------------

    private static boolean isNullable(Schema s) {
        return s.getType() == Schema.Type.UNION && s.getTypes().stream().anyMatch(t -> t.getType() == Schema.Type.NULL);
    }

    /** The contract's unions are all {@code ["null", X]}: X. */
    static Schema nonNull(Schema s) {
        if (s.getType() != Schema.Type.UNION) {
            return s;
        }
        List<Schema> types = s.getTypes().stream().filter(t -> t.getType() != Schema.Type.NULL).toList();
        if (types.size() != 1) {
            throw new IllegalStateException("The contract's unions are [\"null\", X], not " + s);
        }
        return types.get(0);
    }
}
