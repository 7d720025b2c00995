package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableSet;
import com.google.common.collect.ImmutableSetMultimap;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.LambdaExpressionTreeMatcher;
import com.google.errorprone.matchers.Description;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.LambdaExpressionTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.SwitchExpressionTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol.MethodSymbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.flow.BodyDeferrals;
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.Locations;
import io.github.deferlint.checks.flow.Locations.Write;
import io.github.deferlint.checks.flow.NamedResults;
import io.github.deferlint.checks.flow.Registrations;
import io.github.deferlint.checks.flow.Returns;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.model.InlineBody;
import io.github.deferlint.checks.model.Registration;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.SwitchResults;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.inject.Inject;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.Node;

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

  /** The three rules over one scope body that returns a value, sharing its graph. */
  private Description check(VisitorState state) {
    TreePath bodyPath = state.getPath();
    InlineBody body = api.inlineBody(bodyPath, state).filter(InlineBody::returnsValue).orElse(null);
    if (body == null) {
      return NO_MATCH;
    }
    Optional<NamedResults> named =
        body.namedResult().map(result -> new NamedResults(api, result, body.scope(), state));
    Locations locations = new Locations(api, body.namedResult(), state);
    BodyDeferrals deferrals = new BodyDeferrals(api, body, bodyPath, named, locations, state);
    if (!deferrals.mayChangeWhatIsReturned()) {
      return NO_MATCH; // Decided on the source, before any graph, the costly part, is built.
    }
    ControlFlowGraph graph = ControlFlow.graph(bodyPath, state);
    if (graph == null) {
      return NO_MATCH;
    }
    ImmutableList<Node> returns = Returns.of(graph);
    if (returns.isEmpty()) {
      return NO_MATCH;
    }
    ImmutableList<MethodInvocationTree> graphCalls = Registrations.callsIn(graph);
    ImmutableList<Registration> own = Registrations.among(graphCalls, deferrals::of);
    // Registered on the body's scope from the body of a scope it opens: at the opener's call.
    ImmutableSetMultimap<MethodInvocationTree, Registration> inner =
        Registrations.inBodiesOfScopesOpened(graphCalls, deferrals::of, api, state);
    Map<Registration, Tree> ranAt = new LinkedHashMap<>();
    own.forEach(registration -> ranAt.put(registration, registration.call()));
    inner.forEach((opener, registration) -> ranAt.putIfAbsent(registration, opener));
    ImmutableList<Registration> registrations = ImmutableList.copyOf(ranAt.keySet());
    // Each analysis only where a rule needs it: most bodies draw one kind of finding at most.
    ImmutableList<MethodInvocationTree> calls =
        ImmutableList.<MethodInvocationTree>builder()
            .addAll(own.stream().map(Registration::call).iterator())
            .addAll(inner.keySet())
            .build();
    // java.util.function's Supplier, whose get() is unannotated: NullAway (outside its JSpecify
    // mode) reads the @ParametricNullness of Guava's Supplier.get() as @Nullable.
    Supplier<Registrations> always =
        Suppliers.memoize(() -> Registrations.onEveryPath(graph, calls));
    Supplier<Registrations> maybe = Suppliers.memoize(() -> Registrations.onSomePath(graph, calls));
    for (Map.Entry<Registration, Tree> entry : ranAt.entrySet()) {
      Registration registration = entry.getKey();
      Tree ran = entry.getValue();
      TreePath registrationPath = TreePath.getPath(bodyPath, registration.call());
      // 1. A deferred action that always replaces the named result.
      Optional<Tree> alwaysSet =
          named.flatMap(result -> result.alwaysSetBy(registration, registrationPath));
      if (alwaysSet.isPresent()) {
        always
            .get()
            .firstAfter(ran, returns)
            .ifPresent(
                overwritten ->
                    state.reportMatch(overwriteFinding(alwaysSet.get(), body, overwritten, state)));
      }
      // 2. A deferred write of what a return after the registration already read.
      for (Write write : deferrals.writesOf(registration, registrationPath)) {
        maybe.get().allAfter(ran, returns).stream()
            .filter(
                node ->
                    locations.returnedBy(Returns.valueOfReturn(node)).contains(write.location()))
            .findFirst()
            .ifPresent(read -> state.reportMatch(lostWriteFinding(write, read, body, state)));
      }
    }
    // 3. A set in the body that the return overwrites.
    if (named.isPresent()) {
      ImmutableSet<Tree> actions =
          registrations.stream()
              .map(registration -> stripParentheses(registration.action()))
              .collect(ImmutableSet.toImmutableSet());
      named
          .get()
          .overwrittenSets(graph, body.lambda().getBody(), returns, actions)
          .forEach(
              (set, overwriting) ->
                  state.reportMatch(overwrittenSetFinding(set, overwriting, body, state)));
    }
    return NO_MATCH;
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  private Description overwriteFinding(
      Tree set, InlineBody body, Node overwritten, VisitorState state) {
    MethodSymbol opener = getSymbol(body.opener());
    return buildDescription(set)
        .setMessage(
            String.format(
                "This deferred action sets the named result on every path, after the `return` on"
                    + " line %d stored its value: `%s.%s` returns what is set here, so whatever"
                    + " the body returns is discarded. Return the value from the body instead, or"
                    + " set the result only under a condition (on `%s()`, or on the current"
                    + " result).",
                Sources.lineOf(overwritten.getTree(), state),
                opener.owner.getSimpleName(),
                opener.getSimpleName(),
                api.words(body.scope().type, state).recover().orElse("recover")))
        .build();
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
                api.words(body.scope().type, state)
                    .namedOpener()
                    .map(
                        named ->
                            String.format(
                                "To change what is returned from a deferred action, use `%s` and"
                                    + " set its named result",
                                named))
                    .orElse("To change what is returned, return it from the body"));
    String target = Sources.shortSource(write.target(), state, 40);
    return buildDescription(write.site())
        .setMessage(
            String.format(
                "This deferred action writes `%s` after the `return` on line %d already read it:"
                    + " the returned value is taken before deferred actions run, so the caller"
                    + " never sees this write. %s; to change `%s` only for later readers, write it"
                    + " before the `return`.",
                target, Sources.lineOf(read.getTree(), state), instead, target))
        .build();
  }

  private Description overwrittenSetFinding(
      Tree set, Node returnNode, InlineBody body, VisitorState state) {
    ExpressionTree stored = ((MethodInvocationTree) set).getArguments().get(0);
    VarSymbol result = body.namedResult().get();
    // In an arm of a switch expression that is returned, the arm's value is yielded.
    boolean inArm =
        Returns.valueOfReturn(returnNode) instanceof SwitchExpressionTree choice
            && SwitchResults.armHolding(choice, set) != null;
    String hands = inArm ? "yield" : "return";
    return buildDescription(set)
        .setMessage(
            String.format(
                "The %s on line %d stores its own value into the named result before anything"
                    + " reads this one, so this `set` has no effect. %s the value itself"
                    + " (`%s %s;`), or `%s %s.get();` to %s what was set.",
                inArm ? "switch expression returned" : "`return`",
                Sources.lineOf(returnNode.getTree(), state),
                inArm ? "Yield" : "Return",
                hands,
                Sources.shortSource(stored, state, 40),
                hands,
                result.getSimpleName(),
                hands))
        .build();
  }
}
