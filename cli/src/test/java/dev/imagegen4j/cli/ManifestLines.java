package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads a batch manifest as a test (or an observer of a running batch) sees it. */
final class ManifestLines {

    private ManifestLines() {
    }

    /** The ids with an {@code ok} line; a line torn by a kill is skipped. */
    static Set<String> okIds(Path manifest) throws IOException {
        Set<String> ids = new HashSet<>();
        if (!Files.exists(manifest)) {
            return ids;
        }
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            try {
                JsonNode n = ResultPrinter.JSON.readTree(line);
                if (n != null && "ok".equals(n.path("status").asText())) {
                    ids.add(n.get("id").asText());
                }
            } catch (IOException torn) {
                // the line being written when the process died
            }
        }
        return ids;
    }

    /** The files of each id's latest {@code ok} line. */
    static Map<String, List<String>> okFiles(Path manifest) throws IOException {
        Map<String, List<String>> files = new HashMap<>();
        for (JsonNode n : lines(manifest)) {
            if ("ok".equals(n.path("status").asText())) {
                List<String> names = new ArrayList<>();
                n.path("files").forEach(f -> names.add(f.asText()));
                files.put(n.get("id").asText(), names);
            }
        }
        return files;
    }

    /** Every file any line names, with the id it was written for. */
    static Map<String, String> namedFiles(Path manifest) throws IOException {
        Map<String, String> files = new HashMap<>();
        for (JsonNode n : lines(manifest)) {
            n.path("files").forEach(f -> files.put(f.asText(), n.get("id").asText()));
        }
        return files;
    }

    private static List<JsonNode> lines(Path manifest) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(manifest, StandardCharsets.UTF_8)) {
            lines.add(ResultPrinter.JSON.readTree(line));
        }
        return lines;
    }
}
