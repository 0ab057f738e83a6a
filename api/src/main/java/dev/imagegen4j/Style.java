package dev.imagegen4j;

import java.util.Set;

/**
 * DALL·E 3 style. Never sent to GPT Image models.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Style extends OpenValue {

    private static final OpenValues<Style> VALUES = new OpenValues<>("style", Style::new);

    /** {@code vivid}. */
    public static final Style VIVID = VALUES.known("vivid");
    /** {@code natural}. */
    public static final Style NATURAL = VALUES.known("natural");

    private Style(String wire, boolean known) {
        super(wire, known);
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
}
