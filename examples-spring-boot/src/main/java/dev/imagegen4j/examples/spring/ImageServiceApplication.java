package dev.imagegen4j.examples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A Spring Boot service that draws images through imagegen4j's starter: {@code POST /images} with
 * {@code {"prompt": "...", "size": "1024x1024", "quality": "low"}}. Generators and the route come from
 * {@code application.yml} ({@code imagegen4j:}); {@code /actuator/metrics/imagegen4j.calls},
 * {@code /actuator/health} and {@code /actuator/info} show what it does. Without {@code OPENAI_API_KEY} it runs
 * offline against an in-process emulator ({@link OfflineEmulator}).
 *
 * <pre>
 * mvn -q -pl examples-spring-boot -am package -DskipTests
 * java -jar ... or: mvn -q -pl examples-spring-boot spring-boot:run (with the plugin), or run this class
 * curl -s localhost:8080/images -H 'content-type: application/json' -d '{"prompt":"a lighthouse at dusk"}'
 * curl -s localhost:8080/actuator/metrics/imagegen4j.calls
 * </pre>
 */
@SpringBootApplication
public class ImageServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(ImageServiceApplication.class, args);
    }
}
