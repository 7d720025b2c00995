package io.github.deferlint.checks.model;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.tools.javac.code.Symbol;
import io.github.deferlint.checks.util.Sources;
import java.util.Optional;

/**
 * The JDK's calls that end the JVM where they stand: {@code System.exit}, {@code Runtime.exit} and
 * {@code Runtime.halt}. None of them returns, and no {@code finally}, no try-with-resources and no
 * deferred action runs after them; they differ in what the JVM still runs on its way out.
 */
public final class JvmExits {

  /** How a call ends the JVM. */
  public enum Ending {
    /** {@code System.exit}, {@code Runtime.exit}: the shutdown hooks run, then the JVM ends. */
    EXIT("System.exit", "shutdown hooks do run"),
    /** {@code Runtime.halt}: the JVM ends at once, shutdown hooks and all skipped. */
    HALT("Runtime.halt", "not even shutdown hooks run");

    private final String method;
    private final String hooks;

    Ending(String method, String hooks) {
      this.method = method;
      this.hooks = hooks;
    }

    /** The JDK method, for the remedy: "call {@code System.exit} after the scope ended". */
    public String method() {
      return method;
    }

    /** What still runs on the way out: "shutdown hooks do run". */
    public String hooks() {
      return hooks;
    }

    /** The weaker of two endings: a body that may exit or halt runs the hooks on some paths. */
    public Ending or(Ending other) {
      return this == EXIT || other == EXIT ? EXIT : HALT;
    }
  }

  private static final ImmutableSet<String> NAMES = ImmutableSet.of("exit", "halt");

  private static final Matcher<ExpressionTree> EXIT =
      MethodMatchers.anyMethod().onClass("java.lang.System").named("exit").withParameters("int");

  private static final Matcher<ExpressionTree> RUNTIME_EXIT =
      MethodMatchers.instanceMethod()
          .onDescendantOf("java.lang.Runtime")
          .named("exit")
          .withParameters("int");

  private static final Matcher<ExpressionTree> HALT =
      MethodMatchers.instanceMethod()
          .onDescendantOf("java.lang.Runtime")
          .named("halt")
          .withParameters("int");

  private JvmExits() {}

  /**
   * Whether {@code unit} may call one of the JDK's exits, by its text alone: false means that no
   * call in it ends the JVM, whatever it resolves to.
   */
  public static boolean mayBeCalledIn(CompilationUnitTree unit) {
    return Sources.mayName(unit, "exit", "halt");
  }

  /**
   * How {@code call} (a call or a method reference) ends the JVM, if it is one of the JDK's calls
   * that do.
   */
  public static Optional<Ending> endingOf(ExpressionTree call, VisitorState state) {
    Symbol method = getSymbol(call);
    if (method == null || !NAMES.contains(method.getSimpleName().toString())) {
      return Optional.empty(); // The cheap first test: helpers' bodies are scanned with it.
    }
    if (EXIT.matches(call, state) || RUNTIME_EXIT.matches(call, state)) {
      return Optional.of(Ending.EXIT);
    }
    return HALT.matches(call, state) ? Optional.of(Ending.HALT) : Optional.empty();
  }
}
