/**
 * The provider SPI: implement {@link dev.imagegen4j.spi.ImageGeneratorProvider} and register it in
 * {@code META-INF/services} to plug a vendor into imagegen4j. Everything here is non-null unless a
 * method says otherwise.
 */
package dev.imagegen4j.spi;
