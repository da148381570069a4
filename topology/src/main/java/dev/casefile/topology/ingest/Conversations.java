package dev.casefile.topology.ingest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The user's message and the model's answer a span records, read from the OpenTelemetry GenAI
 * conventions in the forms instrumentations use, strongest first:
 * <ul>
 *   <li>the attributes {@code gen_ai.input.messages} / {@code gen_ai.output.messages} (messages with
 *       {@code parts}), structured or as JSON strings;</li>
 *   <li>the span events {@code gen_ai.user.message} / {@code gen_ai.choice} (content in
 *       {@code gen_ai.event.content}, {@code content} or {@code message}), and the older
 *       {@code gen_ai.content.prompt} / {@code gen_ai.content.completion} events;</li>
 *   <li>the older attributes {@code gen_ai.prompt} / {@code gen_ai.completion} (text, or messages as
 *       JSON), and their indexed form {@code gen_ai.prompt.0.content}, {@code gen_ai.prompt.0.role}, ....</li>
 * </ul>
 * The input is the last user message; the answer the first assistant message (the first choice).
 * Only text parts count; tool calls and reasoning do not.
 */
final class Conversations {

    /** What one span said, each part cut to the configured length; null where the span has none. */
    record Texts(String input, String output) {
    }

    private static final String INPUT_MESSAGES = "gen_ai.input.messages";
    private static final String OUTPUT_MESSAGES = "gen_ai.output.messages";
    private static final String PROMPT = "gen_ai.prompt";
    private static final String COMPLETION = "gen_ai.completion";
    private static final Pattern INDEXED = Pattern.compile("gen_ai\\.(prompt|completion)\\.(\\d+)\\.(content|role)");
    private static final List<String> EVENT_CONTENT = List.of("gen_ai.event.content", "content", "message");

    private Conversations() {
    }

    /** Whether an attribute holds message text, which is read here and never kept as a plain attribute. */
    static boolean isMessageAttribute(String key) {
        return key.equals(INPUT_MESSAGES) || key.equals(OUTPUT_MESSAGES) || key.equals("gen_ai.system_instructions")
                || key.equals(PROMPT) || key.equals(COMPLETION) || key.startsWith(PROMPT + ".")
                || key.startsWith(COMPLETION + ".");
    }

    static Texts of(Span span, int maxChars) {
        if (maxChars <= 0) {
            return new Texts(null, null);
        }
        Map<String, AnyValue> attributes = new TreeMap<>();
        for (KeyValue kv : span.getAttributesList()) {
            attributes.put(kv.getKey(), kv.getValue());
        }
        String input = first(
                lastUser(json(attributes.get(INPUT_MESSAGES))),
                fromEvents(span, true),
                lastUser(json(attributes.get(PROMPT))),
                indexed(attributes, "prompt"));
        String output = first(
                firstAnswer(json(attributes.get(OUTPUT_MESSAGES))),
                fromEvents(span, false),
                firstAnswer(json(attributes.get(COMPLETION))),
                indexed(attributes, "completion"));
        return new Texts(cut(input, maxChars), cut(output, maxChars));
    }

    /** The last user message of {@code gen_ai.user.message} events, or the first {@code gen_ai.choice}. */
    private static String fromEvents(Span span, boolean input) {
        String found = null;
        for (Span.Event event : span.getEventsList()) {
            Map<String, AnyValue> attributes = new TreeMap<>();
            event.getAttributesList().forEach(kv -> attributes.put(kv.getKey(), kv.getValue()));
            String text = switch (event.getName()) {
                case "gen_ai.user.message" -> input ? text(eventContent(attributes)) : null;
                case "gen_ai.content.prompt" -> input ? lastUser(json(attributes.get(PROMPT))) : null;
                case "gen_ai.choice" -> input ? null : text(eventContent(attributes));
                case "gen_ai.content.completion" -> input ? null : firstAnswer(json(attributes.get(COMPLETION)));
                default -> null;
            };
            if (text != null) {
                if (!input) {
                    return text;
                }
                found = text;
            }
        }
        return found;
    }

    private static JsonElement eventContent(Map<String, AnyValue> attributes) {
        return EVENT_CONTENT.stream().map(attributes::get).filter(v -> v != null).findFirst().map(Conversations::json)
                .orElse(null);
    }

    /** {@code gen_ai.prompt.N.content}: the highest N whose role is user (or has none); {@code completion}: the lowest N. */
    private static String indexed(Map<String, AnyValue> attributes, String kind) {
        TreeMap<Integer, String> contents = new TreeMap<>();
        Map<Integer, String> roles = new TreeMap<>();
        attributes.forEach((key, value) -> {
            Matcher m = INDEXED.matcher(key);
            if (m.matches() && m.group(1).equals(kind) && m.group(2).length() <= 6) {
                (m.group(3).equals("content") ? contents : roles).put(Integer.parseInt(m.group(2)), value.getStringValue());
            }
        });
        if (kind.equals("completion")) {
            return contents.isEmpty() ? null : text(json(contents.firstEntry().getValue()));
        }
        for (Integer index : contents.descendingKeySet()) {
            String role = roles.get(index);
            if (role == null || role.equals("user")) {
                return text(json(contents.get(index)));
            }
        }
        return null;
    }

    /** The text of the last message with role user, or of the last message if none has a role. */
    private static String lastUser(JsonElement messages) {
        if (messages == null || !messages.isJsonArray()) {
            return text(messages);
        }
        String lastUser = null;
        String last = null;
        boolean anyRole = false;
        for (JsonElement message : messages.getAsJsonArray()) {
            Optional<String> role = role(message);
            anyRole |= role.isPresent();
            String text = text(message);
            if (text != null) {
                last = text;
                if (role.filter("user"::equals).isPresent()) {
                    lastUser = text;
                }
            }
        }
        return anyRole ? lastUser : last;
    }

    /** The text of the first message whose role is assistant (or model, or none). */
    private static String firstAnswer(JsonElement messages) {
        if (messages == null || !messages.isJsonArray()) {
            return text(messages);
        }
        for (JsonElement message : messages.getAsJsonArray()) {
            Optional<String> role = role(message);
            String text = text(message);
            if (text != null && (role.isEmpty() || role.get().equals("assistant") || role.get().equals("model"))) {
                return text;
            }
        }
        return null;
    }

    private static Optional<String> role(JsonElement message) {
        if (message.isJsonObject() && message.getAsJsonObject().get("role") instanceof JsonPrimitive role) {
            return Optional.of(role.getAsString());
        }
        return Optional.empty();
    }

    /**
     * The text of a message, a choice, a part or a list of parts: strings as they are; objects by their
     * {@code parts}, {@code content}, {@code message} or {@code text}; parts other than text count for nothing.
     */
    private static String text(JsonElement element) {
        if (element == null || element.isJsonNull()) {
            return null;
        }
        if (element.isJsonPrimitive()) {
            String text = element.getAsString();
            return text.isBlank() ? null : text;
        }
        if (element.isJsonArray()) {
            StringBuilder joined = new StringBuilder();
            for (JsonElement item : element.getAsJsonArray()) {
                String text = text(item);
                if (text != null) {
                    joined.append(joined.length() == 0 ? "" : "\n").append(text);
                }
            }
            return joined.length() == 0 ? null : joined.toString();
        }
        JsonObject object = element.getAsJsonObject();
        if (object.get("type") instanceof JsonPrimitive type && !type.getAsString().equals("text")) {
            return null;
        }
        for (String field : List.of("parts", "content", "message", "text")) {
            if (object.has(field)) {
                return text(object.get(field));
            }
        }
        return null;
    }

    /** An attribute as JSON: structured values as they are, strings that hold JSON parsed, other strings as text. */
    private static JsonElement json(AnyValue value) {
        if (value == null) {
            return null;
        }
        return switch (value.getValueCase()) {
            case STRING_VALUE -> json(value.getStringValue());
            case ARRAY_VALUE -> {
                JsonArray array = new JsonArray();
                value.getArrayValue().getValuesList().forEach(v -> array.add(json(v)));
                yield array;
            }
            case KVLIST_VALUE -> {
                JsonObject object = new JsonObject();
                value.getKvlistValue().getValuesList().forEach(kv -> object.add(kv.getKey(), json(kv.getValue())));
                yield object;
            }
            default -> null;
        };
    }

    private static JsonElement json(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
            try {
                return JsonParser.parseString(trimmed);
            } catch (RuntimeException notJson) {
                // Text that merely starts with a bracket is text.
            }
        }
        return new JsonPrimitive(text);
    }

    private static String first(String... candidates) {
        for (String candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    /** At most {@code maxChars} characters, never splitting a surrogate pair; a cut text ends in an ellipsis. */
    private static String cut(String text, int maxChars) {
        if (text == null || text.length() <= maxChars) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, end) + "…";
    }
}
