package dev.imagegen4j;

import java.util.Set;

/**
 * Background of the generated image (GPT Image models). {@code transparent} needs {@code png} or
 * {@code webp} output.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Background implements WireValue {

    private static final OpenValues<Background> VALUES = new OpenValues<>("background", Background::new);

    /** {@code auto}. */
    public static final Background AUTO = VALUES.known("auto");
    /** {@code transparent}. */
    public static final Background TRANSPARENT = VALUES.known("transparent");
    /** {@code opaque}. */
    public static final Background OPAQUE = VALUES.known("opaque");

    private final String wire;
    private final boolean known;

    private Background(String wire, boolean known) {
        this.wire = wire;
        this.known = known;
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static Background of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<Background> knownValues() {
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
