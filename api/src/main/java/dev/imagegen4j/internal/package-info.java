/**
 * Implementation details shared by imagegen4j modules. Not an API: anything here may change in any
 * release.
 */
package dev.imagegen4j.internal;
