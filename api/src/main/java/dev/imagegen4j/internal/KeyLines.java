package dev.imagegen4j.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The line of each key of a YAML or JSON document, by dotted path ({@code models.gpt-image-3.options.quality}), so
 * that errors about a parsed tree can name the line. Paths of list items use their index
 * ({@code routes.primary.failover.1}). Immutable once built.
 */
public final class KeyLines {

    private final Map<String, Integer> lines;

    private KeyLines(Map<String, Integer> lines) {
        this.lines = lines;
    }

    /** No lines known. */
    public static KeyLines none() {
        return new KeyLines(Map.of());
    }

    /**
     * Reads {@code text} with {@code factory} (a YAML or JSON factory) and records the line of every key. A
     * document that does not parse yields the lines read before the problem.
     */
    public static KeyLines of(JsonFactory factory, String text) {
        Map<String, Integer> out = new HashMap<>();
        Deque<Frame> stack = new ArrayDeque<>();
        try (JsonParser p = factory.createParser(text)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME) {
                    stack.peek().key = p.currentName();
                    out.putIfAbsent(join(stack), p.currentLocation().getLineNr());
                    continue;
                }
                if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    stack.pop();
                    continue;
                }
                Frame top = stack.peek();
                if (top != null && top.array) {
                    top.index++;
                }
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    stack.push(new Frame(t == JsonToken.START_ARRAY));
                }
            }
        } catch (IOException | RuntimeException e) {
            // keep what was read: the caller reports the syntax problem itself
        }
        return new KeyLines(out);
    }

    private static final class Frame {
        final boolean array;
        String key;
        int index = -1;

        Frame(boolean array) {
            this.array = array;
        }
    }

    private static String join(Deque<Frame> stack) {
        StringBuilder b = new StringBuilder();
        java.util.Iterator<Frame> it = stack.descendingIterator();
        while (it.hasNext()) {
            Frame f = it.next();
            String part = f.array ? String.valueOf(f.index) : f.key;
            if (part == null) {
                continue;
            }
            if (b.length() > 0) {
                b.append('.');
            }
            b.append(part);
        }
        return b.toString();
    }

    /**
     * The line of {@code path}, or of its longest prefix that has one; 0 when none is known.
     */
    public int line(String path) {
        String p = path;
        while (!p.isEmpty()) {
            Integer l = lines.get(p);
            if (l != null) {
                return l;
            }
            int dot = p.lastIndexOf('.');
            p = dot < 0 ? "" : p.substring(0, dot);
        }
        return 0;
    }

    /** {@code " line N"} for {@code path}, or the empty string when no line is known. */
    public String where(String path) {
        int l = line(path);
        return l > 0 ? " line " + l : "";
    }
}
