package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads request parameters with the service's type rules: JSON values must have the right JSON type;
 * multipart text fields are parsed from text. Type errors are answered in the dialect's shape. Confined to
 * the request's thread.
 */
final class Params {

    /** Multipart parts that carry files, whether or not the client gave them a file name. */
    static final Set<String> FILE_FIELDS = Set.of("image", "image[]", "mask", "markup");

    private final JsonNode json;
    private final Map<String, String> text = new LinkedHashMap<>();
    private final Errors errors;

    Params(Exchange ex, Errors errors) {
        this.errors = errors;
        this.json = ex.json;
        for (RecordedPart p : ex.parts) {
            if (!p.isFile() && !FILE_FIELDS.contains(p.name())) {
                text.putIfAbsent(p.name(), p.text());
            }
        }
    }

    /** A parameter as text from a JSON or multipart body, without type checks or errors; {@code null} when absent. */
    static String peekText(Exchange ex, String name) {
        if (ex.json != null && ex.json.isObject()) {
            JsonNode v = ex.json.get(name);
            return v == null || v.isNull() ? null : v.asText();
        }
        for (RecordedPart p : ex.parts) {
            if (p.name().equals(name) && !p.isFile()) {
                return p.text();
            }
        }
        return null;
    }

    /** The names of the scalar parameters (all JSON fields; multipart text fields). */
    List<String> names() {
        List<String> names = new ArrayList<>();
        if (json != null) {
            json.fieldNames().forEachRemaining(names::add);
        } else {
            names.addAll(text.keySet());
        }
        return names;
    }

    boolean has(String name) {
        if (json != null) {
            return json.hasNonNull(name);
        }
        return text.containsKey(name);
    }

    String string(String name) {
        if (json != null) {
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isTextual()) {
                throw typeError(name, "a string", v);
            }
            return v.asText();
        }
        return text.get(name);
    }

    Integer integer(String name) {
        if (json != null) {
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isIntegralNumber() || !v.canConvertToInt()) {
                throw typeError(name, "an integer", v);
            }
            return v.intValue();
        }
        String s = text.get(name);
        if (s == null) {
            return null;
        }
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw errors.invalid("Invalid type for '" + name + "': expected an integer, but got a string "
                    + "instead.", name, "invalid_type");
        }
    }

    Boolean bool(String name) {
        if (json != null) {
            JsonNode v = json.get(name);
            if (v == null || v.isNull()) {
                return null;
            }
            if (!v.isBoolean()) {
                throw typeError(name, "a boolean", v);
            }
            return v.booleanValue();
        }
        String s = text.get(name);
        if (s == null) {
            return null;
        }
        if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(s);
        }
        throw errors.invalid("Invalid type for '" + name + "': expected a boolean, but got a string instead.",
                name, "invalid_type");
    }

    /** {@code value} when it is one of {@code allowed}, else the service's "Supported values are" error. */
    String oneOf(String name, String value, List<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw errors.invalid("Invalid value: '" + value + "'. Supported values are: '"
                    + String.join("', '", allowed) + "'.", name, "invalid_value");
        }
        return value;
    }

    private ApiError typeError(String name, String expected, JsonNode v) {
        String got = v.isTextual() ? "a string" : v.isBoolean() ? "a boolean" : v.isNumber()
                ? (v.isIntegralNumber() ? "an integer" : "a decimal") : v.isArray() ? "an array" : "an object";
        return errors.invalid("Invalid type for '" + name + "': expected " + expected + ", but got " + got
                + " instead.", name, "invalid_type");
    }
}
