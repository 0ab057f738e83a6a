package dev.imagegen4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class JudgeTest {

    @ParameterizedTest(name = "[{0} .. {1}] against {2}: {3}")
    @CsvSource({
        // min, max, bound, verdict
        "0.80, 0.89, 0.90, PASS",
        "0.80, 0.90, 0.90, PASS",       // at the bound is within it
        "0.85, 0.91, 0.90, UNDECIDED",  // straddles
        "0.90, 0.95, 0.90, UNDECIDED",  // touches the bound from above
        "0.9001, 1.10, 0.90, MISS",
        "1.20, 1.40, 0.90, MISS",
        "1.15, 1.15, 1.15, PASS",
    })
    void should_judge_the_whole_spread_against_the_bound_when_at_most(double min, double max, double bound,
            Judge.Verdict expected) {
        Judge.Spread s = new Judge.Spread((min + max) / 2, min, max, Judge.MIN_SAMPLES);

        assertThat(Judge.atMost(s, bound)).isEqualTo(expected);
    }

    @Test
    void should_leave_undecided_when_fewer_samples_than_a_sign_test_needs() {
        Judge.Spread three = Judge.Spread.of(List.of(0.5, 0.5, 0.5));
        Judge.Spread four = Judge.Spread.of(List.of(0.5, 0.5, 0.5, 0.5));

        assertThat(Judge.atMost(three, 0.9)).isEqualTo(Judge.Verdict.UNDECIDED);
        assertThat(Judge.atMost(four, 0.9)).isEqualTo(Judge.Verdict.PASS);
        assertThat(Judge.ratio("time", "t", "w", three, 0.9, "rounds").verdictText())
                .isEqualTo("UNDECIDED: 3 rounds; at least 4 decide");
        assertThat(Judge.atMost(Judge.Spread.of(List.of(2.0, 2.0, 2.0)), 0.9)).isEqualTo(Judge.Verdict.UNDECIDED);
    }

    @Test
    void should_decide_a_bisection_interval_without_a_sample_count() {
        assertThat(Judge.atMost(Judge.Spread.interval(1.0, 1.1, 1.14), 1.15)).isEqualTo(Judge.Verdict.PASS);
        assertThat(Judge.atMost(Judge.Spread.interval(1.16, 1.2, 1.3), 1.15)).isEqualTo(Judge.Verdict.MISS);
    }

    @Test
    void should_be_not_applicable_when_nothing_was_measured() {
        assertThat(Judge.atMost(null, 1.0)).isEqualTo(Judge.Verdict.NA);
        assertThat(Judge.Spread.of(List.of(Double.NaN))).isNull();
    }

    @Test
    void should_take_median_and_extremes_when_samples_are_odd_or_even() {
        Judge.Spread odd = Judge.Spread.of(List.of(3.0, 1.0, 2.0));
        Judge.Spread even = Judge.Spread.of(Arrays.asList(4.0, 1.0, Double.NaN, 3.0, 2.0));

        assertThat(odd.median).isEqualTo(2.0);
        assertThat(odd.count).isEqualTo(3);
        assertThat(even.median).isEqualTo(2.5);
        assertThat(even.min).isEqualTo(1.0);
        assertThat(even.max).isEqualTo(4.0);
        assertThat(even.count).isEqualTo(4); // NaN dropped
    }

    @Test
    void should_reject_a_median_outside_its_range() {
        assertThatThrownBy(() -> new Judge.Spread(2.0, 0.5, 1.5, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("median 2.0 in [0.5, 1.5]");
    }

    @Test
    void should_say_by_how_much_when_a_ratio_misses() {
        Judge.Line l = Judge.ratio("time", "time vs best peer", "1024x1024", Judge.Spread.of(List.of(1.2, 1.3, 1.34,
                1.4)), 0.90, "rounds");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(l.measured).isEqualTo("1.32x (1.20-1.40, 4 rounds)");
        assertThat(l.target).isEqualTo("<= 0.90x");
        assertThat(l.verdictText()).isEqualTo("MISS by 0.42x (median 47% over)");
    }

    @Test
    void should_name_the_straddled_bound_when_undecided() {
        Judge.Line l = Judge.ratio("time", "t", "1024x1024", Judge.Spread.of(List.of(0.92, 1.10, 1.0, 0.95)), 1.0,
                "rounds");

        assertThat(l.verdictText()).isEqualTo("UNDECIDED: 0.92-1.10x straddles 1.00x");
    }

    @Test
    void should_judge_absolute_mib_and_say_by_how_much() {
        Judge.Line miss = Judge.mib("heap-file", "heap", "12MiB", Judge.Spread.interval(1.25, 1.5, 1.75), 1.0, null);
        Judge.Line pass = Judge.mib("heap-file", "heap", "12MiB", Judge.Spread.interval(-0.25, 0.0, 0.25), 1.0, null);

        assertThat(miss.verdictText()).isEqualTo("MISS by 0.50 MiB");
        assertThat(miss.measured).isEqualTo("1.50 MiB (1.25-1.75 MiB)");
        assertThat(pass.verdict).isEqualTo(Judge.Verdict.PASS);
    }

    @Test
    void should_describe_a_single_sample_without_a_range() {
        assertThat(Judge.describe(Judge.Spread.of(List.of(0.63)), "x", "rounds")).isEqualTo("0.63x (1 round)");
    }

    @Test
    void should_report_a_failed_client_as_a_miss_with_its_cause() {
        Judge.Line l = Judge.failed("time", "t", "64MiB", "<= 0.90x", "java.io.IOException: reset | by peer");

        assertThat(l.verdict).isEqualTo(Judge.Verdict.MISS);
        assertThat(l.verdictText()).isEqualTo("MISS (java.io.IOException: reset / by peer)");
    }
}
