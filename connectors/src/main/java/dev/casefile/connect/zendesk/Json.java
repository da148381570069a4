package dev.casefile.connect.zendesk;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/** Type checks on Zendesk's JSON, so a field of an unexpected type reads as absent rather than throwing. */
final class Json {

    private Json() {
    }

    static boolean isString(JsonObject object, String field) {
        JsonElement e = object.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString();
    }

    static boolean isNumber(JsonObject object, String field) {
        JsonElement e = object.get(field);
        return e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isNumber();
    }

    /** The field as text if it is a string, a number or a boolean; null if absent, null or anything else. */
    static String text(JsonObject object, String field) {
        JsonElement e = object.get(field);
        return e != null && e.isJsonPrimitive() ? e.getAsString() : null;
    }

    /** The object's field as an object, or null. */
    static JsonObject object(JsonObject object, String field) {
        JsonElement e = object.get(field);
        return e != null && e.isJsonObject() ? e.getAsJsonObject() : null;
    }
}
