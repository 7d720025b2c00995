package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.errorprone.VisitorState;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.BlockTree;
import com.sun.source.tree.ExpressionStatementTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.model.JvmLifetimeApi;
import io.github.deferlint.checks.model.JvmLifetimeApi.Kind;
import io.github.deferlint.checks.model.JvmLifetimeApi.LifetimeRegistration;
import io.github.deferlint.checks.util.Variables;
import java.util.Optional;
import java.util.function.BiFunction;
import javax.lang.model.element.ElementKind;
import javax.lang.model.element.Modifier;
import javax.lang.model.type.TypeKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * What the code around a registration that lasts until the JVM exits says about it (for
 * JvmLifetimeRegistration, whose rule asks these before {@link Repetition}): whether it keeps one
 * thing however often it runs, is the last resort after a failed deletion, or is undone by its own
 * class; and, for the message and the fix, whether a {@code finally} deletes the file anyway and
 * whether the file is a directory.
 */
public final class ExitRegistrations {
  private ExitRegistrations() {}

  /**
   * Whether the registration at {@code state.getPath()} needs no change however often it runs: it
   * keeps the same thing every time, runs only when deleting the file just failed, or its class
   * undoes it.
   */
  public static boolean harmless(
      LifetimeRegistration registration, JvmLifetimeApi api, VisitorState state) {
    return keptOnce(registration, state)
        || lastResortAfterFailedDelete(registration, state)
        || undoneByTheClass(registration, api, state);
  }

  /**
   * Whether the registration keeps the same thing however often it is made: {@code deleteOnExit} of
   * a path that is the same on every run is kept once, in a set; a hook held in a {@code static
   * final} field is one thread, which the JVM refuses to register twice.
   */
  private static boolean keptOnce(LifetimeRegistration registration, VisitorState state) {
    return switch (registration.kind()) {
      case DELETE_ON_EXIT -> InvariantValues.sameOnEveryRun(registration.kept(), state.getPath());
      case SHUTDOWN_HOOK ->
          registration.kept() != null
              && getSymbol(stripParentheses(registration.kept())) instanceof VarSymbol field
              && field.getKind() == ElementKind.FIELD
              && field.isStatic()
              && field.getModifiers().contains(Modifier.FINAL);
      default -> false;
    };
  }

  /**
   * Whether the {@code deleteOnExit} runs only when deleting the file right away just failed (see
   * {@link FailedDeletion#lastResort}).
   */
  private static boolean lastResortAfterFailedDelete(
      LifetimeRegistration registration, VisitorState state) {
    return registration.kind() == Kind.DELETE_ON_EXIT
        && registration.kept() != null
        && FailedDeletion.lastResort(registration.kept(), state.getPath(), state);
  }

  /**
   * Whether the class undoes the registration: removes the hook it adds, from what holds it, or
   * gives what a method named by the flag returned back to its type's {@code remove...} method, or,
   * for one that returns nothing, what it was given (Hadoop's {@code
   * ShutdownHookManager.removeShutdownHook(this)}).
   */
  private static boolean undoneByTheClass(
      LifetimeRegistration registration, JvmLifetimeApi api, VisitorState state) {
    ExpressionTree kept = registration.kept(); // For addShutdownHook, the thread.
    if (registration.kind() == Kind.SHUTDOWN_HOOK && kept != null) {
      return PairedRemoval.removedInClass(kept, state.getPath(), api::removedHook, state);
    }
    if (registration.kind() != Kind.USER_DECLARED) {
      return false;
    }
    MethodSymbol method = getSymbol(registration.call());
    BiFunction<MethodInvocationTree, VisitorState, Optional<ExpressionTree>> removal =
        (call, unused) -> JvmLifetimeApi.removedByItsType(call, method);
    if (method.getReturnType().getKind() == TypeKind.VOID) {
      return kept != null && PairedRemoval.removedInClass(kept, state.getPath(), removal, state);
    }
    return PairedRemoval.resultRemovedInClass(state.getPath(), removal, state);
  }

  /**
   * The {@code finally} that deletes the file anyway, when the registration is a statement of its
   * own on an effectively final local: then removing it is safe, the fix offered.
   */
  public static Optional<BlockTree> deletedInFinally(
      LifetimeRegistration registration, VisitorState state) {
    TreePath statement = state.getPath().getParentPath();
    Symbol file = registration.kept() == null ? null : getSymbol(registration.kept());
    if (registration.kind() != Kind.DELETE_ON_EXIT
        || !(statement.getLeaf() instanceof ExpressionStatementTree)
        || file == null
        || !Variables.isLocal(file)
        || !ASTHelpers.isConsideredFinal(file)) {
      return Optional.empty();
    }
    return FinallyCleanup.after(statement, tree -> JvmLifetimeApi.deletesNow(tree, file, state))
        // Used after the finally, the file may be made again; deleteOnExit deletes that one.
        .filter(
            finallyBlock ->
                !Variables.usedAfter(file, state.getEndPosition(finallyBlock), body(state)));
  }

  /**
   * Whether {@code file} is a directory: a temporary one, made right there or by its local's
   * initializer, or one the body around makes ({@code dir.mkdirs()}, {@code
   * Files.createDirectories(dir.toPath())}).
   */
  public static boolean isDirectory(ExpressionTree file, VisitorState state) {
    if (JvmLifetimeApi.makesTemporaryDirectory(file)) {
      return true;
    }
    Symbol variable = JvmLifetimeApi.fileVariable(file);
    if (variable == null) {
      return false;
    }
    if (Variables.isLocal(variable)
        && JvmLifetimeApi.makesTemporaryDirectory(
            ControlFlow.localInitializer(variable, state.getPath()))) {
      return true;
    }
    Tree body = body(state);
    boolean[] made = {false};
    if (body != null) {
      new TreeScanner<Void, Void>() {
        @Override
        public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
          made[0] |= JvmLifetimeApi.makesDirectory(call, variable);
          return made[0] ? null : super.visitMethodInvocation(call, null);
        }
      }.scan(body, null);
    }
    return made[0];
  }

  private static @Nullable Tree body(VisitorState state) {
    TreePath body = ControlFlow.enclosingBody(state.getPath());
    return body == null ? null : body.getLeaf();
  }
}
