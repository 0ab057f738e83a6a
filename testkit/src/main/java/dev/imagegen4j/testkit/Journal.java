package dev.imagegen4j.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The requests an emulator received, in the order their outcome was decided. An entry is added before
 * the first response byte is written (or before a connection is reset), so a client that has seen the
 * response can assert on the journal without waiting. Thread-safe.
 */
public final class Journal {

    private final List<RecordedRequest> entries = new ArrayList<>();
    private final int capacity;
    private final List<Consumer<RecordedRequest>> sinks;

    Journal(int capacity, List<Consumer<RecordedRequest>> sinks) {
        this.capacity = capacity;
        this.sinks = List.copyOf(sinks);
    }

    synchronized void add(RecordedRequest request) {
        if (entries.size() >= capacity) {
            entries.remove(0);
        }
        entries.add(request);
        for (Consumer<RecordedRequest> sink : sinks) {
            try {
                sink.accept(request); // under the lock: sinks see requests in journal order
            } catch (RuntimeException e) {
                // a failing log sink must not fail the request
            }
        }
        notifyAll();
    }

    /** A snapshot of all recorded requests, oldest first. */
    public synchronized List<RecordedRequest> all() {
        return List.copyOf(entries);
    }

    /** A snapshot of the recorded {@code POST} requests, oldest first. */
    public synchronized List<RecordedRequest> posts() {
        List<RecordedRequest> out = new ArrayList<>();
        for (RecordedRequest r : entries) {
            if (r.method().equals("POST")) {
                out.add(r);
            }
        }
        return List.copyOf(out);
    }

    /** The number of recorded requests. */
    public synchronized int size() {
        return entries.size();
    }

    /**
     * The most recent request.
     *
     * @throws NoSuchElementException when the journal is empty
     */
    public synchronized RecordedRequest last() {
        if (entries.isEmpty()) {
            throw new NoSuchElementException("the emulator has recorded no request yet");
        }
        return entries.get(entries.size() - 1);
    }

    /**
     * Waits until at least {@code count} requests are recorded.
     *
     * @throws TimeoutException when fewer were recorded within {@code timeout}
     * @throws InterruptedException when interrupted while waiting
     */
    public synchronized List<RecordedRequest> await(int count, Duration timeout)
            throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (entries.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("expected " + count + " recorded requests within " + timeout
                        + " but got " + entries.size() + ": " + entries);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(entries);
    }

    /** Forgets all recorded requests. */
    public synchronized void clear() {
        entries.clear();
    }

    @Override
    public synchronized String toString() {
        StringBuilder sb = new StringBuilder("Journal[").append(entries.size()).append(" requests]");
        for (RecordedRequest r : entries) {
            sb.append("\n  ").append(r);
        }
        return sb.toString();
    }
}
