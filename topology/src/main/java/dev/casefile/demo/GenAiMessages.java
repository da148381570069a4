package dev.casefile.demo;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The {@code gen_ai.input.messages} and {@code gen_ai.output.messages} span attributes as an
 * instrumentation following the OpenTelemetry GenAI conventions writes them: JSON arrays of messages
 * with text parts.
 */
public final class GenAiMessages {

    private GenAiMessages() {
    }

    /** One user message. */
    public static String input(String question) {
        return array(message("user", question)).toString();
    }

    /** One assistant message that finished normally. */
    public static String output(String answer) {
        JsonObject message = message("assistant", answer);
        message.addProperty("finish_reason", "stop");
        return array(message).toString();
    }

    private static JsonObject message(String role, String text) {
        JsonObject part = new JsonObject();
        part.addProperty("type", "text");
        part.addProperty("content", text);
        JsonArray parts = new JsonArray();
        parts.add(part);
        JsonObject message = new JsonObject();
        message.addProperty("role", role);
        message.add("parts", parts);
        return message;
    }

    private static JsonArray array(JsonObject message) {
        JsonArray array = new JsonArray();
        array.add(message);
        return array;
    }
}
