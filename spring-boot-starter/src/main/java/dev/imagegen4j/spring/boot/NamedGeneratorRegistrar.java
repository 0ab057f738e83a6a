package dev.imagegen4j.spring.boot;

import dev.imagegen4j.ImageGenerator;
import dev.imagegen4j.config.ImageGenConfig;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.AutowireCandidateQualifier;
import org.springframework.beans.factory.support.BeanDefinitionRegistry;
import org.springframework.beans.factory.support.BeanDefinitionRegistryPostProcessor;
import org.springframework.beans.factory.support.RootBeanDefinition;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Registers one {@code ImageGenerator} bean per generator and route of the configuration, named and qualified by
 * its name ({@code @Qualifier("backup") ImageGenerator}), each only injected where asked for by name (not a default
 * candidate), so that the unqualified {@code ImageGenerator} is the configuration's default. A bean the application
 * already defines under the same name wins.
 */
final class NamedGeneratorRegistrar implements BeanDefinitionRegistryPostProcessor, EnvironmentAware {

    private static final Logger LOG = LoggerFactory.getLogger(NamedGeneratorRegistrar.class);

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanDefinitionRegistry(BeanDefinitionRegistry registry) {
        if (!ApplicationConfigTree.isConfigured(environment)) {
            return;
        }
        BeanFactory beans = (BeanFactory) registry;
        for (String name : names()) {
            if (registry.containsBeanDefinition(name)) {
                LOG.info("imagegen4j: the application defines a bean named '{}'; no generator bean registered under it",
                        name);
                continue;
            }
            RootBeanDefinition def = new RootBeanDefinition(ImageGenerator.class,
                    () -> beans.getBean(ImageGeneratorRegistry.class).generator(name));
            def.addQualifier(new AutowireCandidateQualifier(Qualifier.class, name));
            def.setDefaultCandidate(false);
            def.setDestroyMethodName(""); // the registry closes it
            def.setDescription("imagegen4j generator or route '" + name + "'");
            registry.registerBeanDefinition(name, def);
        }
    }

    private Set<String> names() {
        if (ApplicationConfigTree.configFile(environment).isPresent()) {
            ImageGenConfig c = ApplicationConfigTree.load(environment, getClass().getClassLoader());
            Set<String> names = new LinkedHashSet<>(c.generatorNames());
            names.addAll(c.routeNames());
            return names;
        }
        Map<String, Object> tree = ApplicationConfigTree.read(environment, getClass().getClassLoader());
        Set<String> names = new LinkedHashSet<>();
        for (String section : new String[] {"generators", "routes"}) {
            if (tree.get(section) instanceof Map<?, ?> m) {
                m.keySet().forEach(k -> names.add(k.toString()));
            }
        }
        return names;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
    }
}
