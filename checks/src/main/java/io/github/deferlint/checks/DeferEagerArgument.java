package io.github.deferlint.checks;

import static com.google.errorprone.BugPattern.LinkType.CUSTOM;
import static com.google.errorprone.BugPattern.SeverityLevel.WARNING;
import static com.google.errorprone.matchers.Description.NO_MATCH;
import static com.google.errorprone.util.ASTHelpers.getStartPosition;
import static com.google.errorprone.util.ASTHelpers.getSymbol;
import static com.google.errorprone.util.ASTHelpers.isStatic;
import static com.google.errorprone.util.ASTHelpers.stripParentheses;

import com.google.auto.service.AutoService;
import com.google.common.base.Supplier;
import com.google.common.base.Suppliers;
import com.google.common.collect.ImmutableSet;
import com.google.errorprone.BugPattern;
import com.google.errorprone.ErrorProneFlags;
import com.google.errorprone.VisitorState;
import com.google.errorprone.bugpatterns.BugChecker;
import com.google.errorprone.bugpatterns.BugChecker.MethodInvocationTreeMatcher;
import com.google.errorprone.fixes.SuggestedFix;
import com.google.errorprone.matchers.Description;
import com.google.errorprone.matchers.Matcher;
import com.google.errorprone.matchers.Matchers;
import com.google.errorprone.matchers.method.MethodMatchers;
import com.google.errorprone.util.ASTHelpers;
import com.sun.source.tree.ExpressionTree;
import com.sun.source.tree.ForLoopTree;
import com.sun.source.tree.IdentifierTree;
import com.sun.source.tree.MemberReferenceTree;
import com.sun.source.tree.MemberSelectTree;
import com.sun.source.tree.MethodInvocationTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.TreePath;
import com.sun.tools.javac.code.Symbol;
import com.sun.tools.javac.code.Symbol.VarSymbol;
import io.github.deferlint.checks.flow.ControlFlow;
import io.github.deferlint.checks.flow.LaterAssignments;
import io.github.deferlint.checks.model.DeferApi;
import io.github.deferlint.checks.util.Crashproof;
import io.github.deferlint.checks.util.Docs;
import io.github.deferlint.checks.util.OwnCode;
import io.github.deferlint.checks.util.Sources;
import io.github.deferlint.checks.util.Variables;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import javax.inject.Inject;
import javax.lang.model.element.ElementKind;
import org.checkerframework.errorprone.dataflow.cfg.ControlFlowGraph;
import org.checkerframework.errorprone.dataflow.cfg.node.MethodInvocationNode;

/**
 * Flags what {@code scope.defer(fn, args...)} evaluates at registration by mistake: Go's {@code
 * defer f(a)}, whose arguments are taken when {@code defer} runs.
 */
@AutoService(BugChecker.class)
@BugPattern(
    summary =
        "A deferred call's argument or receiver is evaluated at registration, so the deferred call"
            + " does not see later changes",
    severity = WARNING,
    linkType = CUSTOM,
    link = Docs.CHECKS + "DeferEagerArgument.md")
public final class DeferEagerArgument extends BugChecker implements MethodInvocationTreeMatcher {
  private static final Matcher<ExpressionTree> CLOCK_READ =
      Matchers.anyOf(
          MethodMatchers.staticMethod()
              .onClass("java.lang.System")
              .namedAnyOf("nanoTime", "currentTimeMillis"),
          MethodMatchers.staticMethod()
              .onClassAny(
                  "java.time.Instant",
                  "java.time.LocalDate",
                  "java.time.LocalDateTime",
                  "java.time.LocalTime",
                  "java.time.OffsetDateTime",
                  "java.time.OffsetTime",
                  "java.time.ZonedDateTime")
              .named("now"),
          MethodMatchers.instanceMethod()
              .onDescendantOfAny("java.time.InstantSource", "java.time.Clock")
              .namedAnyOf("millis", "instant"),
          MethodMatchers.instanceMethod()
              .onDescendantOf("com.google.common.base.Ticker")
              .named("read"));

  /** Reads that are an elapsed time by themselves. */
  private static final Matcher<ExpressionTree> ELAPSED_READ =
      MethodMatchers.instanceMethod()
          .onDescendantOf("com.google.common.base.Stopwatch")
          .namedAnyOf("elapsed", "toString");

  private final DeferApi api;

  /**
   * For ServiceLoader, which Error Prone uses to find plugins; Error Prone itself injects flags.
   */
  public DeferEagerArgument() {
    this(ErrorProneFlags.empty());
  }

  @Inject
  public DeferEagerArgument(ErrorProneFlags flags) {
    this.api = DeferApi.fromFlags(flags);
  }

  @Override
  public Description matchMethodInvocation(MethodInvocationTree call, VisitorState state) {
    return Crashproof.match(this, call, state, () -> check(call, state));
  }

  private Description check(MethodInvocationTree call, VisitorState state) {
    if (api.registrationKind(call, state).orElse(null) != DeferApi.RegistrationKind.DEFER
        || call.getArguments().isEmpty()) {
      return NO_MATCH;
    }
    ExpressionTree action = stripParentheses(call.getArguments().get(0));
    List<? extends ExpressionTree> arguments =
        call.getArguments().subList(1, call.getArguments().size());

    // The body's graph and dataflow are the costly part: only built when the registration takes the
    // value of a variable that can change (most defer a lambda, which takes none).
    Supplier<LaterAssignments> later = Suppliers.memoize(() -> laterAssignments(state));
    for (ExpressionTree argument : arguments) {
      Optional<ExpressionTree> elapsed = elapsedTimeRead(argument, state);
      if (elapsed.isPresent()) {
        state.reportMatch(clockFinding(call, argument, elapsed.get(), state));
        continue;
      }
      for (Symbol variable : Variables.localsReadNow(argument)) {
        Optional<Tree> assignment = firstLaterAssignment(later, call, variable, state);
        if (assignment.isPresent()) {
          state.reportMatch(argumentFinding(argument, variable, assignment.get(), state));
          break;
        }
      }
    }
    Optional<ExpressionTree> receiver = boundReceiver(action);
    Optional<Symbol> receiverVariable = receiver.flatMap(DeferEagerArgument::rebindableVariable);
    if (receiverVariable.isPresent()) {
      firstLaterAssignment(later, call, receiverVariable.get(), state)
          .ifPresent(
              assignment ->
                  state.reportMatch(
                      receiverFinding(receiver.get(), receiverVariable.get(), assignment, state)));
    }
    return NO_MATCH;
  }

  // ---------------------------------------------------------------------------------------------
  // What a registration captures, and where it is assigned again

  /** The later assignments in the body around the current node, analysed once per body. */
  private LaterAssignments laterAssignments(VisitorState state) {
    TreePath body = ControlFlow.enclosingBody(state.getPath());
    ControlFlowGraph graph = body == null ? null : ControlFlow.graph(body, state);
    if (graph == null) {
      return null;
    }
    return ControlFlow.analyze(
        graph,
        DeferEagerArgument.class,
        g ->
            LaterAssignments.analyze(
                g,
                node ->
                    node instanceof MethodInvocationNode invocation && invocation.getTree() != null
                        ? capturedBy(invocation.getTree(), state)
                        : ImmutableSet.of()),
        state);
  }

  /** The variables whose current value a {@code defer} registration takes. */
  private ImmutableSet<Symbol> capturedBy(MethodInvocationTree call, VisitorState state) {
    if (api.registrationKind(call, state).orElse(null) != DeferApi.RegistrationKind.DEFER
        || call.getArguments().isEmpty()) {
      return ImmutableSet.of();
    }
    ImmutableSet.Builder<Symbol> captured = ImmutableSet.builder();
    List<? extends ExpressionTree> arguments = call.getArguments();
    arguments
        .subList(1, arguments.size())
        .forEach(a -> captured.addAll(Variables.localsReadNow(a)));
    boundReceiver(stripParentheses(arguments.get(0)))
        .flatMap(DeferEagerArgument::rebindableVariable)
        .ifPresent(captured::add);
    return captured.build();
  }

  /**
   * The earliest assignment to {@code variable} that may run after {@code registration}, leaving
   * out the update step of a {@code for} loop around the registration: a loop counter registered
   * each iteration ({@code for (i...) scope.defer(print, i)}, Go's {@code defer fmt.Println(i)})
   * means to capture each value, and DeferInLoop reports the loop.
   */
  private static Optional<Tree> firstLaterAssignment(
      Supplier<LaterAssignments> laterAssignments,
      MethodInvocationTree registration,
      Symbol variable,
      VisitorState state) {
    if ((Variables.isLocal(variable) && Variables.isEffectivelyFinal(variable))
        || !LaterAssignments.mayBeAssignedAfter(state.getPath(), variable)) {
      return Optional.empty(); // Not assigned again: no need for the graph.
    }
    LaterAssignments later = laterAssignments.get();
    if (later == null) {
      return Optional.empty();
    }
    List<Tree> loopUpdates = enclosingForLoopUpdates(state.getPath());
    return later.after(registration, variable).stream()
        .filter(
            assignment ->
                loopUpdates.stream().noneMatch(update -> contains(update, assignment, state)))
        .min(Comparator.comparingInt(ASTHelpers::getStartPosition));
  }

  private static List<Tree> enclosingForLoopUpdates(TreePath path) {
    List<Tree> updates = new java.util.ArrayList<>();
    for (TreePath current = path; current != null; current = current.getParentPath()) {
      if (current.getLeaf() instanceof ForLoopTree loop) {
        updates.addAll(loop.getUpdate());
      }
    }
    return updates;
  }

  /**
   * Whether {@code inner} lies within {@code outer} in the source. By position, since the graph's
   * assignment for {@code i++} is a tree the dataflow builder made, not the one in the source.
   */
  private static boolean contains(Tree outer, Tree inner, VisitorState state) {
    int position = getStartPosition(inner);
    return getStartPosition(outer) <= position && position < state.getEndPosition(outer);
  }

  /** The receiver a bound method reference evaluates now: {@code x} in {@code x::close}. */
  private static Optional<ExpressionTree> boundReceiver(ExpressionTree action) {
    if (!(action instanceof MemberReferenceTree reference)
        || reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE) {
      return Optional.empty();
    }
    ExpressionTree qualifier = stripParentheses(reference.getQualifierExpression());
    Symbol qualifierSymbol = getSymbol(qualifier);
    if (qualifierSymbol == null
        || qualifierSymbol.getKind().isClass()
        || qualifierSymbol.getKind().isInterface()) {
      return Optional.empty(); // Type::method binds nothing.
    }
    return Optional.of(qualifier);
  }

  /**
   * The variable behind a receiver that the body may point elsewhere later: a local or parameter,
   * or a non-final field of {@code this}. Call chains ({@code pool.get()::release}) have none.
   */
  private static Optional<Symbol> rebindableVariable(ExpressionTree receiver) {
    Symbol symbol = getSymbol(receiver);
    if (!(symbol instanceof VarSymbol)) {
      return Optional.empty();
    }
    if (Variables.isLocal(symbol)) {
      return Optional.of(symbol);
    }
    boolean fieldOfThis =
        symbol.getKind() == ElementKind.FIELD
            && !isStatic(symbol)
            && (receiver instanceof IdentifierTree
                || (receiver instanceof MemberSelectTree select
                    && select.getExpression() instanceof IdentifierTree qualifier
                    && qualifier.getName().contentEquals("this")));
    return fieldOfThis && !Variables.isEffectivelyFinal(symbol)
        ? Optional.of(symbol)
        : Optional.empty();
  }

  // ---------------------------------------------------------------------------------------------
  // Clocks

  /**
   * A clock read inside {@code argument} that computes an elapsed time: one side of a subtraction,
   * an argument of {@code between}/{@code until}, or a Stopwatch's elapsed time. A plain timestamp
   * ({@code scope.defer(trace, System.nanoTime())}, Go's {@code defer trace(time.Now())}) is the
   * start of a measurement, taken now on purpose, and is not flagged.
   */
  private static Optional<ExpressionTree> elapsedTimeRead(
      ExpressionTree argument, VisitorState state) {
    ExpressionTree[] found = {null};
    new OwnCode.PathScanner<Void, Void>() {
      @Override
      public Void visitMethodInvocation(MethodInvocationTree invocation, Void unused) {
        if (found[0] == null
            && (ELAPSED_READ.matches(invocation, state)
                || (CLOCK_READ.matches(invocation, state)
                    && computesElapsedTime(getCurrentPath(), state.getPath().getLeaf())))) {
          found[0] = invocation;
        }
        return super.visitMethodInvocation(invocation, unused);
      }
    }.scan(new TreePath(state.getPath(), argument), null);
    return Optional.ofNullable(found[0]);
  }

  /** Whether the value of {@code clockRead} flows into a subtraction or a between/until call. */
  private static boolean computesElapsedTime(TreePath clockRead, Tree registration) {
    for (TreePath parent = clockRead.getParentPath();
        parent != null && parent.getLeaf() != registration;
        parent = parent.getParentPath()) {
      Tree leaf = parent.getLeaf();
      if (leaf.getKind() == Tree.Kind.MINUS) {
        return true;
      }
      if (leaf instanceof MethodInvocationTree invocation) {
        Symbol method = getSymbol(invocation);
        if (method.getSimpleName().contentEquals("between")
            || method.getSimpleName().contentEquals("until")) {
          return true;
        }
      }
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------------
  // Findings

  private Description argumentFinding(
      ExpressionTree argument, Symbol variable, Tree assignment, VisitorState state) {
    return buildDescription(argument)
        .setMessage(
            String.format(
                "`%s` is evaluated now, at registration: the deferred call will see `%s` as it is"
                    + " here, not as assigned on line %d. Register after the last assignment, or"
                    + " defer a lambda that reads the value when it runs.",
                Sources.shortSource(argument, state, 60),
                variable.getSimpleName(),
                Sources.lineOf(assignment, state)))
        .build();
  }

  private Description receiverFinding(
      ExpressionTree receiver, Symbol variable, Tree assignment, VisitorState state) {
    String kind = Variables.isLocal(variable) ? "" : "field ";
    return buildDescription(receiver)
        .setMessage(
            String.format(
                "The method reference binds %s`%s` now, at registration: the deferred call acts on"
                    + " the object it holds here, and the one assigned on line %d is never handled."
                    + " Register each object as it is created (e.g. `scope.closing(...)`).",
                kind, variable.getSimpleName(), Sources.lineOf(assignment, state)))
        .build();
  }

  private Description clockFinding(
      MethodInvocationTree registration,
      ExpressionTree argument,
      ExpressionTree clockRead,
      VisitorState state) {
    Description.Builder finding =
        buildDescription(argument)
            .setMessage(
                String.format(
                    "`%s` is computed now, at registration, so the deferred call gets an elapsed"
                        + " time of about zero. Defer a lambda so that `%s` is read when the action"
                        + " runs.",
                    Sources.shortSource(argument, state, 60),
                    Sources.shortSource(clockRead, state, 40)));
    lateEvaluatingLambda(registration, state).ifPresent(finding::addFix);
    return finding.build();
  }

  /**
   * {@code scope.defer(fn, args)} rewritten as {@code scope.defer(() -> fn(args))}, which evaluates
   * everything when the action runs; only where every local it reads can be captured by a lambda.
   */
  private static Optional<SuggestedFix> lateEvaluatingLambda(
      MethodInvocationTree registration, VisitorState state) {
    List<? extends ExpressionTree> arguments = registration.getArguments();
    ExpressionTree action = stripParentheses(arguments.get(0));
    List<? extends ExpressionTree> values = arguments.subList(1, arguments.size());
    if (!arguments.stream().allMatch(Variables::capturableByLambda)) {
      return Optional.empty();
    }
    Optional<String> call = directCall(action, values, state);
    return call.map(
        text ->
            SuggestedFix.replace(
                getStartPosition(arguments.get(0)),
                state.getEndPosition(arguments.get(arguments.size() - 1)),
                "() -> " + text));
  }

  /** The call that {@code action} applied to {@code values} makes, as source text. */
  private static Optional<String> directCall(
      ExpressionTree action, List<? extends ExpressionTree> values, VisitorState state) {
    List<String> sources =
        values.stream().map(state::getSourceForNode).collect(Collectors.toList());
    if (action instanceof IdentifierTree && Variables.isLocal(getSymbol(action))) {
      return Optional.of(
          state.getSourceForNode(action) + ".accept(" + String.join(", ", sources) + ")");
    }
    if (!(action instanceof MemberReferenceTree reference)
        || reference.getMode() != MemberReferenceTree.ReferenceMode.INVOKE
        || reference.getTypeArguments() != null) {
      return Optional.empty();
    }
    Symbol method = getSymbol(reference);
    String qualifier = state.getSourceForNode(reference.getQualifierExpression());
    String name = reference.getName().toString();
    boolean typeQualified = boundReceiver(reference).isEmpty();
    if (typeQualified && !isStatic(method)) {
      // Type::instanceMethod: the first value is the receiver.
      if (sources.isEmpty()) {
        return Optional.empty();
      }
      String receiver =
          values.get(0) instanceof IdentifierTree ? sources.get(0) : "(" + sources.get(0) + ")";
      return Optional.of(
          receiver
              + "."
              + name
              + "("
              + String.join(", ", sources.subList(1, sources.size()))
              + ")");
    }
    return Optional.of(qualifier + "." + name + "(" + String.join(", ", sources) + ")");
  }
}
