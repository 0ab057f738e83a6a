package dev.imagegen4j;

/**
 * The base of every open option value ({@link Quality}, {@link OutputFormat}, {@link Background},
 * {@link Moderation}, {@link InputFidelity}, {@link ResponseFormat}, {@link Style}, {@link Complexity},
 * {@link ResolutionTier}): the wire value, whether it is one of the type's constants, and value equality. Each type
 * adds its constants, {@code of(String)} and {@code knownValues()}. Instances are immutable; two are equal when they
 * are of the same type and have the same wire value.
 */
public abstract sealed class OpenValue implements WireValue permits Quality, OutputFormat, Background, Moderation,
        InputFidelity, ResponseFormat, Style, Complexity, ResolutionTier {

    private final String wire;
    private final boolean known;

    OpenValue(String wire, boolean known) {
        this.wire = wire;
        this.known = known;
    }

    @Override
    public final String wireValue() {
        return wire;
    }

    @Override
    public final boolean isKnown() {
        return known;
    }

    @Override
    public final boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && ((OpenValue) o).wire.equals(wire);
    }

    @Override
    public final int hashCode() {
        return wire.hashCode();
    }

    @Override
    public final String toString() {
        return wire;
    }
}
