package dev.imagegen4j.azure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.imagegen4j.testkit.EmulatorExtension;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** azure-identity is optional: the module must work, and say what is missing, without any com.azure class. */
class WithoutAzureIdentityTest {

    @RegisterExtension
    static final EmulatorExtension EMULATOR = EmulatorExtension.create(b -> b.azureDeployment("img2", "gpt-image-2"));

    @Test
    @SuppressWarnings("unchecked")
    void should_work_with_api_keys_and_token_suppliers_when_azure_identity_is_absent() throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<URL> urls = new ArrayList<>();
        int removed = 0;
        for (String entry : classPath.split(File.pathSeparator)) {
            String e = entry.replace('\\', '/');
            if (e.contains("/com/azure/") || e.contains("/com/microsoft/") || e.contains("/io/projectreactor/")) {
                removed++;
                continue;
            }
            urls.add(new File(entry).toURI().toURL());
        }
        assertThat(removed).as("azure jars found on the test class path").isPositive();

        try (URLClassLoader isolated = new URLClassLoader(urls.toArray(new URL[0]),
                ClassLoader.getPlatformClassLoader())) {
            Function<String, String> probe = (Function<String, String>) Class
                    .forName(NoAzureProbe.class.getName(), true, isolated).getDeclaredConstructor().newInstance();
            assertThat(probe.getClass().getClassLoader()).isSameAs(isolated);
            ClassLoader previous = Thread.currentThread().getContextClassLoader();
            Thread.currentThread().setContextClassLoader(isolated);
            try {
                assertThat(probe.apply(EMULATOR.emulator().baseUrl())).isEqualTo("generated img2; token azure; "
                        + "entra-id: setting 'entra-id: true' needs com.azure:azure-identity on the class path (add "
                        + "the dependency com.azure:azure-identity), or use 'api-key' or 'ad-token'");
            } finally {
                Thread.currentThread().setContextClassLoader(previous);
            }
        }
    }
}
