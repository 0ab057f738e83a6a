/**
 * The imagegen4j API: {@link dev.imagegen4j.ImageGenerator}, {@link dev.imagegen4j.ImageRequest},
 * {@link dev.imagegen4j.ImageResult}, the {@link dev.imagegen4j.ModelCatalog} and the exception
 * hierarchy rooted at {@link dev.imagegen4j.ImageGenerationException}.
 *
 * <p>Nullness: parameters and return values are non-null unless documented otherwise; absent values
 * are returned as {@link java.util.Optional}. Builder setters accept {@code null} to unset an option.
 */
package dev.imagegen4j;
