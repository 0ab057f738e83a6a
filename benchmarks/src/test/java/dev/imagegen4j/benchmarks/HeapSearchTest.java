package dev.imagegen4j.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapSearchTest {

    /** A workload that needs exactly {@code needKiB}; records every heap tried. */
    private static final class Fake implements HeapSearch.Trial {
        final long needKiB;
        final List<Long> tried = new ArrayList<>();
        int exitWhenFailing = HeapSearch.OOM;
        long failsEverywhereBelow = -1;

        Fake(long needKiB) {
            this.needKiB = needKiB;
        }

        @Override
        public HeapSearch.Outcome run(long xmxKiB) {
            tried.add(xmxKiB);
            if (xmxKiB < failsEverywhereBelow) {
                return new HeapSearch.Outcome(4, "parser limit");
            }
            return xmxKiB >= needKiB ? new HeapSearch.Outcome(0, "") : new HeapSearch.Outcome(exitWhenFailing,
                    exitWhenFailing == 4 ? "java.lang.IllegalStateException: boom" : "");
        }
    }

    @Test
    void should_bracket_the_smallest_heap_within_the_resolution_when_unaimed() throws Exception {
        Fake f = new Fake(10_300);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.0).search(600_000, -1, 0, false);

        assertThat(r.status).isEqualTo("ok");
        assertThat(r.failKiB).isLessThan(10_300);
        assertThat(r.passKiB).isGreaterThanOrEqualTo(10_300);
        assertThat(r.passKiB - r.failKiB).isLessThanOrEqualTo(128);
        assertThat(r.trials).isEqualTo(f.tried.size());
        assertThat(f.tried.get(0)).isEqualTo(8 * 1024); // starts small, not at the top
    }

    @Test
    void should_decide_a_met_bound_in_one_trial_when_coarse() throws Exception {
        Fake f = new Fake(300_000);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.01).search(3_000_000, 310_000, 10_000, true);

        assertThat(r.trials).isEqualTo(1);
        assertThat(r.passKiB).isEqualTo(310_000);
        assertThat(r.failKiB).isEqualTo(10_000); // only the baseline's lower bound is known
    }

    @Test
    void should_narrow_a_met_bound_when_not_coarse() throws Exception {
        Fake f = new Fake(20_000);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.0).search(600_000, 24_000, 10_000, false);

        assertThat(f.tried.get(0)).isEqualTo(24_000);
        assertThat(r.failKiB).isLessThan(20_000);
        assertThat(r.passKiB).isBetween(20_000L, 20_128L);
    }

    @Test
    void should_bisect_past_the_resolution_while_the_verdict_is_open() throws Exception {
        Fake f = new Fake(24_100); // just over the bound of 24,000, within the 1% resolution

        HeapSearch.Result coarseEnough = new HeapSearch(new Fake(24_100), 128, 0.01).search(600_000, 24_000, 10_000,
                false);
        HeapSearch.Result r = new HeapSearch(f, 128, 0.01).search(600_000, 24_000, 24_064, 10_000, false);

        assertThat(coarseEnough.failKiB).isLessThanOrEqualTo(24_064); // 1% alone leaves it open
        assertThat(r.failKiB).isGreaterThan(24_064); // a certain miss: it failed above the bound + baseline width
        assertThat(r.passKiB - r.failKiB).isLessThanOrEqualTo(HeapSearch.FINEST_KIB * 2);
    }

    @Test
    void should_grow_past_a_missed_bound_and_then_bisect() throws Exception {
        Fake f = new Fake(50_000);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.0).search(600_000, 24_000, 10_000, false);

        assertThat(r.status).isEqualTo("ok");
        assertThat(r.failKiB).isLessThan(50_000).isGreaterThanOrEqualTo(24_000);
        assertThat(r.passKiB - r.failKiB).isLessThanOrEqualTo(128);
    }

    @Test
    void should_bisect_a_missed_coarse_bound_to_ten_percent_only() throws Exception {
        Fake f = new Fake(100_000);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.01).search(3_000_000, 24_000, 10_000, true);

        assertThat(r.passKiB).isGreaterThanOrEqualTo(100_000);
        assertThat(r.passKiB - r.failKiB).isLessThanOrEqualTo((long) (r.passKiB * HeapSearch.COARSE_MISS_FRACTION));
        assertThat(r.passKiB - r.failKiB).isGreaterThan(128);
    }

    @Test
    void should_record_a_failure_that_is_not_about_memory_after_confirming_it_at_the_top() throws Exception {
        Fake f = new Fake(Long.MAX_VALUE);
        f.exitWhenFailing = 4;

        HeapSearch.Result r = new HeapSearch(f, 128, 0.01).search(500_000, -1, 0, false);

        assertThat(r.status).isEqualTo("failed");
        assertThat(r.cause).isEqualTo("java.lang.IllegalStateException: boom");
        assertThat(r.passKiB).isEqualTo(-1);
        assertThat(f.tried).containsExactly(8L * 1024, 500_000L);
    }

    @Test
    void should_treat_a_failure_at_a_small_heap_as_not_enough_heap_when_the_top_passes() throws Exception {
        Fake f = new Fake(9_000);
        f.failsEverywhereBelow = 9_000; // e.g. a thread that cannot start in a tiny heap, reported as a failure

        HeapSearch.Result r = new HeapSearch(f, 128, 0.0).search(500_000, -1, 0, false);

        assertThat(r.status).isEqualTo("ok");
        assertThat(r.passKiB).isBetween(9_000L, 9_128L);
    }

    @Test
    void should_report_out_of_memory_at_the_largest_heap() throws Exception {
        Fake f = new Fake(Long.MAX_VALUE);

        HeapSearch.Result r = new HeapSearch(f, 128, 0.01).search(100_000, 24_000, 10_000, false);

        assertThat(r.status).isEqualTo("oom-at-max");
        assertThat(r.passKiB).isEqualTo(-1);
        assertThat(f.tried.get(f.tried.size() - 1)).isEqualTo(100_000);
    }
}
