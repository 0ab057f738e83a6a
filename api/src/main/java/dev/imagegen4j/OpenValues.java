package dev.imagegen4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * The registry behind one open value type: its known constants (in declaration order) and the parsing rules
 * every type shares. Thread-safe once the type's static initialiser has run.
 *
 * @param <T> the value type
 */
final class OpenValues<T extends WireValue> {

    /** The longest value accepted: far beyond any vendor value, short enough to keep messages readable. */
    static final int MAX_LENGTH = 64;

    private final String option;
    private final BiFunction<String, Boolean, T> factory;
    private final Map<String, T> known = new LinkedHashMap<>();
    private final Map<String, T> aliases = new LinkedHashMap<>();

    OpenValues(String option, BiFunction<String, Boolean, T> factory) {
        this.option = option;
        this.factory = factory;
    }

    /** Declares a known constant. */
    T known(String wire) {
        T value = factory.apply(wire, true);
        known.put(wire.toLowerCase(Locale.ROOT), value);
        return value;
    }

    /** Declares another spelling of a known constant (e.g. {@code jpg} for {@code jpeg}). */
    void alias(String text, T value) {
        aliases.put(text.toLowerCase(Locale.ROOT), value);
    }

    /** The known constants in declaration order. */
    Set<T> knownValues() {
        return Collections.unmodifiableSet(new LinkedHashSet<>(known.values()));
    }

    /**
     * The known constant whose wire value or constant name matches {@code text} ignoring case, else a new
     * unknown value with {@code text} as given (stripped).
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, longer than 64 characters or holds
     *                                  white space or control characters
     */
    T of(String text) {
        if (text == null) {
            throw new IllegalArgumentException(option + " must not be null");
        }
        String t = text.strip();
        if (t.isEmpty()) {
            throw new IllegalArgumentException(option + " must not be blank");
        }
        String lower = t.toLowerCase(Locale.ROOT);
        T k = known.get(lower);
        if (k == null) {
            k = known.get(lower.replace('_', '-'));
        }
        if (k == null) {
            for (T v : known.values()) {
                if (constantName(v.wireValue()).equalsIgnoreCase(t)) {
                    k = v;
                    break;
                }
            }
        }
        if (k == null) {
            k = aliases.get(lower);
        }
        if (k != null) {
            return k;
        }
        if (t.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(option + " value of " + t.length() + " characters: at most "
                    + MAX_LENGTH + " are allowed");
        }
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                throw new IllegalArgumentException(option + " '" + printable(t) + "' must not contain white space "
                        + "or control characters");
            }
        }
        return factory.apply(t, false);
    }

    private static String constantName(String wire) {
        return wire.toUpperCase(Locale.ROOT).replace('-', '_');
    }

    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
