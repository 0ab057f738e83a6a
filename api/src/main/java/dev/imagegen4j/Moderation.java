package dev.imagegen4j;

import java.util.Set;

/**
 * Content moderation level of GPT Image generations.
 *
 * <p>An open value: the constants are the values imagegen4j knows; {@link #of(String)} accepts any other value,
 * so a value a vendor ships after this release can be sent without waiting for one. Whether a model takes a
 * value is the {@link ModelCatalog}'s business. Instances are immutable; two are equal when their wire values are.
 */
public final class Moderation extends OpenValue {

    private static final OpenValues<Moderation> VALUES = new OpenValues<>("moderation", Moderation::new);

    /** {@code auto}. */
    public static final Moderation AUTO = VALUES.known("auto");
    /** {@code low}. */
    public static final Moderation LOW = VALUES.known("low");

    private Moderation(String wire, boolean known) {
        super(wire, known);
    }

    /**
     * The constant matching {@code text} (its wire value or constant name, ignoring case), or a new value that
     * is sent as given.
     *
     * @throws IllegalArgumentException if {@code text} is null, blank, over 64 characters, or holds white space
     */
    public static Moderation of(String text) {
        return VALUES.of(text);
    }

    /** The constants, in declaration order. */
    public static Set<Moderation> knownValues() {
        return VALUES.knownValues();
    }
}
