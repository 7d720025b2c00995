package io.github.deferlint.checks.model;

import com.google.common.collect.ImmutableSet;

/**
 * The {@code -XepOpt:} flags the checks read, all of them: each names other APIs of a shape the
 * model knows. The lint runner rejects any other {@code Deferlint:} flag, so that a misspelt one
 * does not pass unnoticed.
 */
public final class Flags {
  /** Prefix of every flag of this plugin. */
  public static final String PREFIX = "Deferlint:";

  public static final String SCOPE_TYPES = PREFIX + "ScopeTypes";
  public static final String OPENER_TYPES = PREFIX + "OpenerTypes";
  public static final String RESULT_TYPES = PREFIX + "ResultTypes";
  public static final String SCOPE_FACTORIES = PREFIX + "ScopeFactories";
  public static final String DEFER_METHODS = PREFIX + "DeferMethods";
  public static final String CLOSING_METHODS = PREFIX + "ClosingMethods";
  public static final String RECOVER_METHODS = PREFIX + "RecoverMethods";

  /**
   * Methods that keep what they are given until the JVM exits, as {@code pkg.Type.method}: checked
   * by JvmLifetimeRegistration alongside {@code deleteOnExit} and {@code addShutdownHook}.
   */
  public static final String JVM_LIFETIME_METHODS = PREFIX + "JvmLifetimeMethods";

  /** Every flag above. */
  public static final ImmutableSet<String> ALL =
      ImmutableSet.of(
          SCOPE_TYPES,
          OPENER_TYPES,
          RESULT_TYPES,
          SCOPE_FACTORIES,
          DEFER_METHODS,
          CLOSING_METHODS,
          RECOVER_METHODS,
          JVM_LIFETIME_METHODS);

  private Flags() {}
}
