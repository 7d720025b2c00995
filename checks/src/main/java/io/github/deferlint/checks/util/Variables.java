package io.github.deferlint.checks.util;

import static com.google.errorprone.util.ASTHelpers.getSymbol;

import com.google.common.collect.ImmutableSet;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Flags;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import java.util.EnumSet;
import java.util.Set;
import javax.lang.model.element.ElementKind;

/** Facts about the local variables that code reads. */
public final class Variables {
  private static final Set<ElementKind> LOCAL_KINDS =
      EnumSet.of(
          ElementKind.LOCAL_VARIABLE,
          ElementKind.PARAMETER,
          ElementKind.EXCEPTION_PARAMETER,
          ElementKind.RESOURCE_VARIABLE,
          ElementKind.BINDING_VARIABLE);

  private Variables() {}

  /** Whether {@code symbol} is a local variable or parameter (of any kind). */
  public static boolean isLocal(Symbol symbol) {
    return symbol instanceof VarSymbol && LOCAL_KINDS.contains(symbol.getKind());
  }

  /** Whether {@code symbol} is a local that a lambda may capture: final or effectively final. */
  public static boolean isEffectivelyFinal(Symbol symbol) {
    return (symbol.flags() & (Flags.FINAL | Flags.EFFECTIVELY_FINAL)) != 0;
  }

  /**
   * The locals and parameters that evaluating {@code tree} reads now; reads inside lambdas and
   * classes nested in it happen later and are left out.
   */
  public static ImmutableSet<Symbol> localsReadNow(Tree tree) {
    ImmutableSet.Builder<Symbol> locals = ImmutableSet.builder();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null && isLocal(symbol)) {
          locals.add(symbol);
        }
        return null;
      }
    }.scan(tree, null);
    return locals.build();
  }

  /** Whether every local that {@code tree} reads (now or later) could be captured by a lambda. */
  public static boolean capturableByLambda(Tree tree) {
    boolean[] capturable = {true};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null && isLocal(symbol) && !isEffectivelyFinal(symbol)) {
          capturable[0] = false;
        }
        return null;
      }
    }.scan(tree, null);
    return capturable[0];
  }

  /**
   * Whether a lambda wrapped around {@code tree} could capture every local that {@code tree} uses
   * from outside it: each is final or effectively final. The locals declared inside {@code tree}
   * would be the lambda's own, and may be assigned freely.
   */
  public static boolean capturableByLambdaAround(Tree tree) {
    Set<Symbol> declaredInside = new java.util.HashSet<>();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        declaredInside.add(getSymbol(variable));
        return super.visitVariable(variable, unused);
      }
    }.scan(tree, null);
    boolean[] capturable = {true};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        Symbol symbol = getSymbol(identifier);
        if (symbol != null
            && isLocal(symbol)
            && !declaredInside.contains(symbol)
            && !isEffectivelyFinal(symbol)) {
          capturable[0] = false;
        }
        return null;
      }
    }.scan(tree, null);
    return capturable[0];
  }
}
