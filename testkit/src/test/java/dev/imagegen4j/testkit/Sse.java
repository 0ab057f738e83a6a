package dev.imagegen4j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Splits a text/event-stream body into events (test helper). */
final class Sse {

    static final class Event {
        final String event;
        final String data;

        Event(String event, String data) {
            this.event = event;
            this.data = data;
        }

        JsonNode json() {
            try {
                return Http.JSON.readTree(data);
            } catch (IOException e) {
                throw new AssertionError("event data is not JSON: " + data, e);
            }
        }

        @Override
        public String toString() {
            return event + ": " + (data.length() > 100 ? data.substring(0, 100) + "..." : data);
        }
    }

    private Sse() {
    }

    static List<Event> parse(String body) {
        List<Event> events = new ArrayList<>();
        for (String frame : body.split("\n\n")) {
            if (frame.isBlank()) {
                continue;
            }
            String event = null;
            StringBuilder data = new StringBuilder();
            for (String line : frame.split("\n")) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
            events.add(new Event(event, data.toString()));
        }
        return events;
    }
}
