package dev.imagegen4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.quota.redis.RedisEndpoint;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The coordinator's rules, on a real Redis: who may send a job, and when a job may be sent again. */
class BatchLedgerTest {

    private static final long LEASE = 1000;

    private BatchLedger ledger;
    private String batch;

    @BeforeEach
    void connect() {
        ledger = BatchLedger.connect(RedisEndpoint.parse(TestRedis.url()));
        batch = "test-" + UUID.randomUUID();
        // the first script call of a JVM is slow (class loading): not inside a lease
        ledger.claim("warm-up-" + UUID.randomUUID(), "x", "t", "w", "r", "h", 1000, 0, false);
    }

    @AfterEach
    void close() {
        if (ledger != null) {
            ledger.close();
        }
    }

    private BatchLedger.ClaimResult claim(String id, String token, String worker, long runStart, boolean retryUnknown) {
        return ledger.claim(batch, id, token, worker, "run-" + worker, "host", LEASE, runStart, retryUnknown);
    }

    private static ObjectNode outcome(String status) {
        return ResultPrinter.JSON.createObjectNode().put("status", status);
    }

    @Test
    void should_give_a_job_to_one_worker_while_its_lease_is_renewed() throws Exception {
        long start = ledger.now();
        assertThat(claim("a", "t1", "w1", start, false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        assertThat(claim("a", "t2", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.RUNNING);
        for (int i = 0; i < 4; i++) {
            Thread.sleep(LEASE / 3);
            assertThat(ledger.renew(batch, "a", "t1", LEASE)).isTrue();
        }
        assertThat(claim("a", "t2", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.RUNNING);
        assertThat(ledger.renew(batch, "a", "t2", LEASE)).as("only the holder renews").isFalse();
    }

    @Test
    void should_let_another_worker_take_a_job_whose_holder_died_before_sending() throws Exception {
        long start = ledger.now();
        claim("a", "t1", "w1", start, false);
        Thread.sleep(LEASE + 100); // w1 died: no renewal
        BatchLedger.ClaimResult c = claim("a", "t2", "w2", start, false);
        assertThat(c.claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        assertThat(c.state.path("attempt").asInt()).isEqualTo(2);
        // the dead worker, had it come back, may no longer send it
        assertThat(ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out")).isFalse();
        assertThat(ledger.markSending(batch, "a", "t2", LEASE, List.of("a.png"), "/out")).isTrue();
    }

    @Test
    void should_report_not_resend_a_job_whose_holder_died_after_sending() throws Exception {
        long start = ledger.now();
        claim("a", "t1", "w1", start, false);
        assertThat(ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out")).isTrue();
        Thread.sleep(LEASE + 100);
        BatchLedger.ClaimResult c = claim("a", "t2", "w2", start, false);
        assertThat(c.claim).isEqualTo(BatchLedger.Claim.UNKNOWN);
        assertThat(c.state.path("reason").asText()).contains("worker w1 stopped renewing its lease while the request "
                + "was in flight");
        // --retry-unknown re-sends only what was unknown before this run started
        assertThat(claim("a", "t3", "w3", start, true).claim).isEqualTo(BatchLedger.Claim.UNKNOWN);
        long later = ledger.now() + 1;
        Thread.sleep(5);
        assertThat(claim("a", "t4", "w4", later, true).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        assertThat(claim("a", "t5", "w5", later, true).claim).isEqualTo(BatchLedger.Claim.RUNNING);
    }

    @Test
    void should_record_a_late_answer_of_the_same_attempt_as_done() throws Exception {
        long start = ledger.now();
        claim("a", "t1", "w1", start, false);
        ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out");
        Thread.sleep(LEASE + 100); // w1 was cut off from Redis for a while
        assertThat(claim("a", "t2", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.UNKNOWN);
        assertThat(ledger.finish(batch, "a", "t1", outcome("ok"))).isEqualTo("recorded");
        assertThat(claim("a", "t3", "w3", start, true).claim).isEqualTo(BatchLedger.Claim.DONE);
        assertThat(ledger.finishedSince(batch, 0)).hasSize(1);
    }

    @Test
    void should_retry_a_failure_only_in_a_later_run() throws Exception {
        long start = ledger.now();
        claim("a", "t1", "w1", start, false);
        ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out");
        assertThat(ledger.finish(batch, "a", "t1", outcome("failed"))).isEqualTo("recorded");
        assertThat(claim("a", "t2", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.FAILED);
        Thread.sleep(5);
        assertThat(claim("a", "t3", "w3", ledger.now(), false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        // an outcome from an attempt that no longer holds the job does not overwrite it
        assertThat(ledger.finish(batch, "a", "t1", outcome("failed"))).isEqualTo("stale");
    }

    @Test
    void should_give_the_same_answer_when_a_step_is_tried_again_after_a_lost_reply() {
        long start = ledger.now();
        assertThat(claim("a", "t1", "w1", start, false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        assertThat(claim("a", "t1", "w1", start, false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        assertThat(ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out")).isTrue();
        assertThat(ledger.markSending(batch, "a", "t1", LEASE, List.of("a.png"), "/out")).isTrue();
        assertThat(ledger.finish(batch, "a", "t1", outcome("ok"))).isEqualTo("recorded");
        assertThat(ledger.finish(batch, "a", "t1", outcome("ok"))).isEqualTo("recorded");
        assertThat(ledger.finishedSince(batch, 0)).hasSize(1);
    }

    @Test
    void should_give_back_a_claim_that_was_not_sent() {
        long start = ledger.now();
        claim("a", "t1", "w1", start, false);
        assertThat(ledger.release(batch, "a", "t2")).isFalse();
        assertThat(ledger.release(batch, "a", "t1")).isTrue();
        assertThat(claim("a", "t2", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        ledger.markSending(batch, "a", "t2", LEASE, List.of("a.png"), "/out");
        assertThat(ledger.release(batch, "a", "t2")).as("a sent job is never given back").isFalse();
    }

    @Test
    void should_settle_at_once_the_jobs_of_a_run_known_to_be_dead() {
        long start = ledger.now();
        ledger.claim(batch, "a", "t1", "w1", "dead-run", "host", 60_000, start, false);
        ledger.claim(batch, "b", "t2", "w1", "dead-run", "host", 60_000, start, false);
        ledger.markSending(batch, "b", "t2", 60_000, List.of("b.png"), "/out");
        assertThat(ledger.deadRun(batch, "dead-run", "run dead-run was killed")).isEqualTo(2);
        assertThat(claim("a", "t3", "w2", start, false).claim).isEqualTo(BatchLedger.Claim.CLAIMED);
        BatchLedger.ClaimResult b = claim("b", "t4", "w2", start, false);
        assertThat(b.claim).isEqualTo(BatchLedger.Claim.UNKNOWN);
        assertThat(b.state.path("reason").asText()).isEqualTo("run dead-run was killed");
    }

    @Test
    void should_take_what_a_machines_manifest_knows() {
        long start = ledger.now();
        assertThat(ledger.reconcile(batch, "a", outcome("ok"))).isTrue();
        assertThat(ledger.reconcile(batch, "b", outcome("unknown"))).isTrue();
        assertThat(claim("a", "t1", "w1", start, false).claim).isEqualTo(BatchLedger.Claim.DONE);
        assertThat(claim("b", "t1", "w1", start, false).claim).isEqualTo(BatchLedger.Claim.UNKNOWN);
        claim("c", "t1", "w1", start, false);
        assertThat(ledger.reconcile(batch, "c", outcome("unknown"))).as("only where nothing is recorded").isFalse();
    }
}
