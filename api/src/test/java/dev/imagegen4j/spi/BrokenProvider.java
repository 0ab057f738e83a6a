package dev.imagegen4j.spi;

import dev.imagegen4j.ImageGenerator;

/** A provider whose constructor fails; registered in test resources to show isolation. */
public class BrokenProvider implements ImageGeneratorProvider {

    public BrokenProvider() {
        throw new IllegalStateException("missing native library");
    }

    @Override
    public String id() {
        return "broken";
    }

    @Override
    public ImageGenerator create(ProviderSettings settings) {
        throw new AssertionError("never constructed");
    }
}
