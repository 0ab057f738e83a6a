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
public final class Background extends OpenValue {

    private static final OpenValues<Background> VALUES = new OpenValues<>("background", Background::new);

    /** {@code auto}. */
    public static final Background AUTO = VALUES.known("auto");
    /** {@code transparent}. */
    public static final Background TRANSPARENT = VALUES.known("transparent");
    /** {@code opaque}. */
    public static final Background OPAQUE = VALUES.known("opaque");

    private Background(String wire, boolean known) {
        super(wire, known);
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
}
