package dev.casefile.serde;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * The JSON Schema (draft 2020-12) of a contract record, derived from its Avro schema, so the JSON
 * that {@link JsonRecordCodec} reads and writes is described by the same source as the Avro:
 * every field with its doc, fields without a default required, no other fields, named records
 * under {@code $defs}.
 */
public final class JsonSchemas {

    static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";

    private JsonSchemas() {
    }

    /** The JSON Schema document of {@code schema}, pretty-printed. */
    public static String of(Schema schema) {
        Map<String, JsonObject> defs = new LinkedHashMap<>();
        JsonObject root = new JsonObject();
        root.addProperty("$schema", DRAFT);
        root.addProperty("$id", "urn:casefile:contract:" + schema.getName());
        root.addProperty("title", schema.getName());
        JsonObject body = record(schema, defs);
        body.entrySet().forEach(e -> root.add(e.getKey(), e.getValue()));
        if (!defs.isEmpty()) {
            JsonObject all = new JsonObject();
            defs.forEach(all::add);
            root.add("$defs", all);
        }
        return new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(root) + "\n";
    }

    private static JsonObject record(Schema schema, Map<String, JsonObject> defs) {
        JsonObject object = new JsonObject();
        if (schema.getDoc() != null) {
            object.addProperty("description", schema.getDoc());
        }
        object.addProperty("type", "object");
        JsonObject properties = new JsonObject();
        JsonArray required = new JsonArray();
        for (Schema.Field field : schema.getFields()) {
            JsonObject property = type(field.schema(), defs);
            if (field.doc() != null) {
                JsonObject described = new JsonObject();
                described.addProperty("description", field.doc());
                property.entrySet().forEach(e -> described.add(e.getKey(), e.getValue()));
                property = described;
            }
            properties.add(field.name(), property);
            if (!field.hasDefaultValue()) {
                required.add(field.name());
            }
        }
        object.add("properties", properties);
        object.add("required", required);
        object.addProperty("additionalProperties", false);
        return object;
    }

    private static JsonObject type(Schema s, Map<String, JsonObject> defs) {
        if (s.getType() == Schema.Type.UNION) {
            JsonObject nullable = new JsonObject();
            JsonArray anyOf = new JsonArray();
            anyOf.add(type(JsonRecordCodec.nonNull(s), defs));
            JsonObject none = new JsonObject();
            none.addProperty("type", "null");
            anyOf.add(none);
            nullable.add("anyOf", anyOf);
            return nullable;
        }
        JsonObject t = new JsonObject();
        if (s.getLogicalType() != null && s.getType() == Schema.Type.LONG) {
            JsonArray anyOf = new JsonArray();
            JsonObject iso = new JsonObject();
            iso.addProperty("type", "string");
            iso.addProperty("format", "date-time");
            JsonObject millis = new JsonObject();
            millis.addProperty("type", "integer");
            millis.addProperty("description", "epoch milliseconds");
            anyOf.add(iso);
            anyOf.add(millis);
            t.add("anyOf", anyOf);
            return t;
        }
        switch (s.getType()) {
            case STRING -> t.addProperty("type", "string");
            case BOOLEAN -> t.addProperty("type", "boolean");
            case INT -> {
                t.addProperty("type", "integer");
                t.addProperty("minimum", Integer.MIN_VALUE);
                t.addProperty("maximum", Integer.MAX_VALUE);
            }
            case LONG -> t.addProperty("type", "integer");
            case DOUBLE -> t.addProperty("type", "number");
            case ENUM -> {
                t.addProperty("type", "string");
                JsonArray symbols = new JsonArray();
                s.getEnumSymbols().forEach(symbols::add);
                t.add("enum", symbols);
            }
            case MAP -> {
                t.addProperty("type", "object");
                t.add("additionalProperties", type(s.getValueType(), defs));
            }
            case ARRAY -> {
                t.addProperty("type", "array");
                t.add("items", type(s.getElementType(), defs));
            }
            case RECORD -> {
                if (!defs.containsKey(s.getName())) {
                    defs.put(s.getName(), new JsonObject());
                    defs.put(s.getName(), record(s, defs));
                }
                t.addProperty("$ref", "#/$defs/" + s.getName());
            }
            default -> throw new IllegalStateException("The contract has no " + s.getType() + " fields");
        }
        return t;
    }
}
