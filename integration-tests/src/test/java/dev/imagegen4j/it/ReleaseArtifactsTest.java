package dev.imagegen4j.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.it.Poms.Pom;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/**
 * What a release deploys, read from the POM files: the BOM lists exactly the deployed modules, examples and tests are
 * never deployed, and every deployed POM carries the metadata Maven Central's rules ask for (name, description, url,
 * licence, developers, SCM).
 */
class ReleaseArtifactsTest {

    private static final String GROUP = "dev.imagegen4j";

    private static Set<String> deployedJars() {
        return Poms.modules().values().stream().filter(Pom::deployed).filter(p -> !p.packaging().equals("pom"))
                .map(Pom::artifactId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Pom bom() {
        return Poms.modules().get("imagegen4j-bom");
    }

    @Test
    void should_list_every_deployed_module_in_the_bom_and_nothing_else() {
        Element managed = Poms.child(bom().element("dependencyManagement").orElseThrow(), "dependencies").orElseThrow();
        Set<String> listed = new TreeSet<>();
        for (Element d : Poms.children(managed, "dependency")) {
            assertThat(Poms.text(d, "groupId")).contains(GROUP);
            assertThat(Poms.text(d, "version")).as("version of " + d.getTextContent()).contains("${project.version}");
            assertThat(Poms.text(d, "scope")).as("no scope: the application chooses").isEmpty();
            listed.add(Poms.text(d, "artifactId").orElseThrow());
        }

        assertThat(listed).as("bom/pom.xml lists every deployed module (a module is deployed unless it sets "
                + "maven.deploy.skip)").isEqualTo(deployedJars());
    }

    @Test
    void should_never_deploy_examples_benchmarks_or_tests() {
        Map<String, Pom> modules = Poms.modules();
        for (String notDeployed : List.of("imagegen4j-examples", "imagegen4j-examples-spring-boot",
                "imagegen4j-benchmarks", "imagegen4j-integration-tests")) {
            assertThat(modules.get(notDeployed)).as(notDeployed).isNotNull();
            assertThat(modules.get(notDeployed).deployed()).as(notDeployed + " sets maven.deploy.skip").isFalse();
        }
        assertThat(deployedJars()).contains("imagegen4j-api", "imagegen4j-provider-openai", "imagegen4j-cli");
    }

    @Test
    void should_depend_at_run_time_only_on_modules_that_are_deployed_when_deployed() {
        Set<String> deployed = deployedJars();
        for (Pom pom : Poms.modules().values()) {
            if (!pom.deployed()) {
                continue;
            }
            for (String dep : pom.dependencies(List.of("compile", "runtime", "provided"))) {
                if (dep.startsWith(GROUP + ":")) {
                    assertThat(deployed).as(pom.artifactId() + " depends on " + dep).contains(dep.substring(GROUP.length() + 1));
                }
            }
        }
    }

    @Test
    void should_give_every_deployed_pom_the_metadata_maven_central_requires() {
        Pom parent = Poms.parent();
        assertMetadata(parent);
        assertThat(parent.project().getAttribute("child.project.url.inherit.append.path"))
                .as("modules inherit the project url as it is, not url/artifactId").isEqualTo("false");
        Element scm = parent.element("scm").orElseThrow();
        for (String part : List.of("connection", "developerConnection", "url")) {
            assertThat(scm.getAttribute("child.scm." + part + ".inherit.append.path")).as("scm " + part).isEqualTo("false");
        }

        Pom bom = bom();
        assertThat(bom.element("parent")).as("the BOM has no parent: it would import the parent's "
                + "dependencyManagement (Jackson, JUnit, ...) into applications").isEmpty();
        assertThat(bom.version()).isEqualTo(parent.version());
        assertMetadata(bom);
        for (String same : List.of("url", "licenses", "developers", "scm", "organization", "issueManagement")) {
            assertThat(normalized(bom.element(same).orElseThrow())).as("the BOM's " + same + " is the parent's")
                    .isEqualTo(normalized(parent.element(same).orElseThrow()));
        }

        for (Pom module : Poms.modules().values()) {
            if (module.deployed()) {
                assertThat(Poms.text(module.project(), "name")).as("name of " + module.artifactId()).isPresent();
                assertThat(Poms.text(module.project(), "description")).as("description of " + module.artifactId())
                        .isPresent();
                java.util.Optional<String> version = module.element("parent")
                        .map(p -> Poms.text(p, "version").orElseThrow()).or(module::version);
                assertThat(version).as("version of " + module.artifactId()).isEqualTo(parent.version());
            }
        }
    }

    private static void assertMetadata(Pom pom) {
        String what = pom.artifactId();
        assertThat(Poms.text(pom.project(), "name")).as("name of " + what).isPresent();
        assertThat(Poms.text(pom.project(), "description")).as("description of " + what).isPresent();
        assertThat(Poms.text(pom.project(), "url")).as("url of " + what).hasValueSatisfying(u -> assertThat(u).startsWith("https://"));
        List<Element> licenses = Poms.children(pom.element("licenses").orElseThrow(), "license");
        assertThat(licenses).hasSize(1);
        assertThat(Poms.text(licenses.get(0), "name")).contains("Apache License, Version 2.0");
        assertThat(Poms.text(licenses.get(0), "url")).contains("https://www.apache.org/licenses/LICENSE-2.0.txt");
        List<Element> developers = Poms.children(pom.element("developers").orElseThrow(), "developer");
        assertThat(developers).isNotEmpty().allSatisfy(d -> assertThat(Poms.text(d, "name")).isPresent());
        Element scm = pom.element("scm").orElseThrow();
        for (String part : List.of("connection", "developerConnection", "url")) {
            assertThat(Poms.text(scm, part)).as("scm " + part + " of " + what).isPresent();
        }
        assertThat(Poms.text(scm, "connection").orElseThrow()).startsWith("scm:git:");
    }

    private static String normalized(Element e) {
        return e.getTextContent().replaceAll("\\s+", " ").strip();
    }
}
