package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isSubtype;

import com.google.common.collect.ImmutableList;
import com.google.errorprone.VisitorState;
import com.google.errorprone.suppliers.Supplier;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.CatchTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TryTree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Type;
import com.sun.tools.javac.code.Type.UnionClassType;
import com.sun.tools.javac.code.Types;
import com.sun.tools.javac.util.Name;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/** Where checked exceptions may be thrown, for fixes that add code that throws. */
public final class Exceptions {
  private Exceptions() {}

  /**
   * Whether every checked exception that {@code type}'s {@code close()} declares would be handled
   * at {@code path}: caught by a {@code try} around it, or declared by the method or lambda it is
   * in. A {@code try (T it = ...)} inserted there then compiles.
   */
  public static boolean closeThrowsOnlyHandled(Type type, TreePath path, VisitorState state) {
    MethodSymbol close = null;
    for (Symbol member :
        state.getTypes().membersClosure(type, false).getSymbolsByName(CLOSE.get(state))) {
      if (member instanceof MethodSymbol method
          && !method.isStatic()
          && method.getParameters().isEmpty()
          && (close == null || isSubtype(method.owner.type, close.owner.type, state))) {
        close = method;
      }
    }
    if (close == null) {
      return false;
    }
    return handledAt(close.getThrownTypes(), path, state, lambda -> false);
  }

  /**
   * Whether every checked exception in {@code thrown}, thrown by code moved to {@code path}, would
   * be handled there: caught by a {@code try} around it, or declared by the method or lambda it is
   * in. A lambda that {@code passesOn} (a scope body whose opener rethrows what the body throws)
   * hands them on to the code around its opener instead.
   */
  public static boolean handledAt(
      List<? extends Type> thrown,
      TreePath path,
      VisitorState state,
      Predicate<TreePath> passesOn) {
    return thrown.stream()
        .allMatch(type -> !isChecked(type, state) || handledAt(type, path, state, passesOn));
  }

  private static boolean isChecked(Type thrown, VisitorState state) {
    return !isSubtype(thrown, state.getSymtab().runtimeExceptionType, state)
        && !isSubtype(thrown, state.getSymtab().errorType, state);
  }

  /** Whether {@code thrown}, thrown at {@code path}, is caught or declared around it. */
  private static boolean handledAt(
      Type thrown, TreePath path, VisitorState state, Predicate<TreePath> passesOn) {
    for (TreePath child = path; child.getParentPath() != null; child = child.getParentPath()) {
      Tree leaf = child.getParentPath().getLeaf();
      if (caughtAround(child, thrown, state)) {
        return true;
      }
      if (leaf instanceof MethodTree method) {
        return anySupertype(thrown, getSymbol(method).getThrownTypes(), state);
      }
      if (leaf instanceof LambdaExpressionTree lambda && !passesOn.test(child.getParentPath())) {
        return anySupertype(thrown, lambdaThrows(lambda, state), state);
      }
      if (leaf instanceof ClassTree) {
        return false;
      }
    }
    return false;
  }

  /**
   * Whether {@code thrown}, thrown at {@code path}, is caught by a {@code try} around it that lies
   * inside {@code region}: a {@code catch} takes it whatever its run-time class.
   */
  public static boolean caughtWithin(Type thrown, TreePath path, Tree region, VisitorState state) {
    for (TreePath child = path;
        child.getParentPath() != null && child.getLeaf() != region;
        child = child.getParentPath()) {
      if (caughtAround(child, thrown, state)) {
        return true;
      }
    }
    return false;
  }

  /** Whether a {@code try} whose block or resources are {@code child} catches {@code thrown}. */
  private static boolean caughtAround(TreePath child, Type thrown, VisitorState state) {
    return child.getParentPath().getLeaf() instanceof TryTree attempt
        && (child.getLeaf() == attempt.getBlock()
            || attempt.getResources().contains(child.getLeaf()))
        && attempt.getCatches().stream().anyMatch(c -> catches(c, thrown, state));
  }

  private static boolean catches(CatchTree handler, Type thrown, VisitorState state) {
    Type caught = getType(handler.getParameter());
    List<? extends Type> alternatives =
        caught instanceof UnionClassType union
            ? ImmutableList.copyOf(union.getAlternativeTypes())
            : caught == null ? ImmutableList.of() : ImmutableList.of(caught);
    return anySupertype(thrown, alternatives, state);
  }

  private static List<Type> lambdaThrows(LambdaExpressionTree lambda, VisitorState state) {
    Type type = getType(lambda);
    if (type == null) {
      return List.of();
    }
    try {
      return state.getTypes().findDescriptorType(type).getThrownTypes();
    } catch (Types.FunctionDescriptorLookupError e) {
      return List.of();
    }
  }

  private static boolean anySupertype(
      Type thrown, List<? extends Type> declared, VisitorState state) {
    return declared.stream().anyMatch(d -> isSubtype(thrown, d, state));
  }

  /**
   * How many checked exception types leave {@code body}, counting only the most general of related
   * ones: an opener's body type infers and rethrows a single one.
   */
  public static int checkedTypesThrown(Tree body, VisitorState state) {
    return outermostChecked(ASTHelpers.getThrownExceptions(body, state), state).size();
  }

  /** The checked types among {@code thrown}, leaving out those that are subtypes of others. */
  public static List<Type> outermostChecked(Collection<? extends Type> thrown, VisitorState state) {
    Type runtime = state.getSymtab().runtimeExceptionType;
    Type error = state.getSymtab().errorType;
    List<Type> outermost = new ArrayList<>();
    for (Type type : thrown) {
      if (isSubtype(type, runtime, state)
          || isSubtype(type, error, state)
          || outermost.stream().anyMatch(known -> isSubtype(type, known, state))) {
        continue;
      }
      outermost.removeIf(known -> isSubtype(known, type, state));
      outermost.add(type);
    }
    return outermost;
  }

  private static final Supplier<Name> CLOSE = VisitorState.memoize(state -> state.getName("close"));
}
