package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.it.Poms.Pom;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The README's dependency snippet and first Java snippet, as a user copies them: a new Maven project whose pom holds
 * the snippet (the BOM and {@code imagegen4j-provider-openai}) compiles the Java snippet against a local repository
 * into which this build's artifacts were installed (their POMs and jars copied in the repository layout, which is what
 * {@code mvn install} does), and nothing else.
 *
 * <p>No network: every other artifact (Jackson, SLF4J, the compiler plugin...) comes from the local repository of
 * this build through a {@code file:} mirror of everything. The reactor that runs this test has just resolved all of
 * them, as the tiny project uses the reactor's plugin versions; so the check is reliable offline and in CI.
 */
class ReadmeSnippetIT {

    private static final Pattern FENCE = Pattern.compile("```(\\w+)\\n(.*?)\\n```", Pattern.DOTALL);

    @TempDir
    Path dir;

    private static String readme() throws Exception {
        return Files.readString(Poms.root().resolve("README.md"), StandardCharsets.UTF_8);
    }

    /** The first fenced block of {@code language} that contains {@code marker}. */
    private static String block(String readme, String language, String marker) {
        Matcher m = FENCE.matcher(readme);
        while (m.find()) {
            if (m.group(1).equals(language) && m.group(2).contains(marker)) {
                return m.group(2);
            }
        }
        throw new AssertionError("README.md has no ```" + language + " block with " + marker);
    }

    @Test
    void should_compile_the_first_java_snippet_with_the_readme_dependencies_from_a_local_install() throws Exception {
        String readme = readme();
        String dependencies = block(readme, "xml", "<artifactId>imagegen4j-bom</artifactId>");
        String java = block(readme, "java", "");
        Pom parent = Poms.parent();
        String version = parent.version().orElseThrow();
        assertThat(dependencies).as("the README's BOM version is the version this checkout builds")
                .contains("<version>" + version + "</version>");

        Path repo = dir.resolve("repository");
        install(repo, dependencies);
        Path project = Files.createDirectories(dir.resolve("app"));
        Files.writeString(project.resolve("pom.xml"), appPom(parent, dependencies));
        Path source = Files.createDirectories(project.resolve("src/main/java/readme")).resolve("ReadmeSnippet.java");
        Files.writeString(source, "package readme;\n\n"
                + "import dev.imagegen4j.*;\nimport dev.imagegen4j.spi.*;\nimport java.nio.file.*;\n\n"
                + "class ReadmeSnippet {\n    void run() throws Exception {\n" + java + "\n    }\n}\n");
        Files.writeString(dir.resolve("settings.xml"), "<settings><mirrors><mirror><id>this-build</id>"
                + "<mirrorOf>*</mirrorOf><url>" + Path.of(System.getProperty("imagegen.local.repository")).toUri()
                + "</url></mirror></mirrors></settings>\n");

        Path mvn = Path.of(System.getProperty("imagegen.maven.home"), "bin", "mvn");
        ProcessBuilder pb = new ProcessBuilder(mvn.toString(), "-B", "-q", "-s", dir.resolve("settings.xml").toString(),
                "-Dmaven.repo.local=" + repo, "compile").directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mvn.log").toFile());
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().remove("MAVEN_OPTS");
        Process p = pb.start();
        assertThat(p.waitFor(300, TimeUnit.SECONDS)).as("mvn compile finished within 300 s").isTrue();
        String log = Files.readString(dir.resolve("mvn.log"));

        assertThat(p.exitValue()).as(log).isZero();
        assertThat(project.resolve("target/classes/readme/ReadmeSnippet.class")).exists();
        assertThat(repo.resolve("dev/imagegen4j/imagegen4j-api/" + version)).as("api came in through provider-openai")
                .isDirectory();
    }

    /** The tiny project: the README's dependency snippet, Java 17, the reactor's compiler and resources plugins. */
    private static String appPom(Pom parent, String dependencies) {
        Element plugins = Poms.child(parent.element("build").orElseThrow(), "pluginManagement")
                .flatMap(pm -> Poms.child(pm, "plugins")).orElseThrow();
        StringBuilder pinned = new StringBuilder();
        for (Element plugin : Poms.children(plugins, "plugin")) {
            String id = Poms.text(plugin, "artifactId").orElseThrow();
            if (id.equals("maven-compiler-plugin") || id.equals("maven-resources-plugin")) {
                pinned.append("<plugin><groupId>org.apache.maven.plugins</groupId><artifactId>").append(id)
                        .append("</artifactId><version>").append(Poms.text(plugin, "version").orElseThrow())
                        .append("</version></plugin>\n");
            }
        }
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>example</groupId>
                  <artifactId>readme-snippet</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                %s
                  <build><plugins>
                %s  </plugins></build>
                </project>
                """.formatted(dependencies, pinned);
    }

    /**
     * Installs the BOM, the parent and the modules the snippet names with their imagegen4j dependencies (compile and
     * runtime scope, transitively): each module's pom.xml and jar from target/.
     */
    private static void install(Path repo, String dependencies) throws Exception {
        Map<String, Pom> modules = Poms.modules();
        Pom parent = Poms.parent();
        String version = parent.version().orElseThrow();
        copy(Poms.root().resolve("pom.xml"), repo, "imagegen4j-parent", version, "pom");
        Set<String> installed = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>();
        Matcher named = Pattern.compile("<artifactId>(imagegen4j-[a-z0-9-]+)</artifactId>").matcher(dependencies);
        while (named.find()) {
            todo.add(named.group(1));
        }
        while (!todo.isEmpty()) {
            String artifactId = todo.pop();
            Pom pom = modules.get(artifactId);
            assertThat(pom).as("the README names " + artifactId + ", a module of this build").isNotNull();
            assertThat(pom.deployed()).as(artifactId + " is deployed").isTrue();
            if (!installed.add(artifactId)) {
                continue;
            }
            copy(pom.dir().resolve("pom.xml"), repo, artifactId, version, "pom");
            if (!pom.packaging().equals("pom")) {
                Path jar = pom.dir().resolve("target/" + artifactId + "-" + version + ".jar");
                assertThat(jar).as("built by this reactor before integration-tests").exists();
                copy(jar, repo, artifactId, version, "jar");
            }
            for (String dep : pom.dependencies(List.of("compile", "runtime"))) {
                if (dep.startsWith("dev.imagegen4j:")) {
                    todo.add(dep.substring("dev.imagegen4j:".length()));
                }
            }
        }
        assertThat(installed).contains("imagegen4j-bom", "imagegen4j-provider-openai", "imagegen4j-api");
    }

    private static void copy(Path file, Path repo, String artifactId, String version, String extension)
            throws Exception {
        Path target = repo.resolve("dev/imagegen4j/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                + "." + extension);
        Files.createDirectories(target.getParent());
        Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
    }
}
