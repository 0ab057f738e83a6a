package dev.imagegen4j.testkit;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Images served at {@code /files/{id}.{ext}} ({@code response_format=url}, job outputs): in memory, bounded, expiring
 * (60 minutes unless the emulator was built with another lifetime).
 */
final class FileStore {

    static final Duration LIFETIME = Duration.ofMinutes(60);
    private static final int MAX_ENTRIES = 512;

    private static final class Entry {
        final byte[] bytes;
        final String contentType;
        final long expiresAtNanos;

        Entry(byte[] bytes, String contentType, long expiresAtNanos) {
            this.bytes = bytes;
            this.contentType = contentType;
            this.expiresAtNanos = expiresAtNanos;
        }
    }

    private final Map<String, Entry> files = new LinkedHashMap<>();
    private final Duration lifetime;

    FileStore() {
        this(LIFETIME);
    }

    /** A store whose files expire {@code lifetime} after they were stored. */
    FileStore(Duration lifetime) {
        this.lifetime = lifetime;
    }

    /** Stores an image and returns its file name ({@code id.ext}). */
    synchronized String put(byte[] bytes, String format) {
        long now = System.nanoTime();
        Iterator<Map.Entry<String, Entry>> it = files.entrySet().iterator();
        while (it.hasNext()) {
            Entry oldest = it.next().getValue();
            if (files.size() >= MAX_ENTRIES || oldest.expiresAtNanos - now < 0) {
                it.remove();
            } else {
                break; // entries are in insertion order and share one lifetime
            }
        }
        String name = "img-" + UUID.randomUUID().toString().replace("-", "") + "." + (format.equals("jpeg") ? "jpg"
                : format);
        String type = format.equals("svg") ? "image/svg+xml" : "image/" + format;
        files.put(name, new Entry(bytes, type, now + lifetime.toNanos()));
        return name;
    }

    /** The stored image, or {@code null} when unknown or expired. */
    synchronized Response get(String name) {
        Entry e = files.get(name);
        if (e == null || e.expiresAtNanos - System.nanoTime() < 0) {
            files.remove(name);
            return null;
        }
        return Response.bytes(200, e.contentType, e.bytes, "200 file");
    }

    /** The bytes of a stored image, or null when unknown or expired. */
    synchronized byte[] bytes(String name) {
        Entry e = files.get(name);
        return e == null ? null : e.bytes;
    }

    synchronized void clear() {
        files.clear();
    }
}
