package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.constValue;
import static com.google.errorprone.util.ASTHelpers.getReceiver;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.isSubtype;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ArrayAccessTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.ConditionalExpressionTree;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.NewClassTree;
import com.sun.source.tree.ReturnTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.TypeCastTree;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreeScanner;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import com.sun.tools.javac.code.Type;
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.FactFlow;
import io.github.deferlint.checks.flow.ReachingWrites;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.DeferApi.InlineBody;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Jumps;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.LambdaResultExpressionNode;
import org.checkerframework.errorprone.dataflow.cfg.node.LocalVariableNode;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;
import org.checkerframework.errorprone.dataflow.cfg.node.ReturnNode;

/**
 * Flags writes around a scope body's {@code return} that do not do what they seem: Go's named
 * results changed in {@code defer func() { ... }()}, or variables changed there after {@code
 * return} has taken their value.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred action always replaces the named result, writes what `return` already read"
            + " (the caller never sees it), or a `result.set` is overwritten by `return`",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferredResultMutation.md")
public final class DeferredResultMutation extends BugChecker
    implements LambdaExpressionTreeMatcher {

  /** Mutable holders whose {@code get()} a {@code return} may read. */
  private static final ImmutableSet<String> HOLDER_TYPES =
      ImmutableSet.of(
          "java.util.concurrent.atomic.AtomicBoolean",
          "java.util.concurrent.atomic.AtomicInteger",
          "java.util.concurrent.atomic.AtomicLong",
          "java.util.concurrent.atomic.AtomicReference");

  private static final ImmutableSet<String> HOLDER_GETTERS =
      ImmutableSet.of(
          "get",
          "getPlain",
          "getOpaque",
          "getAcquire",
          "intValue",
          "longValue",
          "floatValue",
          "doubleValue");

  /**
   * The holder methods that always change its value. The compare-and-set family is left out: it
   * writes only when the current value is the expected one, a guard like {@code if (r.get() == x)}.
   */
  private static final ImmutableSet<String> HOLDER_SETTERS =
      ImmutableSet.of(
          "set",
          "lazySet",
          "setPlain",
          "setOpaque",
          "setRelease",
          "getAndSet",
          "getAndIncrement",
          "getAndDecrement",
          "getAndAdd",
          "incrementAndGet",
          "decrementAndGet",
          "addAndGet",
          "getAndUpdate",
          "updateAndGet",
          "getAndAccumulate",
          "accumulateAndGet");

  private final DeferApi api;

  /** For ServiceLoader, which finds Error Prone plugins; Error Prone itself injects flags. */
  public DeferredResultMutation() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferredResultMutation(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchLambdaExpression(LambdaExpressionTree lambda, VisitorState state) {
    return Crashproof.match(this, lambda, state, () -> check(state));
  }

  private Description check(VisitorState state) {
    TreePath bodyPath = state.getPath();
    InlineBody body = api.inlineBody(bodyPath, state).orElse(null);
    if (body == null || !body.returnsValue() || !mayReport(body, bodyPath, state)) {
      return NO_MATCH;
    }
    ControlFlowGraph graph = ControlFlow.graph(bodyPath, state);
    ImmutableList<Node> returns = graph == null ? ImmutableList.of() : returnNodes(graph);
    if (returns.isEmpty()) {
      return NO_MATCH;
    }
    ImmutableList<MethodInvocationTree> registrations = registrations(graph, body, bodyPath, state);
    if (!registrations.isEmpty()) {
      // Each analysis only where a rule needs it: most bodies draw one kind of finding at most.
      Supplier<FactFlow.Result<Tree>> alwaysRegistered =
          Suppliers.memoize(
              () ->
                  ranBefore(
                      graph,
                      FactFlow.Merge.INTERSECTION,
                      node -> registrationOf(node, registrations)));
      Supplier<FactFlow.Result<Tree>> maybeRegistered =
          Suppliers.memoize(
              () ->
                  ranBefore(
                      graph, FactFlow.Merge.UNION, node -> registrationOf(node, registrations)));
      for (MethodInvocationTree registration : registrations) {
        TreePath registrationPath = TreePath.getPath(bodyPath, registration);
        body.namedResult()
            .flatMap(
                result -> alwaysOverwrites(registration, registrationPath, body, result, state))
            .ifPresent(
                set ->
                    firstReturnAfter(registration, returns, alwaysRegistered.get())
                        .ifPresent(
                            contradicted ->
                                state.reportMatch(
                                    overwriteFinding(set, body, contradicted, state))));
        reportLostWrites(registration, registrationPath, body, returns, maybeRegistered, state);
      }
    }
    body.namedResult()
        .ifPresent(
            result -> reportOverwrittenSets(graph, returns, registrations, body, result, state));
    return NO_MATCH;
  }

  // ---------------------------------------------------------------------------------------------
  // The body: its returns and its registrations

  /**
   * Whether the body can draw a finding at all, decided on its code (nested code included, a
   * superset of what its graphs hold) before any graph, the costly part, is built: a deferred
   * action on its scope that may always replace the named result (1) or that writes a location one
   * of the body's {@code return}s returns (2), or a {@code result.set} in the body's own code (3).
   */
  private boolean mayReport(InlineBody body, TreePath bodyPath, VisitorState state) {
    VarSymbol result = body.namedResult().orElse(null);
    ImmutableSet<Location> returned = syntacticallyReturnedLocations(body, state);
    boolean[] may = {false};
    new TreeScanner<Void, Void>() {
      private int nesting;

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (result != null
            && nesting == 0
            && api.isResultSet(call, state)
            && isVariable(getReceiver(call), result)) {
          may[0] = true;
        } else if (isDeferOnScope(call, body.scope(), bodyPath, state)) {
          TreePath path = TreePath.getPath(bodyPath, call);
          may[0] |=
              (result != null
                      && (setsByReference(call, result, state)
                          || resultSettingAction(call, path, body, result, state).isPresent()))
                  || (!returned.isEmpty()
                      && deferredWrites(call, path, body, state).stream()
                          .anyMatch(write -> returned.contains(write.location())));
        }
        return may[0] ? null : super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return nested(() -> super.visitLambdaExpression(lambda, unused));
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        return nested(() -> super.visitClass(type, unused));
      }

      private Void nested(Supplier<Void> scan) {
        nesting++;
        try {
          return scan.get();
        } finally {
          nesting--;
        }
      }
    }.scan(body.lambda().getBody(), null);
    return may[0];
  }

  /**
   * The locations the body's own {@code return}s (or its expression) return, read off the source:
   * the same returns its graph has.
   */
  private ImmutableSet<Location> syntacticallyReturnedLocations(
      InlineBody body, VisitorState state) {
    Tree code = body.lambda().getBody();
    if (code instanceof ExpressionTree expression) {
      return returnedLocations(expression, body, state);
    }
    ImmutableSet.Builder<Location> locations = ImmutableSet.builder();
    new OwnCode.Scanner<Void, Void>() {
      @Override
      public Void visitReturn(ReturnTree returnTree, Void unused) {
        if (returnTree.getExpression() != null) {
          locations.addAll(returnedLocations(returnTree.getExpression(), body, state));
        }
        return null;
      }
    }.scan(code, null);
    return locations.build();
  }

  /** The nodes where the body returns a value, in source order. */
  private static ImmutableList<Node> returnNodes(ControlFlowGraph graph) {
    return graph.getAllNodes().stream()
        .filter(node -> returnedExpression(node) != null)
        .sorted(Comparator.comparingInt(node -> getStartPosition(node.getTree())))
        .collect(ImmutableList.toImmutableList());
  }

  /** The value a return node returns: {@code return v;} or an expression lambda's body. */
  private static ExpressionTree returnedExpression(Node node) {
    if (node instanceof ReturnNode returnNode && returnNode.getResult() != null) {
      return returnNode.getTree().getExpression();
    }
    return node instanceof LambdaResultExpressionNode result ? result.getTree() : null;
  }

  /** The {@code defer} calls on the body's own scope made in the body's own code. */
  private ImmutableList<MethodInvocationTree> registrations(
      ControlFlowGraph graph, InlineBody body, TreePath bodyPath, VisitorState state) {
    return graph.getAllNodes().stream()
        .filter(MethodInvocationNode.class::isInstance)
        .map(node -> ((MethodInvocationNode) node).getTree())
        .filter(Objects::nonNull)
        .distinct()
        .filter(call -> isDeferOnScope(call, body.scope(), bodyPath, state))
        .sorted(Comparator.comparingInt(call -> getStartPosition(call)))
        .collect(ImmutableList.toImmutableList());
  }

  private boolean isDeferOnScope(
      MethodInvocationTree call, VarSymbol scope, TreePath bodyPath, VisitorState state) {
    if (api.registrationKind(call, state).orElse(null) != DeferApi.RegistrationKind.DEFER
        || call.getArguments().isEmpty()
        || getReceiver(call) == null) {
      return false;
    }
    TreePath path = TreePath.getPath(bodyPath, call);
    return path != null
        && api.resolveScope(getReceiver(call), path, state)
            .filter(ref -> ref.variable().equals(scope))
            .isPresent();
  }

  private static Tree registrationOf(Node node, ImmutableList<MethodInvocationTree> registrations) {
    return node instanceof MethodInvocationNode invocation
            && registrations.contains(invocation.getTree())
        ? invocation.getTree()
        : null;
  }

  /**
   * The facts {@code mark} gives the nodes that ran before each node: on some path ({@code UNION})
   * or on every path ({@code INTERSECTION}).
   */
  private static <F> FactFlow.Result<F> ranBefore(
      ControlFlowGraph graph, FactFlow.Merge merge, Function<Node, F> mark) {
    return new FactFlow<F>(merge) {
      @Override
      protected ImmutableSet<F> transfer(Node node, ImmutableSet<F> before) {
        F fact = mark.apply(node);
        return fact == null || before.contains(fact)
            ? before
            : ImmutableSet.<F>builder().addAll(before).add(fact).build();
      }
    }.run(graph);
  }

  /**
   * The first return (in source order) reached only after {@code registration}, per {@code ran}.
   */
  private static Optional<Node> firstReturnAfter(
      Tree registration, ImmutableList<Node> returns, FactFlow.Result<Tree> ran) {
    return returns.stream().filter(node -> ran.before(node).contains(registration)).findFirst();
  }

  // ---------------------------------------------------------------------------------------------
  // 1. A deferred action that always replaces the named result

  /**
   * Where the action registered by {@code registration} sets the named result on every path through
   * it, without reading the result and without any say of {@code recover()}: the set call, or the
   * registration itself for {@code scope.defer(result::set, v)}.
   */
  private Optional<Tree> alwaysOverwrites(
      MethodInvocationTree registration,
      TreePath registrationPath,
      InlineBody body,
      VarSymbol result,
      VisitorState state) {
    if (setsByReference(registration, result, state)) {
      return Optional.of(registration);
    }
    InlineAction inline =
        resultSettingAction(registration, registrationPath, body, result, state).orElse(null);
    if (inline == null) {
      return Optional.empty();
    }
    if (inline.code() instanceof MethodInvocationTree call
        && api.isResultSet(call, state)
        && isVariable(getReceiver(call), result)
        && !Jumps.callsTerminatingMethod(call, state)) {
      return Optional.of(call); // () -> result.set(v): the set is all the action does.
    }
    ControlFlowGraph graph = ControlFlow.graph(inline.runs(), state);
    if (graph == null) {
      return Optional.empty();
    }
    ImmutableList<Tree> sets =
        graph.getAllNodes().stream()
            .filter(node -> isResultSet(node, result, state))
            .map(Node::getTree)
            .distinct()
            .sorted(Comparator.comparingInt(tree -> getStartPosition(tree)))
            .collect(ImmutableList.toImmutableList());
    boolean setOnEveryPath =
        !sets.isEmpty()
            && !ranBefore(
                    graph,
                    FactFlow.Merge.INTERSECTION,
                    node -> isResultSet(node, result, state) ? Boolean.TRUE : null)
                .atRegularExit()
                .isEmpty();
    return setOnEveryPath ? Optional.of(sets.get(0)) : Optional.empty();
  }

  /**
   * Whether {@code registration} is {@code scope.defer(result::set, v)}, no argument reading it.
   */
  private boolean setsByReference(
      MethodInvocationTree registration, VarSymbol result, VisitorState state) {
    return stripParentheses(registration.getArguments().get(0))
            instanceof MemberReferenceTree reference
        && api.isResultSetter(getSymbol(reference), state)
        && isVariable(reference.getQualifierExpression(), result)
        && registration.getArguments().stream()
            .skip(1)
            .noneMatch(argument -> readsResult(argument, result, state));
  }

  /**
   * The inline action of {@code registration} when it may always replace the named result, as far
   * as its code shows: it sets the result, and neither reads it nor has any say of {@code
   * recover()}. Whether it sets it on every path is the graph's to say.
   */
  private Optional<InlineAction> resultSettingAction(
      MethodInvocationTree registration,
      TreePath registrationPath,
      InlineBody body,
      VarSymbol result,
      VisitorState state) {
    ExpressionTree action = stripParentheses(registration.getArguments().get(0));
    return inlineAction(action, registrationPath, state)
        .filter(
            inline ->
                !setReceivers(inline.whole(), result, state).isEmpty()
                    && !readsResult(inline.whole(), result, state)
                    && !mayRecover(inline.whole(), body.scope(), state));
  }

  /**
   * The code of a deferred action written inline: a lambda, or the functional method of an
   * anonymous class ({@code new Deferred() { public void run() {...} }}).
   *
   * @param whole all of the action's code: what it may read or recover is looked for there
   * @param runs the lambda or method that runs as the action: its graph, its writes
   */
  private record InlineAction(Tree whole, TreePath runs) {
    /** The statements (or expression) that run. */
    Tree code() {
      return ControlFlow.code(runs).getLeaf();
    }
  }

  private Optional<InlineAction> inlineAction(
      ExpressionTree action, TreePath registrationPath, VisitorState state) {
    TreePath actionPath = new TreePath(registrationPath, action);
    if (action instanceof LambdaExpressionTree) {
      return Optional.of(new InlineAction(action, actionPath));
    }
    if (!(action instanceof NewClassTree creation) || creation.getClassBody() == null) {
      return Optional.empty();
    }
    TreePath classPath = new TreePath(actionPath, creation.getClassBody());
    return creation.getClassBody().getMembers().stream()
        .filter(MethodTree.class::isInstance)
        .map(method -> new TreePath(classPath, method))
        .filter(methodPath -> api.anonymousFunction(methodPath, state).isPresent())
        .filter(methodPath -> ((MethodTree) methodPath.getLeaf()).getBody() != null)
        .findFirst()
        .map(methodPath -> new InlineAction(creation.getClassBody(), methodPath));
  }

  /** Whether {@code node} is {@code result.set(v)} on the named result itself. */
  private boolean isResultSet(Node node, VarSymbol result, VisitorState state) {
    return node instanceof MethodInvocationNode invocation
        && invocation.getTree() != null
        && api.isResultSet(invocation.getTree(), state)
        && isVariable(getReceiver(invocation.getTree()), result);
  }

  /**
   * Whether {@code tree} (nested code included) uses the named result other than to call {@code
   * set} on it: a {@code get()}, passing it along, a {@code result::get}... anything that may read.
   */
  private boolean readsResult(Tree tree, VarSymbol result, VisitorState state) {
    ImmutableSet<Tree> setReceivers = setReceivers(tree, result, state);
    boolean[] reads = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (result.equals(getSymbol(identifier)) && !setReceivers.contains(identifier)) {
          reads[0] = true;
        }
        return null;
      }
    }.scan(tree, null);
    return reads[0];
  }

  /** The receivers {@code result} of the {@code result.set(v)} calls in {@code tree}. */
  private ImmutableSet<Tree> setReceivers(Tree tree, VarSymbol result, VisitorState state) {
    ImmutableSet.Builder<Tree> receivers = ImmutableSet.builder();
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree receiver = getReceiver(call);
        if (api.isResultSet(call, state) && isVariable(receiver, result)) {
          receivers.add(receiver);
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(tree, null);
    return receivers.build();
  }

  /**
   * Whether {@code tree} may stop a throwable and so choose the result by what happened: it calls
   * {@code recover()} (or references it), or hands {@code scope} to code that might.
   */
  private boolean mayRecover(Tree tree, VarSymbol scope, VisitorState state) {
    boolean[] may = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if (api.isRecover(call, state)) {
          may[0] = true;
        }
        ExpressionTree method = stripParentheses(call.getMethodSelect());
        if (method instanceof MemberSelectTree select
            && isVariable(select.getExpression(), scope)) {
          return scan(call.getArguments(), null); // scope.defer(...): calling it is no escape.
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        if (api.isRecoverMethod(getSymbol(reference), state)) {
          may[0] = true;
        }
        return super.visitMemberReference(reference, unused);
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        if (scope.equals(getSymbol(identifier))) {
          may[0] = true; // The scope escapes: a helper given it may recover.
        }
        return null;
      }
    }.scan(tree, null);
    return may[0];
  }

  private Description overwriteFinding(
      Tree set, InlineBody body, Node contradicted, VisitorState state) {
    return buildDescription(set)
        .setMessage(
            String.format(
                "This deferred action sets the named result on every path, after the `return` on"
                    + " line %d stored its value: `%s` returns what is set here, so whatever the"
                    + " body returns is discarded. Return the value from the body instead, or set"
                    + " the result only under a condition (on `recover()`, or on the current"
                    + " result).",
                Sources.lineOf(contradicted.getTree(), state), openerName(body)))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // 2. A deferred write to what `return` already read

  /** A location a {@code return} may read and a deferred action may write. */
  private sealed interface Location {
    /**
     * A field of {@code this} or a static field ({@code object} null), or a field of the object an
     * effectively final local holds ({@code box.value}).
     */
    record Field(Symbol object, Symbol field) implements Location {}

    /** An element of an array, at a constant index or one held in an effectively final local. */
    record Element(Symbol array, Object index) implements Location {}

    /** The value inside a mutable holder ({@code AtomicInteger}, another scope's named result). */
    record Holder(Symbol holder) implements Location {}
  }

  /** A write of a location by a deferred action, at {@code site}. */
  private record Write(Location location, Tree site, Tree target) {}

  private void reportLostWrites(
      MethodInvocationTree registration,
      TreePath registrationPath,
      InlineBody body,
      ImmutableList<Node> returns,
      Supplier<FactFlow.Result<Tree>> maybeRegistered,
      VisitorState state) {
    ImmutableList<Write> writes = deferredWrites(registration, registrationPath, body, state);
    if (writes.isEmpty()) {
      return;
    }
    ImmutableList<Node> returnsAfter =
        returns.stream()
            .filter(node -> maybeRegistered.get().before(node).contains(registration))
            .collect(ImmutableList.toImmutableList());
    for (Write write : writes) {
      returnsAfter.stream()
          .filter(
              node ->
                  returnedLocations(returnedExpression(node), body, state)
                      .contains(write.location()))
          .findFirst()
          .ifPresent(read -> state.reportMatch(lostWriteFinding(write, read, body, state)));
    }
  }

  /**
   * The locations the action of {@code registration} writes in its own code; none when it also sets
   * the named result, which shows that it knows what the caller gets.
   */
  private ImmutableList<Write> deferredWrites(
      MethodInvocationTree registration,
      TreePath registrationPath,
      InlineBody body,
      VisitorState state) {
    ExpressionTree action = stripParentheses(registration.getArguments().get(0));
    if (action instanceof MemberReferenceTree reference) {
      ExpressionTree holder = reference.getQualifierExpression();
      return holderWrite(getSymbol(reference), holder, body, state)
          .map(location -> ImmutableList.of(new Write(location, registration, holder)))
          .orElse(ImmutableList.of());
    }
    InlineAction inline = inlineAction(action, registrationPath, state).orElse(null);
    if (inline == null
        || body.namedResult()
            .filter(result -> !setReceivers(inline.whole(), result, state).isEmpty())
            .isPresent()) {
      return ImmutableList.of();
    }
    ImmutableList.Builder<Write> writes = ImmutableList.builder();
    new OwnCode.WriteScanner() {
      @Override
      protected void written(Tree site, ExpressionTree target) {
        assignableLocation(target).ifPresent(l -> writes.add(new Write(l, site, target)));
      }

      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        ExpressionTree holder = getReceiver(call);
        if (holder != null) {
          holderWrite(getSymbol(call), holder, body, state)
              .ifPresent(location -> writes.add(new Write(location, call, holder)));
        }
        return super.visitMethodInvocation(call, unused);
      }
    }.scan(ControlFlow.code(inline.runs()), null);
    return writes.build();
  }

  /** The holder {@code method} changes when called on {@code holder}, unless it is the result. */
  private Optional<Location> holderWrite(
      Symbol method, ExpressionTree holder, InlineBody body, VisitorState state) {
    boolean changesValue =
        isHolderMethod(method, HOLDER_SETTERS, state) || api.isResultSetter(method, state);
    return changesValue ? holderLocation(holder, body) : Optional.empty();
  }

  /**
   * What the {@code return} expression's value is, as locations: {@code return g}, {@code return
   * a[0]}, {@code return counter.get()}, either branch of a conditional, through casts. A value
   * merely computed from a location ({@code return g + 1}, {@code return f(g)}) is left out: a
   * deferred write to {@code g} is then as likely a reset or a restore meant for later readers.
   */
  private ImmutableSet<Location> returnedLocations(
      ExpressionTree returned, InlineBody body, VisitorState state) {
    ExpressionTree expression = stripParentheses(returned);
    if (expression instanceof TypeCastTree cast) {
      return returnedLocations(cast.getExpression(), body, state);
    }
    if (expression instanceof ConditionalExpressionTree conditional) {
      return ImmutableSet.<Location>builder()
          .addAll(returnedLocations(conditional.getTrueExpression(), body, state))
          .addAll(returnedLocations(conditional.getFalseExpression(), body, state))
          .build();
    }
    if (expression instanceof MethodInvocationTree call
        && call.getArguments().isEmpty()
        && getReceiver(call) != null
        && (isHolderMethod(getSymbol(call), HOLDER_GETTERS, state)
            || api.isResultGet(call, state))) {
      return holderLocation(getReceiver(call), body)
          .map(ImmutableSet::of)
          .orElse(ImmutableSet.of());
    }
    return assignableLocation(expression).map(ImmutableSet::of).orElse(ImmutableSet.of());
  }

  /** The field or array element {@code tree} denotes, when it can be named reliably. */
  private static Optional<Location> assignableLocation(ExpressionTree tree) {
    ExpressionTree expression = stripParentheses(tree);
    if (expression instanceof ArrayAccessTree access) {
      Symbol array = variableOf(access.getExpression());
      Object index = indexKey(access.getIndex());
      return array == null || index == null
          ? Optional.empty()
          : Optional.of(new Location.Element(array, index));
    }
    Symbol symbol = variableOf(expression);
    if (symbol != null && symbol.getKind() == ElementKind.FIELD) {
      return Optional.of(new Location.Field(null, symbol));
    }
    if (expression instanceof MemberSelectTree select
        && getSymbol(select) instanceof VarSymbol field
        && field.getKind() == ElementKind.FIELD
        && !isStatic(field)) {
      Symbol object = getSymbol(stripParentheses(select.getExpression()));
      return object != null && Variables.isLocal(object) && Variables.isEffectivelyFinal(object)
          ? Optional.of(new Location.Field(object, field))
          : Optional.empty();
    }
    return Optional.empty();
  }

  /** The holder {@code tree} denotes, unless it is the body's own named result (check 1). */
  private static Optional<Location> holderLocation(ExpressionTree tree, InlineBody body) {
    Symbol holder = variableOf(tree);
    return holder == null || body.namedResult().filter(holder::equals).isPresent()
        ? Optional.empty()
        : Optional.of(new Location.Holder(holder));
  }

  /**
   * The variable {@code tree} names: a local or parameter, a field of {@code this} ({@code g},
   * {@code this.g}), or a static field; null for a field of another object, whose identity could
   * change between the {@code return} and the deferred action.
   */
  private static Symbol variableOf(ExpressionTree tree) {
    ExpressionTree expression = stripParentheses(tree);
    Symbol symbol = getSymbol(expression);
    if (!(symbol instanceof VarSymbol)) {
      return null;
    }
    if (Variables.isLocal(symbol) || expression instanceof IdentifierTree) {
      return symbol;
    }
    if (expression instanceof MemberSelectTree select && symbol.getKind() == ElementKind.FIELD) {
      Symbol qualifier = getSymbol(select.getExpression());
      boolean ofThis =
          select.getExpression() instanceof IdentifierTree identifier
              && identifier.getName().contentEquals("this");
      boolean staticOfType = isStatic(symbol) && qualifier instanceof Symbol.ClassSymbol;
      return ofThis || staticOfType ? symbol : null;
    }
    return null;
  }

  /** A constant index, or the effectively final local holding it; null for anything else. */
  private static Object indexKey(ExpressionTree index) {
    Object constant = constValue(index);
    if (constant != null) {
      return constant;
    }
    Symbol symbol = getSymbol(stripParentheses(index));
    return symbol != null && Variables.isLocal(symbol) && Variables.isEffectivelyFinal(symbol)
        ? symbol
        : null;
  }

  private static boolean isHolderMethod(
      Symbol symbol, ImmutableSet<String> names, VisitorState state) {
    if (!(symbol instanceof MethodSymbol method)
        || isStatic(method)
        || !names.contains(method.getSimpleName().toString())) {
      return false;
    }
    for (String holderType : HOLDER_TYPES) {
      Type type = state.getTypeFromString(holderType);
      if (type != null && isSubtype(method.owner.type, type, state)) {
        return true;
      }
    }
    return false;
  }

  private Description lostWriteFinding(
      Write write, Node read, InlineBody body, VisitorState state) {
    String instead =
        body.namedResult()
            .map(
                result ->
                    String.format(
                        "To change what is returned, set the named result (`%s.set(...)`)",
                        result.getSimpleName()))
            .orElse(
                "To change what is returned from a deferred action, use `Defer.named` and set its"
                    + " named result");
    return buildDescription(write.site())
        .setMessage(
            String.format(
                "This deferred action writes `%s` after the `return` on line %d already read it:"
                    + " the returned value is taken before deferred actions run, so the caller"
                    + " never sees this write. %s; to change `%s` only for later readers, write it"
                    + " before the `return`.",
                Sources.shortSource(write.target(), state, 40),
                Sources.lineOf(read.getTree(), state),
                instead,
                Sources.shortSource(write.target(), state, 40)))
        .build();
  }

  // ---------------------------------------------------------------------------------------------
  // 3. A `result.set` that `return` overwrites

  private void reportOverwrittenSets(
      ControlFlowGraph graph,
      ImmutableList<Node> returns,
      ImmutableList<MethodInvocationTree> registrations,
      InlineBody body,
      VarSymbol result,
      VisitorState state) {
    if (graph.getAllNodes().stream().noneMatch(node -> isResultSet(node, result, state))) {
      return;
    }
    Tree code = body.lambda().getBody();
    ImmutableSet<Tree> deferredActions =
        registrations.stream()
            .map(registration -> stripParentheses(registration.getArguments().get(0)))
            .collect(ImmutableSet.toImmutableSet());
    if (resultEscapes(code, result, deferredActions, state)) {
      return; // Whoever holds it may read it at any call.
    }
    ImmutableSet<Tree> setReceivers = setReceivers(code, result, state);
    boolean actionsSeeFailures =
        mayRecover(code, body.scope(), state)
            || deferredActions.stream().anyMatch(action -> mentions(action, result));
    Map<Node, ReachingWrites.Access> accesses = new IdentityHashMap<>();
    ReachingWrites writes =
        ReachingWrites.analyze(
            graph,
            node -> accesses.computeIfAbsent(node, n -> access(n, result, setReceivers, state)),
            actionsSeeFailures);
    Map<Tree, Node> overwrittenBy = new LinkedHashMap<>();
    for (Node returnNode : returns) {
      for (Tree set : writes.reaching(returnNode)) {
        if (!writes.mayBeRead(set) && !sameValue(set, returnedExpression(returnNode))) {
          overwrittenBy.putIfAbsent(set, returnNode);
        }
      }
    }
    overwrittenBy.forEach(
        (set, returnNode) ->
            state.reportMatch(overwrittenSetFinding(set, returnNode, result, state)));
  }

  /**
   * Whether {@code code} lets the named result out of sight: passes it along, stores it, or uses it
   * in a lambda or class that may run before the body returns. Calling {@code get} and {@code set}
   * on it, and deferred actions (they run after the {@code return} stored its value), do not.
   */
  private boolean resultEscapes(
      Tree code, VarSymbol result, ImmutableSet<Tree> deferredActions, VisitorState state) {
    boolean[] escapes = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree call, Void unused) {
        if ((api.isResultGet(call, state) || api.isResultSet(call, state))
            && isVariable(getReceiver(call), result)) {
          return scan(call.getArguments(), null);
        }
        return super.visitMethodInvocation(call, unused);
      }

      @Override
      public Void visitLambdaExpression(LambdaExpressionTree lambda, Void unused) {
        return nested(lambda);
      }

      @Override
      public Void visitMemberReference(MemberReferenceTree reference, Void unused) {
        return nested(reference);
      }

      @Override
      public Void visitNewClass(NewClassTree creation, Void unused) {
        return deferredActions.contains(creation) ? null : super.visitNewClass(creation, unused);
      }

      @Override
      public Void visitClass(ClassTree type, Void unused) {
        return nested(type);
      }

      private Void nested(Tree tree) {
        escapes[0] |= !deferredActions.contains(tree) && mentions(tree, result);
        return null;
      }

      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        escapes[0] |= result.equals(getSymbol(identifier));
        return null;
      }
    }.scan(code, null);
    return escapes[0];
  }

  /** What {@code node} of the body does to the named result: {@code set}, {@code get}, or none. */
  private ReachingWrites.Access access(
      Node node, VarSymbol result, ImmutableSet<Tree> setReceivers, VisitorState state) {
    if (isResultSet(node, result, state)) {
      return ReachingWrites.Access.WRITE;
    }
    return node instanceof LocalVariableNode local
            && result.equals(local.getElement())
            && !setReceivers.contains(local.getTree())
        ? ReachingWrites.Access.READ
        : ReachingWrites.Access.NONE;
  }

  private static boolean mentions(Tree tree, VarSymbol variable) {
    boolean[] found = {false};
    new TreeScanner<Void, Void>() {
      @Override
      public Void visitIdentifier(IdentifierTree identifier, Void unused) {
        found[0] |= variable.equals(getSymbol(identifier));
        return null;
      }
    }.scan(tree, null);
    return found[0];
  }

  /** Whether the set stores what the return returns anyway: the same variable or constant. */
  private static boolean sameValue(Tree set, ExpressionTree returned) {
    ExpressionTree stored = stripParentheses(((MethodInvocationTree) set).getArguments().get(0));
    ExpressionTree value = stripParentheses(returned);
    Object storedConstant = constValue(stored);
    if (storedConstant != null) {
      return storedConstant.equals(constValue(value));
    }
    Symbol storedVariable = variableOf(stored);
    return storedVariable != null && storedVariable.equals(variableOf(value));
  }

  private Description overwrittenSetFinding(
      Tree set, Node returnNode, VarSymbol result, VisitorState state) {
    ExpressionTree stored = ((MethodInvocationTree) set).getArguments().get(0);
    return buildDescription(set)
        .setMessage(
            String.format(
                "The `return` on line %d stores its own value into the named result before anything"
                    + " reads this one, so this `set` has no effect. Return the value itself"
                    + " (`return %s;`), or `return %s.get();` to return what was set.",
                Sources.lineOf(returnNode.getTree(), state),
                Sources.shortSource(stored, state, 40),
                result.getSimpleName()))
        .build();
  }

  // ---------------------------------------------------------------------------------------------

  private static boolean isVariable(ExpressionTree tree, VarSymbol variable) {
    return tree != null && variable.equals(getSymbol(stripParentheses(tree)));
  }

  private static String openerName(InlineBody body) {
    MethodSymbol opener = getSymbol(body.opener());
    return opener.owner.getSimpleName() + "." + opener.getSimpleName();
  }
}
