package dev.imagegen4j.spi;

/** A second provider claiming the id {@code fake}; registered only by the duplicate-id test. */
public class OtherFakeProvider extends FakeProvider {
}
