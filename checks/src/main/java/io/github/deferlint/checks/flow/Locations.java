package io.github.deferlint.checks.flow;

import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.getType;
import static com.google.errorprone.util.ASTHelpers.isConsideredFinal;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.VisitorState;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.AssignmentTree;
import com.sun.source.tree.BinaryTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.Holders;
import io.github.deferlint.checks.model.InlineAction;
import io.github.deferlint.checks.util.Functions;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.SwitchResults;
import io.github.deferlint.checks.util.Variables;
import java.util.List;
import java.util.Optional;
import javax.lang.model.element.ElementKind;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * Storage that a {@code return} may read and a deferred action may write: fields, array elements
 * and the values in mutable holders, named so that a read and a write of the same one compare
 * equal. A location is named only where the code shows which one it is.
 */
public final class Locations {

  /** A place that holds a value. */
  public sealed interface Location {
    /**
     * A field of {@code this} or a static field ({@code object} null), or a field of the object an
     * effectively final local holds ({@code box.value}).
     */
    record Field(@Nullable Symbol object, Symbol field) implements Location {}

    /** An element of an array, at a constant index or one held in an effectively final local. */
    record Element(Symbol array, Object index) implements Location {}

    /** The value inside a mutable holder ({@code AtomicInteger}, another scope's named result). */
    record Holder(Symbol holder) implements Location {}
  }

  /** A write of {@code location} at {@code site}, through the expression {@code target}. */
  public record Write(Location location, Tree site, Tree target) {}

  private final DeferApi api;
  private final Optional<VarSymbol> ownResult;
  private final VisitorState state;

  /**
   * Locations as one scope body sees them; {@code ownResult}, its named result, is not one of them:
   * what is done to it is the named result's own question.
   */
  public Locations(DeferApi api, Optional<VarSymbol> ownResult, VisitorState state) {
    this.api = api;
    this.ownResult = ownResult;
    this.state = state;
  }

  /**
   * The locations whose values a returned expression hands the caller, as they are at the {@code
   * return}: the location itself ({@code return g}, {@code return a[0]}, {@code return
   * counter.get()}, either branch of a conditional, through casts), or a copy built into the value
   * returned: an argument of a constructor ({@code new Pair(x, err[0])}, a record) or of a static
   * factory of its own type ({@code Outcome.of(code, err.get())}), or a part of a string
   * concatenation. Go's multi-value {@code return x, err} is such a copy. A value merely computed
   * from a location ({@code return g + 1}, {@code return f(g)}) is left out: a deferred write to
   * {@code g} is then as likely a reset or a restore meant for later readers. Handing out the
   * holder itself ({@code return holder}, {@code new Pair(x, holder)}) lets the caller see later
   * writes.
   */
  public ImmutableSet<Location> returnedBy(ExpressionTree returned) {
    ExpressionTree expression = stripParentheses(returned);
    if (expression instanceof TypeCastTree cast) {
      return returnedBy(cast.getExpression());
    }
    if (expression instanceof ConditionalExpressionTree conditional) {
      return union(List.of(conditional.getTrueExpression(), conditional.getFalseExpression()));
    }
    if (expression instanceof SwitchExpressionTree choice) {
      return union(SwitchResults.of(choice));
    }
    if (expression instanceof NewClassTree creation && creation.getClassBody() == null) {
      return union(creation.getArguments());
    }
    if (expression instanceof MethodInvocationTree call && isOwnTypeFactory(call)) {
      return union(call.getArguments());
    }
    if (expression instanceof BinaryTree concatenation
        && concatenation.getKind() == Tree.Kind.PLUS
        && isString(getType(concatenation))) {
      return union(List.of(concatenation.getLeftOperand(), concatenation.getRightOperand()));
    }
    if (expression instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && getReceiver(call) != null
        && (Holders.isGetter(getSymbol(call), state) || api.isResultGet(call, state))) {
      return holder(getReceiver(call)).map(ImmutableSet::of).orElse(ImmutableSet.of());
    }
    return assignable(expression).map(ImmutableSet::of).orElse(ImmutableSet.of());
  }

  private ImmutableSet<Location> union(List<? extends ExpressionTree> parts) {
    ImmutableSet.Builder<Location> locations = ImmutableSet.builder();
    parts.forEach(part -> locations.addAll(returnedBy(part)));
    return locations.build();
  }

  /** {@code Outcome.of(...)}, {@code Map.entry(...)}: a static method returning its own type. */
  private static boolean isOwnTypeFactory(MethodInvocationTree call) {
    MethodSymbol method = getSymbol(call);
    return method != null
        && isStatic(method)
        && !call.getArguments().isEmpty()
        && method.getReturnType().tsym == method.owner;
  }

  private boolean isString(Type type) {
    return type != null && state.getTypes().isSameType(type, state.getSymtab().stringType);
  }

  /** The locations the own {@code return}s of {@code code} (or an expression lambda's) return. */
  public ImmutableSet<Location> returnedByReturnsOf(Tree code) {
    if (code instanceof ExpressionTree expression) {
      return returnedBy(expression);
    }
    ImmutableSet.Builder<Location> returned = ImmutableSet.builder();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree returnTree, Void unused) {
        if (returnTree.getExpression() != null) {
          returned.addAll(returnedBy(returnTree.getExpression()));
        }
        return null;
      }
    }.scan(code, null);
    return returned.build();
  }

  /**
   * The locations that a deferred action writes in its own code: {@code holder::set} given as the
   * action, or {@code AtomicInteger::incrementAndGet} with the holder as the registration's value,
   * or the writes and holder updates of an action written inline.
   */
  public ImmutableList<Write> writtenBy(
      ExpressionTree action, MethodInvocationTree registration, Optional<InlineAction> inline) {
    if (action instanceof MemberReferenceTree reference) {
      ExpressionTree holder =
          Functions.isUnbound(reference)
              ? registration.getArguments().size() > 1 ? registration.getArguments().get(1) : null
              : reference.getQualifierExpression();
      if (holder == null) {
        return ImmutableList.of();
      }
      return holderWrite(getSymbol(reference), holder)
          .map(location -> ImmutableList.of(new Write(location, registration, holder)))
          .orElse(ImmutableList.of());
    }
    if (inline.isEmpty()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Write> writes = ImmutableList.builder();
    new OwnCode.WriteScanner() {
      @Override
      protected void written(Tree site, ExpressionTree target) {
        Optional<Location> location = assignable(target);
        if (location.isPresent()
            && !(site instanceof AssignmentTree assignment
                && restores(assignment.getExpression(), location.get()))) {
          writes.add(new Write(location.get(), site, target));
        }
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree holder = getReceiver(call);
        Optional<Location> location =
            holder == null ? Optional.empty() : holderWrite(getSymbol(call), holder);
        if (location.isPresent()
            && !(call.getArguments().size() == 1
                && restores(call.getArguments().get(0), location.get()))) {
          writes.add(new Write(location.get(), call, holder));
        }
        return super.visitMethodInvocation(call, null);
      }
    }.scan(ControlFlow.code(inline.get().runs()), null);
    return writes.build();
  }

  /**
   * Whether writing {@code value} to {@code location} restores it: {@code value} is a local saved
   * from the location itself ({@code Object saved = context; ... defer(() -> context = saved)},
   * Go's {@code old := x; x = tmp; defer func() { x = old }()}). A restore is for later readers,
   * whatever the {@code return} took.
   */
  private boolean restores(ExpressionTree value, Location location) {
    Symbol saved = getSymbol(stripParentheses(value));
    if (!Variables.isLocal(saved) || !isConsideredFinal(saved)) {
      return false;
    }
    ExpressionTree[] initializer = {null};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitVariable(VariableTree variable, Void unused) {
        if (saved.equals(getSymbol(variable))) {
          initializer[0] = variable.getInitializer();
        }
        return super.visitVariable(variable, null);
      }
    }.scan(enclosingMethod(), null);
    return initializer[0] != null && returnedBy(initializer[0]).contains(location);
  }

  /** The method (or class, for an initializer) around the code being analysed. */
  private @Nullable Tree enclosingMethod() {
    for (TreePath path = state.getPath(); path != null; path = path.getParentPath()) {
      if (path.getLeaf() instanceof MethodTree || path.getLeaf() instanceof ClassTree) {
        return path.getLeaf();
      }
    }
    return null;
  }

  /** The holder {@code method} changes when called on {@code holder}. */
  private Optional<Location> holderWrite(Symbol method, ExpressionTree holder) {
    boolean changesValue = Holders.isSetter(method, state) || api.isResultSetter(method, state);
    return changesValue ? holder(holder) : Optional.empty();
  }

  /** The field or array element {@code tree} denotes, when it can be named reliably. */
  private static Optional<Location> assignable(ExpressionTree tree) {
    ExpressionTree expression = stripParentheses(tree);
    if (expression instanceof ArrayAccessTree access) {
      Symbol array = Variables.variableNamed(access.getExpression());
      Object index = indexKey(access.getIndex());
      return array == null || index == null
          ? Optional.empty()
          : Optional.of(new Location.Element(array, index));
    }
    Symbol symbol = Variables.variableNamed(expression);
    if (symbol != null && symbol.getKind() == ElementKind.FIELD) {
      return Optional.of(new Location.Field(null, symbol));
    }
    if (expression instanceof MemberSelectTree select
        && getSymbol(select) instanceof VarSymbol field
        && field.getKind() == ElementKind.FIELD
        && !isStatic(field)) {
      Symbol object = getSymbol(stripParentheses(select.getExpression()));
      return object != null && Variables.isLocal(object) && isConsideredFinal(object)
          ? Optional.of(new Location.Field(object, field))
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** The holder {@code tree} denotes, unless it is the body's own named result. */
  private Optional<Location> holder(ExpressionTree tree) {
    Symbol holder = Variables.variableNamed(tree);
    return holder == null || ownResult.filter(holder::equals).isPresent()
        ? Optional.empty()
        : Optional.of(new Location.Holder(holder));
  }

  /** A constant index, or the effectively final local holding it; null for anything else. */
  private static @Nullable Object indexKey(ExpressionTree index) {
    Object constant = constValue(index);
    if (constant != null) {
      return constant;
    }
    Symbol symbol = getSymbol(stripParentheses(index));
    return symbol != null && Variables.isLocal(symbol) && isConsideredFinal(symbol) ? symbol : null;
  }
}
