package dev.imagegen4j;

import java.util.Set;

/**
 * DALL·E 3 style. Never sent to GPT Image models.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Style implements WireValue {

    private static final OpenValues<Style> VALUES = new OpenValues<>("style", Style::new);

    /** {@code vivid}. */
    public static final Style VIVID = VALUES.known("vivid");
    /** {@code natural}. */
    public static final Style NATURAL = VALUES.known("natural");

    private final String wire;
    private final boolean known;

    private Style(String wire, boolean known) {
        this.wire = wire;
        this.known = known;
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static Style of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<Style> knownValues() {
        return VALUES.knownValues();
    }

    @Override
    public String wireValue() {
        return wire;
    }

    @Override
    public boolean isKnown() {
        return known;
    }

    @Override
    public boolean equals(Object o) {
        return OpenValues.sameValue(this, o);
    }

    @Override
    public int hashCode() {
        return wire.hashCode();
    }

    @Override
    public String toString() {
        return wire;
    }
}
