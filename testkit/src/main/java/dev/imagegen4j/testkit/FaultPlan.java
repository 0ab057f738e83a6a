package dev.imagegen4j.testkit;

import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/** Enqueued one-shot faults, then rules, consulted once per request. Thread-safe. */
final class FaultPlan {

    private static final Fault NONE = Fault.none();

    private final Queue<Fault> queue = new ConcurrentLinkedQueue<>();
    private final List<FaultRule> rules = new CopyOnWriteArrayList<>();

    void enqueue(Fault fault) {
        queue.add(fault);
    }

    void addRule(FaultRule rule) {
        rules.add(rule);
    }

    boolean removeRule(FaultRule rule) {
        return rules.remove(rule);
    }

    int pending() {
        return queue.size();
    }

    void clear() {
        queue.clear();
        rules.clear();
    }

    Fault next(String path) {
        Fault f = queue.poll();
        if (f != null) {
            return f;
        }
        for (FaultRule rule : rules) {
            Fault match = rule.match(path);
            if (match != null) {
                return match;
            }
        }
        return NONE;
    }
}
