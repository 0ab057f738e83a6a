package dev.imagegen4j;

import java.math.BigDecimal;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What values one request option takes on one model, by the option's wire name ({@code quality},
 * {@code output_format}, {@code frame_count}, ...): a list of values, any value, or a number range; optionally
 * only together with other options' values ({@code frame_count} only with {@code output_format: gif}).
 *
 * <p>Catalog files write it as a list ({@code [low, medium, high]}), {@code any}, or a mapping
 * ({@code {min: 2, max: 16, only-with: {output_format: [gif]}}}). Immutable and thread-safe.
 */
public final class OptionRule {

    private static final OptionRule ANY = new OptionRule(null, null, null, false, Map.of(), null);

    private final Set<String> values;
    private final BigDecimal min;
    private final BigDecimal max;
    private final boolean integer;
    private final Map<String, Set<String>> onlyWith;
    private final String defaultValue;

    private OptionRule(Set<String> values, BigDecimal min, BigDecimal max, boolean integer,
            Map<String, Set<String>> onlyWith, String defaultValue) {
        this.values = values == null ? null : Collections.unmodifiableSet(new LinkedHashSet<>(values));
        this.min = min;
        this.max = max;
        this.integer = integer;
        Map<String, Set<String>> ow = new LinkedHashMap<>();
        onlyWith.forEach((k, v) -> ow.put(k, Collections.unmodifiableSet(new LinkedHashSet<>(v))));
        this.onlyWith = Collections.unmodifiableMap(ow);
        this.defaultValue = defaultValue;
    }

    /** Any value (e.g. {@code safety_identifier}, a free string). */
    public static OptionRule any() {
        return ANY;
    }

    /** Exactly these values (compared ignoring case). */
    public static OptionRule oneOf(String... values) {
        return oneOf(List.of(values));
    }

    /** Exactly these values (compared ignoring case). */
    public static OptionRule oneOf(Iterable<String> values) {
        Set<String> v = new LinkedHashSet<>();
        values.forEach(s -> v.add(Objects.requireNonNull(s, "value")));
        if (v.isEmpty()) {
            throw new IllegalArgumentException("an option rule needs at least one value");
        }
        return new OptionRule(v, null, null, false, Map.of(), null);
    }

    /**
     * Whole numbers from {@code min} to {@code max}, either bound may be null (open).
     *
     * @throws IllegalArgumentException if {@code min > max}
     */
    public static OptionRule range(Long min, Long max) {
        if (min != null && max != null && min > max) {
            throw new IllegalArgumentException("option range " + min + ".." + max + ": min is greater than max");
        }
        return new OptionRule(null, min == null ? null : BigDecimal.valueOf(min),
                max == null ? null : BigDecimal.valueOf(max), true, Map.of(), null);
    }

    /** This rule, applying only when each named option has one of the given values. */
    public OptionRule onlyWith(String option, String... values) {
        Map<String, Set<String>> ow = new LinkedHashMap<>(onlyWith);
        ow.put(Objects.requireNonNull(option, "option"), new LinkedHashSet<>(List.of(values)));
        return new OptionRule(this.values, min, max, integer, ow, defaultValue);
    }

    /** This rule with the vendor's default value, for documentation ({@code imagegen models}). */
    public OptionRule withDefault(String value) {
        return new OptionRule(values, min, max, integer, onlyWith, value);
    }

    /** The allowed values, when the rule is a list. */
    public Optional<Set<String>> values() {
        return Optional.ofNullable(values);
    }

    /** Whether any value is taken. */
    public boolean takesAnyValue() {
        return values == null && min == null && max == null && !integer;
    }

    /** Whether the rule is a number range. */
    public boolean isRange() {
        return integer || min != null || max != null;
    }

    /** The lower bound of a range. */
    public Optional<BigDecimal> min() {
        return Optional.ofNullable(min);
    }

    /** The upper bound of a range. */
    public Optional<BigDecimal> max() {
        return Optional.ofNullable(max);
    }

    /** Other options' values this one needs ({@code output_format -> [gif]}); empty when it always applies. */
    public Map<String, Set<String>> onlyWith() {
        return onlyWith;
    }

    /** The vendor's default, if the catalog records it. */
    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    /** Whether {@code value} (a string, number or boolean) is allowed. */
    public boolean allows(Object value) {
        return violation(value).isEmpty();
    }

    /**
     * Why {@code value} is not allowed, or empty: the text completes "{@code <option> '<value>': }", e.g.
     * {@code takes low, medium, high} or {@code must be a whole number from 2 to 16}.
     */
    public Optional<String> violation(Object value) {
        if (values != null) {
            String s = String.valueOf(value);
            for (String v : values) {
                if (v.equalsIgnoreCase(s)) {
                    return Optional.empty();
                }
            }
            return Optional.of("takes " + describeValues());
        }
        if (isRange()) {
            BigDecimal n = number(value);
            if (n == null || (integer && n.stripTrailingZeros().scale() > 0)) {
                return Optional.of("must be " + describeRange());
            }
            if ((min != null && n.compareTo(min) < 0) || (max != null && n.compareTo(max) > 0)) {
                return Optional.of("must be " + describeRange());
            }
        }
        return Optional.empty();
    }

    private static BigDecimal number(Object value) {
        if (value instanceof Number) {
            try {
                return new BigDecimal(value.toString());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (value instanceof String) {
            try {
                return new BigDecimal(((String) value).strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private String describeValues() {
        return values.stream().map(v -> v.toLowerCase(Locale.ROOT)).collect(Collectors.joining(", "));
    }

    private String describeRange() {
        String what = integer ? "a whole number" : "a number";
        if (min != null && max != null) {
            return what + " from " + min.toPlainString() + " to " + max.toPlainString();
        }
        if (min != null) {
            return what + " of at least " + min.toPlainString();
        }
        if (max != null) {
            return what + " of at most " + max.toPlainString();
        }
        return what;
    }

    /** A one-line description: {@code low, medium, high}, {@code 2..16}, {@code any}. */
    public String describe() {
        String base = values != null ? describeValues()
                : isRange() ? (min == null ? "" : min.toPlainString()) + ".." + (max == null ? "" : max.toPlainString())
                : "any";
        if (defaultValue != null) {
            base += " (default " + defaultValue + ")";
        }
        if (!onlyWith.isEmpty()) {
            base += " (only with " + onlyWith.entrySet().stream()
                    .map(e -> e.getKey() + " " + String.join("/", e.getValue())).collect(Collectors.joining(", ")) + ")";
        }
        return base;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof OptionRule)) {
            return false;
        }
        OptionRule r = (OptionRule) o;
        return Objects.equals(values, r.values) && Objects.equals(min, r.min) && Objects.equals(max, r.max)
                && integer == r.integer && onlyWith.equals(r.onlyWith) && Objects.equals(defaultValue, r.defaultValue);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values, min, max, integer, onlyWith, defaultValue);
    }

    @Override
    public String toString() {
        return describe();
    }
}
