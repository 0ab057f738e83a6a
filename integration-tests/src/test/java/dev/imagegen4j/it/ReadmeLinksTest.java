package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documents a new user reads first: every relative link and every path they name stays inside the repository
 * and exists, every in-page anchor exists, no module is described as planned, and the samples the README uses are
 * in the repository.
 */
class ReadmeLinksTest {

    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} (.+)$");

    private static Path root() {
        Path here = Path.of("").toAbsolutePath();
        return Files.exists(here.resolve("integration-tests")) ? here : here.getParent();
    }

    private static List<Path> documents() throws IOException {
        Path root = root();
        List<Path> docs = new ArrayList<>();
        try (Stream<Path> top = Files.list(root)) {
            top.filter(p -> p.getFileName().toString().endsWith(".md")).forEach(docs::add);
        }
        try (Stream<Path> modules = Files.list(root)) {
            modules.filter(Files::isDirectory).map(d -> d.resolve("README.md")).filter(Files::isRegularFile)
                    .forEach(docs::add);
        }
        return docs;
    }

    @Test
    void should_link_only_to_files_inside_the_repository_that_exist() throws IOException {
        Path root = root().normalize();
        List<String> broken = new ArrayList<>();
        List<Path> docs = documents();
        assertThat(docs).extracting(p -> p.getFileName().toString()).contains("README.md", "CHANGELOG.md",
                "RELIABILITY.md", "BENCHMARKS.md");
        for (Path doc : docs) {
            String text = Files.readString(doc, StandardCharsets.UTF_8);
            Matcher m = LINK.matcher(text);
            while (m.find()) {
                String target = m.group(1);
                if (target.startsWith("http://") || target.startsWith("https://") || target.startsWith("mailto:")) {
                    continue;
                }
                String file = target.contains("#") ? target.substring(0, target.indexOf('#')) : target;
                String anchor = target.contains("#") ? target.substring(target.indexOf('#') + 1) : null;
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!resolved.startsWith(root)) {
                    broken.add(root.relativize(doc) + ": " + target + " leaves the repository");
                } else if (!Files.exists(resolved)) {
                    broken.add(root.relativize(doc) + ": " + target + " does not exist");
                } else if (anchor != null && resolved.toString().endsWith(".md")
                        && !anchors(Files.readString(resolved, StandardCharsets.UTF_8)).contains(anchor)) {
                    broken.add(root.relativize(doc) + ": " + target + " names no heading");
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void should_describe_no_module_as_planned_and_list_every_module() throws IOException {
        Path root = root();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        String pom = Files.readString(root.resolve("pom.xml"), StandardCharsets.UTF_8);
        String modules = readme.substring(readme.indexOf("## Modules"), readme.indexOf("\n## ",
                readme.indexOf("## Modules") + 3));

        assertThat(modules.toLowerCase(Locale.ROOT)).doesNotContain("planned").doesNotContain("not yet");
        Matcher m = Pattern.compile("<module>([^<]+)</module>").matcher(pom);
        while (m.find()) {
            assertThat(modules).as("the modules table lists " + m.group(1)).contains("`" + m.group(1) + "`");
        }
    }

    @Test
    void should_hold_the_samples_the_readme_uses() throws IOException {
        Path root = root();
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("samples/[A-Za-z0-9._-]+").matcher(readme);
        int named = 0;
        while (m.find()) {
            named++;
            assertThat(root.resolve(m.group())).as(m.group()).isRegularFile();
        }
        assertThat(named).isGreaterThanOrEqualTo(3);
    }

    /** GitHub's anchors of a Markdown document's headings. */
    private static List<String> anchors(String markdown) {
        List<String> out = new ArrayList<>();
        Matcher h = HEADING.matcher(markdown);
        while (h.find()) {
            out.add(h.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return out;
    }
}
