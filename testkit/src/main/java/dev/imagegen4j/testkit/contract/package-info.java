/**
 * A provider contract test suite: {@link dev.imagegen4j.testkit.contract.ImageGeneratorContract} checks that an
 * {@code ImageGenerator} behaves as imagegen4j promises (generation, masked edits, streaming or its documented
 * absence, fan-out, error mapping, request ids, usage, secrecy) against the emulator over real HTTP. Extend it
 * in a provider's tests. Needs {@code imagegen4j-api} and JUnit Jupiter on the test class path.
 */
package dev.imagegen4j.testkit.contract;
