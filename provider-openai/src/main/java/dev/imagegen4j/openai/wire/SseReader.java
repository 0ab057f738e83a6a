package dev.imagegen4j.openai.wire;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code text/event-stream} pushed in chunks. Each event's {@code data:} lines go straight into a
 * {@link JsonScanner} as they arrive, so a multi-megabyte data line (a base64 image) is decoded on the fly
 * and never becomes a {@code String}. Consecutive {@code data:} lines of one event are joined with
 * {@code \n}, as the SSE specification says; comments, {@code id:} and {@code retry:} lines are skipped.
 * Not thread-safe.
 */
final class SseReader {

    /** What the reader reports. */
    interface Events {
        /** The first {@code data:} line of an event begins: the scanner for its JSON. */
        JsonScanner begin(String eventName) throws IOException;

        /** An event is complete (a blank line, or the end of the stream after complete JSON). */
        void end(String eventName, JsonScanner data) throws IOException;
    }

    private static final int MAX_FIELD = 16;
    private static final int MAX_VALUE = 128;

    private enum State { LINE_START, FIELD, SPACE, DATA, EVENT_NAME, SKIP }

    private final Events events;
    private State state = State.LINE_START;
    private final byte[] field = new byte[MAX_FIELD];
    private int fieldLength;
    private final byte[] value = new byte[MAX_VALUE];
    private int valueLength;
    private boolean fieldIsData;
    private String eventName;
    private JsonScanner data;

    SseReader(Events events) {
        this.events = events;
    }

    /** Consumes {@code a[off, end)}. */
    void feed(byte[] a, int off, int end) throws IOException {
        int i = off;
        while (i < end) {
            byte c = a[i];
            switch (state) {
                case DATA:
                    i = data.feed(a, i, end);
                    if (i < end) {
                        state = State.LINE_START; // the line feed that ended the data line
                        i++;
                    }
                    continue;
                case LINE_START:
                    if (c == '\n') {
                        dispatch();
                    } else if (c != '\r') {
                        fieldLength = 0;
                        state = c == ':' ? State.SKIP : State.FIELD;
                        if (c != ':') {
                            field[fieldLength++] = c;
                        }
                    }
                    break;
                case FIELD:
                    if (c == ':' || c == '\n') {
                        fieldDone(c == '\n');
                    } else if (fieldLength < MAX_FIELD) {
                        field[fieldLength++] = c;
                    } else {
                        state = State.SKIP;
                    }
                    break;
                case SPACE:
                    state = fieldIsData ? State.DATA : State.EVENT_NAME;
                    if (c == ' ') {
                        break;
                    }
                    continue; // this byte belongs to the value
                case EVENT_NAME:
                    if (c == '\n') {
                        eventName = new String(value, 0, valueLength, StandardCharsets.UTF_8).strip();
                        state = State.LINE_START;
                    } else if (valueLength < MAX_VALUE) {
                        value[valueLength++] = c;
                    }
                    break;
                case SKIP:
                default:
                    if (c == '\n') {
                        state = State.LINE_START;
                    }
            }
            i++;
        }
    }

    private void fieldDone(boolean endOfLine) throws IOException {
        String name = new String(field, 0, fieldLength, StandardCharsets.US_ASCII).strip();
        if (name.equals("data")) {
            if (data == null) {
                data = events.begin(eventName);
            } else {
                data.lineBreak(); // a continuation line: the lines are joined with a line feed
            }
            fieldIsData = true;
            state = endOfLine ? State.LINE_START : State.SPACE;
        } else if (name.equals("event")) {
            fieldIsData = false;
            valueLength = 0;
            state = endOfLine ? State.LINE_START : State.SPACE;
            if (endOfLine) {
                eventName = "";
            }
        } else {
            state = endOfLine ? State.LINE_START : State.SKIP;
        }
    }

    private void dispatch() throws IOException {
        JsonScanner done = data;
        String name = eventName;
        data = null;
        eventName = null;
        if (done != null) {
            events.end(name, done);
        }
    }

    /** The stream ended: dispatches a last event whose JSON is complete but had no blank line after it. */
    void finish() throws IOException {
        if (data != null && (data.done() || data.skeletonLength() > 0)) {
            dispatch();
        }
    }
}
