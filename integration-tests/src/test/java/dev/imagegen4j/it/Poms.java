package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The project's POM files as written (not the effective model): the reactor, its modules and their metadata. */
final class Poms {

    /** One POM file. */
    record Pom(Path dir, Element project) {

        String artifactId() {
            return text(project, "artifactId").orElseThrow();
        }

        Optional<String> version() {
            return text(project, "version");
        }

        String packaging() {
            return text(project, "packaging").orElse("jar");
        }

        Optional<String> property(String name) {
            return child(project, "properties").flatMap(p -> text(p, name));
        }

        boolean deployed() {
            return !property("maven.deploy.skip").map(Boolean::parseBoolean).orElse(false);
        }

        Optional<Element> element(String name) {
            return child(project, name);
        }

        /** groupId:artifactId of the dependencies (not dependencyManagement) with the given scopes. */
        List<String> dependencies(List<String> scopes) {
            List<String> result = new ArrayList<>();
            for (Element d : child(project, "dependencies").map(e -> children(e, "dependency")).orElse(List.of())) {
                if (scopes.contains(text(d, "scope").orElse("compile"))) {
                    result.add(text(d, "groupId").orElseThrow() + ":" + text(d, "artifactId").orElseThrow());
                }
            }
            return result;
        }
    }

    private Poms() {
    }

    /** The root of the source tree (the tests run in integration-tests/). */
    static Path root() {
        Path root = Path.of("..").toAbsolutePath().normalize();
        assertThat(read(root.resolve("pom.xml")).artifactId()).isEqualTo("imagegen4j-parent");
        return root;
    }

    static Pom parent() {
        return read(root().resolve("pom.xml"));
    }

    /** The modules of the reactor by artifactId, in the order of the parent's modules. */
    static Map<String, Pom> modules() {
        Map<String, Pom> modules = new LinkedHashMap<>();
        for (Element m : children(parent().element("modules").orElseThrow(), "module")) {
            Pom pom = read(root().resolve(m.getTextContent().strip()).resolve("pom.xml"));
            modules.put(pom.artifactId(), pom);
        }
        return modules;
    }

    static Pom read(Path file) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Element project = f.newDocumentBuilder().parse(Files.newInputStream(file)).getDocumentElement();
            return new Pom(file.getParent(), project);
        } catch (Exception e) {
            throw new AssertionError("cannot read " + file + ": " + e, e);
        }
    }

    static Optional<Element> child(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    static List<Element> children(Element parent, String name) {
        List<Element> result = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                result.add((Element) n);
            }
        }
        return result;
    }

    static Optional<String> text(Element parent, String name) {
        return child(parent, name).map(e -> e.getTextContent().strip()).filter(s -> !s.isEmpty());
    }
}
