/**
 * One instrumentation point for every generator and route: {@link dev.imagegen4j.observe.ImageObservation#observe}
 * wraps an {@link dev.imagegen4j.ImageGenerator} so that an {@link dev.imagegen4j.observe.ImageObserver} sees each
 * logical call (start, attempts, retries, skips, failovers, bytes received, the result or the failure). The
 * Micrometer ({@code imagegen4j-micrometer}) and OpenTelemetry ({@code imagegen4j-opentelemetry}) modules implement
 * the observer; this package has no dependency of its own. {@link dev.imagegen4j.observe.ObservationNames} holds
 * the attribute and metric names both use.
 */
package dev.imagegen4j.observe;
