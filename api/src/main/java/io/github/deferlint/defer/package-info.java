/**
 * Go's {@code defer}, {@code panic} and {@code recover} for Java.
 *
 * <p>{@link io.github.deferlint.defer.Defer} opens a scope around a body, the body registers
 * deferred actions on its {@link io.github.deferlint.defer.Scope}, and the actions run
 * last-in-first-out when the body ends, however it ends. The guide is {@code docs/api.md}.
 */
package io.github.deferlint.defer;
