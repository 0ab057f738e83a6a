package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imagegen4j.quota.redis.RedisEndpoint;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shared record of one batch in Redis (the coordinator): which worker holds each job, whether its request was
 * sent, and its outcome. Every change is one Lua script, so two workers never both claim a job, and a job is
 * claimable again only while no request was recorded as sent. Times are the Redis server's.
 *
 * <p>Keys, under {@code imagegen4j:batch:ID:}: {@code meta} (hash: jobs, file, created), {@code jobs} (hash: id to
 * the job's state as JSON: status {@code claimed}, {@code sending}, {@code ok}, {@code failed} or {@code unknown},
 * worker, host, run, token, attempt, files, out, request id, error or reason), {@code lease:ID} (the holder's token,
 * expiring unless renewed), {@code done} (sorted set of finished ids by time), {@code workers} (hash: worker to its
 * JSON) and {@code worker:NAME} (alive while renewed). {@code imagegen4j:batches} lists the batch ids and
 * {@code imagegen4j:batch-file:NAME} the latest batch of each jobs file name. Thread-safe.
 */
final class BatchLedger implements AutoCloseable {

    static final String ROOT = "imagegen4j:";

    private static final String NOW = "local t = redis.call('TIME')\n"
            + "local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n";

    /** KEYS jobs, lease; ARGV id, token, worker, run, leaseMs, runStartMs, retryUnknown, host. */
    private static final String CLAIM = NOW
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "local attempt = 1\n"
            + "if raw then\n"
            + "  local s = cjson.decode(raw)\n"
            + "  attempt = (tonumber(s.attempt) or 0) + 1\n"
            + "  local st = s.status\n"
            + "  if st == 'ok' then return {'done', raw} end\n"
            + "  if st == 'claimed' and s.token == ARGV[2] then\n" // this claim, tried again after a lost answer
            + "    redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])\n"
            + "    return {'claimed', raw}\n"
            + "  end\n"
            + "  if st == 'claimed' or st == 'sending' then\n"
            + "    if redis.call('EXISTS', KEYS[2]) == 1 then return {'running', raw} end\n"
            + "    if st == 'sending' then\n"
            + "      s.status = 'unknown'\n"
            + "      s.reason = 'worker ' .. tostring(s.worker) .. ' stopped renewing its lease while the request was '"
            + " .. 'in flight (killed or cut off?): it may have been generated and paid for'\n"
            + "      s.at = now\n"
            + "      raw = cjson.encode(s)\n"
            + "      redis.call('HSET', KEYS[1], ARGV[1], raw)\n"
            + "      st = 'unknown'\n"
            + "    end\n"
            + "  end\n"
            + "  if st == 'unknown' and (ARGV[7] ~= '1' or (tonumber(s.at) or 0) >= tonumber(ARGV[6])) then\n"
            + "    return {'unknown', raw}\n"
            + "  end\n"
            + "  if st == 'failed' and (tonumber(s.at) or 0) >= tonumber(ARGV[6]) then return {'failed', raw} end\n"
            + "end\n"
            + "local enc = cjson.encode({status = 'claimed', worker = ARGV[3], run = ARGV[4], token = ARGV[2],\n"
            + "  host = ARGV[8], at = now, attempt = attempt})\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], enc)\n"
            + "redis.call('SET', KEYS[2], ARGV[2], 'PX', ARGV[5])\n"
            + "return {'claimed', enc}\n";

    /** KEYS jobs, lease; ARGV id, token, leaseMs, files, out. */
    private static final String MARK_SENDING = NOW
            + "if redis.call('GET', KEYS[2]) ~= ARGV[2] then return 0 end\n"
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "if not raw then return 0 end\n"
            + "local s = cjson.decode(raw)\n"
            + "if s.token ~= ARGV[2] then return 0 end\n"
            + "if s.status == 'sending' then return 1 end\n"
            + "if s.status ~= 'claimed' then return 0 end\n"
            + "s.status = 'sending'\n"
            + "s.at = now\n"
            + "s.files = ARGV[4]\n"
            + "s.out = ARGV[5]\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(s))\n"
            + "redis.call('PEXPIRE', KEYS[2], ARGV[3])\n"
            + "return 1\n";

    /** KEYS jobs, lease, done; ARGV id, token, outcome. */
    private static final String FINISH = NOW
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "local s = {}\n"
            + "if raw then s = cjson.decode(raw) end\n"
            + "local o = cjson.decode(ARGV[3])\n"
            + "if s.status == 'ok' and s.token ~= ARGV[2] then\n"
            + "  s.duplicates = (tonumber(s.duplicates) or 0) + 1\n"
            + "  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(s))\n"
            + "  return 'duplicate'\n"
            + "end\n"
            + "if o.status ~= 'ok' and s.token ~= ARGV[2] then return 'stale' end\n"
            + "o.token = ARGV[2]\n"
            + "o.at = now\n"
            + "o.attempt = s.attempt\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(o))\n"
            + "if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end\n"
            + "if o.status == 'ok' then redis.call('ZADD', KEYS[3], now, ARGV[1]) end\n"
            + "return 'recorded'\n";

    /** KEYS jobs, lease; ARGV id, token. */
    private static final String RELEASE = ""
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "if not raw then return 0 end\n"
            + "local s = cjson.decode(raw)\n"
            + "if s.token ~= ARGV[2] or s.status ~= 'claimed' then return 0 end\n"
            + "redis.call('HDEL', KEYS[1], ARGV[1])\n"
            + "if redis.call('GET', KEYS[2]) == ARGV[2] then redis.call('DEL', KEYS[2]) end\n"
            + "return 1\n";

    /** KEYS lease; ARGV token, leaseMs. */
    private static final String RENEW = ""
            + "if redis.call('GET', KEYS[1]) == ARGV[1] then\n"
            + "  redis.call('PEXPIRE', KEYS[1], ARGV[2])\n"
            + "  return 1\n"
            + "end\n"
            + "return 0\n";

    /** KEYS jobs, done; ARGV id, state, mode (ok: unless already ok; unknown: only when nothing is recorded). */
    private static final String RECONCILE = NOW
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "local o = cjson.decode(ARGV[2])\n"
            + "o.at = now\n"
            + "if ARGV[3] == 'ok' then\n"
            + "  if raw and cjson.decode(raw).status == 'ok' then return 0 end\n"
            + "  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(o))\n"
            + "  redis.call('ZADD', KEYS[2], now, ARGV[1])\n"
            + "  return 1\n"
            + "end\n"
            + "if raw then return 0 end\n"
            + "redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(o))\n"
            + "return 1\n";

    /** KEYS jobs, lease; ARGV id, run, reason: the jobs a run that is known dead held. */
    private static final String DEAD_RUN = NOW
            + "local raw = redis.call('HGET', KEYS[1], ARGV[1])\n"
            + "if not raw then return 0 end\n"
            + "local s = cjson.decode(raw)\n"
            + "if s.run ~= ARGV[2] then return 0 end\n"
            + "if s.status == 'claimed' then\n"
            + "  redis.call('HDEL', KEYS[1], ARGV[1])\n"
            + "  redis.call('DEL', KEYS[2])\n"
            + "  return 1\n"
            + "end\n"
            + "if s.status == 'sending' then\n"
            + "  s.status = 'unknown'\n"
            + "  s.reason = ARGV[3]\n"
            + "  s.at = now\n"
            + "  redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(s))\n"
            + "  redis.call('DEL', KEYS[2])\n"
            + "  return 2\n"
            + "end\n"
            + "return 0\n";

    /** What a claim found. */
    enum Claim {
        /** This worker holds the job now. */
        CLAIMED,
        /** Finished (by any worker). */
        DONE,
        /** Another live worker holds it. */
        RUNNING,
        /** Failed during this run: a re-run retries it. */
        FAILED,
        /** Sent with an unknown outcome: not sent again without --retry-unknown. */
        UNKNOWN
    }

    /** A claim's result and the job's state as recorded. */
    static final class ClaimResult {
        final Claim claim;
        final JsonNode state;

        ClaimResult(Claim claim, JsonNode state) {
            this.claim = claim;
            this.state = state;
        }
    }

    private final RedisEndpoint endpoint;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisCommands<String, String> redis;

    private BatchLedger(RedisEndpoint endpoint, RedisClient client, StatefulRedisConnection<String, String> c) {
        this.endpoint = endpoint;
        this.client = client;
        this.connection = c;
        this.redis = c.sync();
    }

    /**
     * Connects to the coordinator.
     *
     * @throws CoordinatorException naming the address (never the password) when it cannot be reached
     */
    static BatchLedger connect(RedisEndpoint endpoint) {
        RedisClient client = endpoint.newClient();
        RuntimeException last = null;
        // a few tries: a machine busy starting several JVMs can miss one connect timeout
        for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
            try {
                StatefulRedisConnection<String, String> c = client.connect();
                try {
                    c.sync().ping();
                } catch (RuntimeException e) {
                    c.close();
                    throw e;
                }
                return new BatchLedger(endpoint, client, c);
            } catch (RuntimeException e) {
                last = e;
                if (refused(e) || attempt == CONNECT_ATTEMPTS) {
                    break;
                }
                sleep(250L * attempt);
            }
        }
        RedisEndpoint.shutdown(client);
        throw new CoordinatorException("cannot reach the coordinator " + endpoint.describe() + " (" + describe(last)
                + "); nothing was sent", last);
    }

    private static final int CONNECT_ATTEMPTS = 4;

    /** Nothing listens there, or the password is wrong: trying again does not help. */
    private static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException || String.valueOf(t.getMessage()).contains("WRONGPASS")
                    || String.valueOf(t.getMessage()).contains("NOAUTH")) {
                return true;
            }
        }
        return false;
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static String describe(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t && (t.getMessage() == null
                || t instanceof java.util.concurrent.CompletionException)) {
            t = t.getCause();
        }
        String m = t.getMessage() == null ? "" : ": " + t.getMessage().replaceAll("[\\r\\n]+", " ");
        return dev.imagegen4j.internal.Redaction.bounded(dev.imagegen4j.internal.Redaction.secretShapes(
                t.getClass().getSimpleName() + m), 300);
    }

    String describe() {
        return endpoint.describe();
    }

    private static String key(String batch, String part) {
        return ROOT + "batch:" + batch + ":" + part;
    }

    /** The Redis server's clock, in epoch milliseconds. */
    long now() {
        List<String> t = redis.time();
        return Long.parseLong(t.get(0)) * 1000 + Long.parseLong(t.get(1)) / 1000;
    }

    /** Records the batch (first worker) and the latest batch of its file name. */
    void register(String batch, String fileName, int jobs, String worker) {
        String meta = key(batch, "meta");
        redis.hsetnx(meta, "jobs", Integer.toString(jobs));
        redis.hsetnx(meta, "file", fileName);
        redis.hsetnx(meta, "created", Long.toString(now()));
        redis.hsetnx(meta, "first-worker", worker);
        redis.sadd(ROOT + "batches", batch);
        redis.set(ROOT + "batch-file:" + fileName, batch);
    }

    /** The latest batch started from a jobs file of this name, if any. */
    Optional<String> latestOfFile(String fileName) {
        return Optional.ofNullable(redis.get(ROOT + "batch-file:" + fileName));
    }

    /** The batch's meta hash (empty when unknown). */
    Map<String, String> meta(String batch) {
        return redis.hgetall(key(batch, "meta"));
    }

    /** Every batch id this coordinator knows. */
    List<String> batches() {
        return List.copyOf(new java.util.TreeSet<>(redis.smembers(ROOT + "batches")));
    }

    ClaimResult claim(String batch, String id, String token, String worker, String run, String host, long leaseMs,
            long runStartMs, boolean retryUnknown) {
        List<Object> r = redis.eval(CLAIM, ScriptOutputType.MULTI, new String[] {key(batch, "jobs"),
            key(batch, "lease:" + id)}, id, token, worker, run, Long.toString(leaseMs), Long.toString(runStartMs),
                retryUnknown ? "1" : "0", host);
        return new ClaimResult(Claim.valueOf(String.valueOf(r.get(0)).toUpperCase(java.util.Locale.ROOT)),
                json(String.valueOf(r.get(1))));
    }

    /** Records that the request of a claimed job is about to be sent; false if this worker no longer holds it. */
    boolean markSending(String batch, String id, String token, long leaseMs, List<String> files, String out) {
        Long r = redis.eval(MARK_SENDING, ScriptOutputType.INTEGER, new String[] {key(batch, "jobs"),
            key(batch, "lease:" + id)}, id, token, Long.toString(leaseMs), String.join(",", files), out);
        return r != null && r == 1L;
    }

    /** Records a job's outcome: {@code recorded}, {@code duplicate} (another attempt had finished it) or {@code stale}. */
    String finish(String batch, String id, String token, ObjectNode outcome) {
        return redis.eval(FINISH, ScriptOutputType.VALUE, new String[] {key(batch, "jobs"), key(batch, "lease:" + id),
            key(batch, "done")}, id, token, outcome.toString());
    }

    /** Gives back a claimed job whose request was not sent. */
    boolean release(String batch, String id, String token) {
        Long r = redis.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(batch, "jobs"),
            key(batch, "lease:" + id)}, id, token);
        return r != null && r == 1L;
    }

    /** Extends a lease this worker holds; false when it was lost. */
    boolean renew(String batch, String id, String token, long leaseMs) {
        Long r = redis.eval(RENEW, ScriptOutputType.INTEGER, new String[] {key(batch, "lease:" + id)}, token,
                Long.toString(leaseMs));
        return r != null && r == 1L;
    }

    /** Records what this machine's manifest knows: {@code ok} (unless already ok) or {@code unknown} (if nothing is). */
    boolean reconcile(String batch, String id, ObjectNode state) {
        String mode = state.path("status").asText();
        Long r = redis.eval(RECONCILE, ScriptOutputType.INTEGER, new String[] {key(batch, "jobs"), key(batch, "done")},
                id, state.toString(), mode);
        return r != null && r == 1L;
    }

    /** Frees the claims and marks unknown the sends of run {@code run}, which is known to have died. */
    int deadRun(String batch, String run, String reason) {
        int changed = 0;
        for (Map.Entry<String, String> e : redis.hgetall(key(batch, "jobs")).entrySet()) {
            if (run.equals(json(e.getValue()).path("run").asText(null))) {
                Long r = redis.eval(DEAD_RUN, ScriptOutputType.INTEGER, new String[] {key(batch, "jobs"),
                    key(batch, "lease:" + e.getKey())}, e.getKey(), run, reason);
                changed += r != null && r > 0 ? 1 : 0;
            }
        }
        return changed;
    }

    /** Says this worker is alive (for {@code batch status}) and how to reach its results. */
    void heartbeat(String batch, String worker, ObjectNode info, long leaseMs) {
        redis.hset(key(batch, "workers"), worker, info.toString());
        redis.psetex(key(batch, "worker:" + worker), leaseMs * 2, "1");
    }

    /** Every job's recorded state. */
    Map<String, JsonNode> jobs(String batch) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        redis.hgetall(key(batch, "jobs")).forEach((id, raw) -> out.put(id, json(raw)));
        return out;
    }

    boolean leaseAlive(String batch, String id) {
        return redis.exists(key(batch, "lease:" + id)) > 0;
    }

    boolean workerAlive(String batch, String worker) {
        return redis.exists(key(batch, "worker:" + worker)) > 0;
    }

    Map<String, JsonNode> workers(String batch) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        redis.hgetall(key(batch, "workers")).forEach((w, raw) -> out.put(w, json(raw)));
        return out;
    }

    /** The finish times (server epoch ms) of the jobs finished since {@code fromMs}, oldest first. */
    List<io.lettuce.core.ScoredValue<String>> finishedSince(String batch, long fromMs) {
        return redis.zrangebyscoreWithScores(key(batch, "done"),
                io.lettuce.core.Range.create((double) fromMs, Double.POSITIVE_INFINITY));
    }

    private static JsonNode json(String raw) {
        try {
            return ResultPrinter.JSON.readTree(raw);
        } catch (IOException e) {
            return ResultPrinter.JSON.createObjectNode().put("status", "unreadable");
        }
    }

    @Override
    public void close() {
        try {
            connection.close();
        } finally {
            RedisEndpoint.shutdown(client);
        }
    }

    /** The coordinator could not be used. */
    static final class CoordinatorException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        CoordinatorException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
