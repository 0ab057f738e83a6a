package dev.imagegen4j.spring.boot;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/** Matches when {@code imagegen4j.generators} or {@code imagegen4j.config-file} is set. */
final class OnImageGenConfiguredCondition extends SpringBootCondition {

    @Override
    public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
        return ApplicationConfigTree.isConfigured(context.getEnvironment())
                ? ConditionOutcome.match("imagegen4j.generators or imagegen4j.config-file is set")
                : ConditionOutcome.noMatch("neither imagegen4j.generators nor imagegen4j.config-file is set");
    }
}
