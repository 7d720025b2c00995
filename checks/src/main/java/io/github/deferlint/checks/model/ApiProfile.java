package io.github.deferlint.checks.model;

import com.google.common.collect.ImmutableSet;
import com.google.common.collect.Interner;
import com.google.common.collect.Interners;
import com.google.common.collect.Sets;
import com.google.errorprone.ErrorProneFlags;

/**
 * One deferral API, by the names of its types and methods. The model knows two out of the box and
 * one more that the flags describe; an API whose types are not on the class path is simply never
 * seen.
 *
 * <p>Equal profiles are one object: every check makes its own from the same flags, and the model
 * compares profiles by identity (comparing the record's seven sets costs more than what it guards).
 *
 * @param scopeTypes types whose instances are scopes
 * @param openerTypes classes whose static methods run a lambda with a fresh scope as its first
 *     parameter
 * @param resultTypes named results, with {@code get()} and {@code set(T)}
 * @param factories static methods that return a fresh scope, as {@code pkg.Type.method}, for a
 *     scope held in a local and closed at the end of a {@code try}
 * @param deferMethods scope methods that register an action (first argument), the other arguments
 *     evaluated now
 * @param closingMethods scope methods that register a resource's {@code close()}; given a function
 *     written inline ({@code register(() -> ...)}, {@code register(in::close)}), they defer it
 * @param recoverMethods scope methods that recover
 */
record ApiProfile(
    ImmutableSet<String> scopeTypes,
    ImmutableSet<String> openerTypes,
    ImmutableSet<String> resultTypes,
    ImmutableSet<String> factories,
    ImmutableSet<String> deferMethods,
    ImmutableSet<String> closingMethods,
    ImmutableSet<String> recoverMethods) {

  private static final String DEFERLINT = "io.github.deferlint.defer.";
  private static final Interner<ApiProfile> PROFILES = Interners.newWeakInterner();

  /** {@code io.github.deferlint.defer}, with the names the flags add. */
  static ApiProfile deferlint(ErrorProneFlags flags) {
    return PROFILES.intern(
        new ApiProfile(
            withFlag(flags, Flags.SCOPE_TYPES, DEFERLINT + "Scope"),
            withFlag(flags, Flags.OPENER_TYPES, DEFERLINT + "Defer"),
            withFlag(flags, Flags.RESULT_TYPES, DEFERLINT + "Result"),
            withFlag(flags, Flags.SCOPE_FACTORIES),
            withFlag(flags, Flags.DEFER_METHODS, "defer"),
            withFlag(flags, Flags.CLOSING_METHODS, "closing"),
            withFlag(flags, Flags.RECOVER_METHODS, "recover")));
  }

  /**
   * Guava's {@code com.google.common.io.Closer}: created by {@code Closer.create()}, closed at the
   * end of a {@code try}, {@code register} returns what it registers.
   */
  static final ApiProfile GUAVA_CLOSER =
      new ApiProfile(
          ImmutableSet.of("com.google.common.io.Closer"),
          ImmutableSet.of(),
          ImmutableSet.of(),
          ImmutableSet.of("com.google.common.io.Closer.create"),
          ImmutableSet.of(),
          ImmutableSet.of("register"),
          ImmutableSet.of());

  /** Every method name of the profile that registers or recovers: the cheap first test. */
  ImmutableSet<String> methodNames() {
    return Sets.union(Sets.union(deferMethods, closingMethods), recoverMethods).immutableCopy();
  }

  private static ImmutableSet<String> withFlag(
      ErrorProneFlags flags, String flag, String... defaults) {
    return ImmutableSet.<String>builder().add(defaults).addAll(flags.getSetOrEmpty(flag)).build();
  }
}
