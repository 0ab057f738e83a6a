package dev.imagegen4j;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * What a call cost: reported by the vendor (AI/ML API's {@code meta.usage.usd_spent}) or estimated
 * from a price table. Immutable and thread-safe.
 */
public final class Cost {

    private final BigDecimal amount;
    private final String currency;
    private final boolean estimated;

    private Cost(BigDecimal amount, String currency, boolean estimated) {
        this.amount = Objects.requireNonNull(amount, "amount");
        this.currency = Objects.requireNonNull(currency, "currency");
        this.estimated = estimated;
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("cost must not be negative: " + amount);
        }
    }

    /** A cost the vendor reported. */
    public static Cost reported(BigDecimal amount, String currency) {
        return new Cost(amount, currency, false);
    }

    /** A cost estimated from a price table. */
    public static Cost estimated(BigDecimal amount, String currency) {
        return new Cost(amount, currency, true);
    }

    /** The amount. */
    public BigDecimal amount() {
        return amount;
    }

    /** ISO 4217 currency code, e.g. {@code USD}. */
    public String currency() {
        return currency;
    }

    /** Whether this is an estimate rather than the vendor's figure. */
    public boolean isEstimated() {
        return estimated;
    }

    /**
     * The sum of two costs of the same currency; estimated if either is.
     *
     * @throws IllegalArgumentException if the currencies differ
     */
    public Cost plus(Cost other) {
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Cost(amount.add(other.amount), currency, estimated || other.estimated);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Cost)) {
            return false;
        }
        Cost c = (Cost) o;
        return amount.compareTo(c.amount) == 0 && currency.equals(c.currency) && estimated == c.estimated;
    }

    @Override
    public int hashCode() {
        return Objects.hash(amount.stripTrailingZeros(), currency, estimated);
    }

    @Override
    public String toString() {
        return (estimated ? "~" : "") + amount.toPlainString() + " " + currency;
    }
}
