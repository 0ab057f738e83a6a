package dev.imagegen4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
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
}
